// Real torch.onnx exports (opset 14) of tiny random BERT / RoBERTa / DistilBERT classifiers,
// written by fixtures/make_fixtures.py from the project's Optimum-like model code: prepared and
// checked like the synthetic families (forward invariance, finite-difference gradients,
// saliency norm, IG completeness, WebGPU allow-list), unpadded and with padding.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "iglens/prepare.h"
#include "support/prepared_check.h"

namespace iglens::testing {
namespace {

struct Fixture {
    const char* file;
    bool token_classification;
    bool needs_input_ids;
    bool has_token_type_ids;
};

std::string fixture_bytes(const char* file) {
    std::ifstream in(std::string(IGLENS_SOURCE_DIR) + "/tests/core/gradgraph/fixtures/" + file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class TorchExportTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(TorchExportTest, PreparedGraphIsExact) {
    const Fixture& f = GetParam();
    std::string bytes = fixture_bytes(f.file);
    ASSERT_FALSE(bytes.empty()) << f.file << " is missing (run fixtures/make_fixtures.py)";
    for (bool multi_label : {false, true}) {
        PrepareOptions options;
        options.problem_type = multi_label ? ProblemType::MultiLabel : ProblemType::SingleLabel;
        PreparedModel p = prepare_model(bytes, options);
        EXPECT_EQ(p.num_classes, 3);
        EXPECT_EQ(p.token_classification, f.token_classification);
        EXPECT_EQ(p.needs_input_ids, f.needs_input_ids);
        EXPECT_EQ(p.has_token_type_ids, f.has_token_type_ids);
        TextInput text;
        text.ids = {2, 17, 5, 33, 8, 21, 3};
        text.types = {0, 0, 0, 0, 1, 1, 1};
        check_prepared_model(bytes, p, text, options);
        TextInput padded = text;
        padded.ids.insert(padded.ids.end(), {0, 0});
        padded.types.insert(padded.types.end(), {0, 0});
        padded.mask.assign(text.ids.size(), 1);
        padded.mask.insert(padded.mask.end(), {0, 0});
        check_prepared_model(bytes, p, padded, options);
    }
}

INSTANTIATE_TEST_SUITE_P(Exports, TorchExportTest,
                         ::testing::Values(Fixture{"bert_sequence.onnx", false, false, true},
                                           Fixture{"roberta_sequence.onnx", false, true, false},
                                           Fixture{"distilbert_tokens.onnx", true, false, false},
                                           Fixture{"bert_tokens.onnx", true, false, true}),
                         [](const ::testing::TestParamInfo<Fixture>& info) {
                             std::string n = info.param.file;
                             return n.substr(0, n.find('.'));
                         });

}  // namespace
}  // namespace iglens::testing
