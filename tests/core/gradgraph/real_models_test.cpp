// The torch exports shipped in models/ (models/README.md): prepared, then checked like the
// synthetic families (forward invariance, gradients by finite differences, saliency norm,
// IG completeness, WebGPU allow-list).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "iglens/onnx_model.h"
#include "iglens/prepare.h"
#include "support/prepared_check.h"

namespace iglens::testing {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool exists(const std::string& path) { return std::ifstream(path).good(); }

void check_model_folder(const std::string& folder, const std::vector<int64_t>& ids) {
    const std::string path = std::string(IGLENS_SOURCE_DIR) + "/models/" + folder + "/onnx/model.onnx";
    std::string bytes = read_file(path);
    ASSERT_FALSE(bytes.empty()) << path;
    PrepareOptions options;
    PreparedModel p = prepare_model(bytes, options, [&](const std::string& location) {
        return read_file(std::string(IGLENS_SOURCE_DIR) + "/models/" + folder + "/onnx/" + location);
    });
    EXPECT_EQ(p.num_classes, 2);
    EXPECT_FALSE(p.token_classification);
    EXPECT_NE(p.report.cut_node.find("word_embeddings"), std::string::npos) << p.report.cut_node;
    TextInput text;
    // Keep the ids inside whatever vocabulary the folder's model has.
    for (int64_t id : ids) text.ids.push_back(id % p.embeddings.vocab_size);
    PreparedCheckOptions check;
    check.tokens_to_probe = 3;
    check_prepared_model(bytes, p, text, options, check);
    // Padding rows: the mask is fed per text, so a padded tail must not change the logits of
    // the unpadded tokens' objective path (it is masked); the run itself must stay finite.
    TextInput padded = text;
    padded.ids.push_back(0);
    padded.ids.push_back(0);
    padded.mask.assign(text.ids.size(), 1);
    padded.mask.push_back(0);
    padded.mask.push_back(0);
    check_prepared_model(bytes, p, padded, options, check);
}

TEST(RealModels, TinyDistilBert) {
    // [CLS] + a few sentencepiece ids + [SEP] (models/tiny: CLS=2, SEP=3).
    check_model_folder("tiny", {2, 17, 345, 28, 901, 64, 5, 3});
}

TEST(RealModels, Sst2WhenPresent) {
    const std::string path = std::string(IGLENS_SOURCE_DIR) + "/models/sst2/onnx/model.onnx";
    if (!exists(path)) GTEST_SKIP() << "models/sst2 is not exported yet";
    check_model_folder("sst2", {2, 17, 345, 28, 901, 64, 5, 3});
}

}  // namespace
}  // namespace iglens::testing
