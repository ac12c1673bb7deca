// The model folders shipped in models/ (models/README.md), each as a user's exported model:
// the exported-model layout within the size limit, the folder's own tokenizer feeding native
// ONNX Runtime, and the prepared graph checked against the original model on real text
// (forward invariance, gradients by finite differences, saliency norm, IG completeness, WebGPU
// allow-list). Every folder with a config.json is covered, so a new model is tested on arrival.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "iglens/explainer.h"
#include "iglens/model_config.h"
#include "iglens/model_inputs.h"
#include "iglens/tokenizer.h"
#include "model_folder.h"
#include "ort_runner.h"
#include "support/prepared_check.h"
#include "support/shipped_models.h"

namespace iglens::testing {
namespace {

namespace fs = std::filesystem;

const fs::path& kModels = shipped_models_dir();

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A sentence every model's tokenizer covers, and a second one for pair models' second segment.
const char* kText = "The film's ending, a quiet reunion in Paris, moved me more than I expected.";
const char* kSecondText = "Someone liked a movie.";

bool is_pair_model(const ModelConfig& config) {
    return std::find(config.labels.begin(), config.labels.end(), "entailment") != config.labels.end();
}

class ShippedModel : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        folder_ = read_model_folder((kModels / GetParam()).string());
        config_ = parse_model_config(folder_.file("config.json"));
        tokenizer_ = load_tokenizer(folder_.files);
        encoding_ = is_pair_model(config_) ? tokenizer_->encode_pair(kText, kSecondText) : tokenizer_->encode(kText);
    }

    ModelFolder folder_;
    ModelConfig config_;
    std::unique_ptr<Tokenizer> tokenizer_;
    Encoding encoding_;
};

TEST(ShippedModels, EveryModelTheReadmeNamesShips) {
    const std::vector<std::string> expected = {"conll-ner", "esnli-nli", "goemotions", "sst2", "tiny"};
    EXPECT_EQ(shipped_model_names(), expected);
    const std::string readme = read_text(kModels / "README.md");
    for (const auto& name : expected)
        EXPECT_NE(readme.find("`" + name + "/`"), std::string::npos) << "models/README.md does not list " << name;
}

TEST_P(ShippedModel, HasTheExportedLayoutWithinTenMegabytes) {
    const fs::path dir = kModels / GetParam();
    EXPECT_TRUE(fs::exists(dir / "onnx/model.onnx"));
    EXPECT_TRUE(fs::exists(dir / "tokenizer_config.json"));
    EXPECT_TRUE(fs::exists(dir / "tokenizer.json") || fs::exists(dir / "spiece.model"));
    EXPECT_FALSE(config_.labels.empty()) << "config.json has no id2label";
    uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().filename() != "model_iglens.onnx") bytes += entry.file_size();
    EXPECT_LE(bytes, 10u * 1000 * 1000) << GetParam() << " is over the 10 MB a shipped model may take";
    const std::string card = read_text(dir / "README.md");
    EXPECT_NE(card.find("model-index:"), std::string::npos) << "the model card has no model-index metric";
    EXPECT_NE(card.find("models/recipes/evaluate.mjs " + GetParam()), std::string::npos)
        << "the model card does not say how to reproduce its figure";
}

// A reader that builds inputs from config.json alone must get the ids the tokenizer uses.
TEST_P(ShippedModel, ConfigNamesTheTokenizersSpecialIdsAndProblemType) {
    const auto config = nlohmann::json::parse(folder_.file("config.json"));
    const std::pair<const char*, std::optional<int32_t>> ids[] = {{"pad_token_id", tokenizer_->pad_id()},
                                                                  {"cls_token_id", tokenizer_->cls_id()},
                                                                  {"sep_token_id", tokenizer_->sep_id()},
                                                                  {"mask_token_id", tokenizer_->mask_id()}};
    for (const auto& [key, from_tokenizer] : ids) {
        ASSERT_TRUE(config.contains(key) && config[key].is_number_integer()) << "config.json has no " << key;
        ASSERT_TRUE(from_tokenizer.has_value()) << "the tokenizer has no token for " << key;
        EXPECT_EQ(config[key].get<int64_t>(), *from_tokenizer) << key;
    }
    const std::string problem = config.value("problem_type", "");
    EXPECT_EQ(problem, config_.task == Task::MultiLabelClassification ? "multi_label_classification"
                                                                      : "single_label_classification");
}

TEST_P(ShippedModel, RunsOnNativeOnnxRuntimeWithItsOwnTokenizer) {
    ASSERT_FALSE(encoding_.truncated);
    OrtRunner runner = OrtRunner::from_file(folder_.onnx_path());
    const Tensor logits = find_tensor(runner.run(model_inputs(encoding_, runner.input_names()), {"logits"}), "logits");
    const int64_t tokens = static_cast<int64_t>(encoding_.tokens.size());
    const int64_t classes = static_cast<int64_t>(config_.labels.size());
    const std::vector<int64_t> expected_shape =
        config_.task == Task::TokenClassification ? std::vector<int64_t>{1, tokens, classes} : std::vector<int64_t>{1, classes};
    EXPECT_EQ(logits.shape, expected_shape);
    for (float v : logits.f32) EXPECT_TRUE(std::isfinite(v));
}

TEST_P(ShippedModel, PreparedGraphIsExactOnRealText) {
    const std::string original = read_file_bytes(folder_.onnx_path());
    PreparedModel prepared = prepare_for_config(config_, original, external_data_loader(folder_));
    EXPECT_EQ(prepared.num_classes, static_cast<int64_t>(config_.labels.size()));
    EXPECT_EQ(prepared.token_classification, config_.task == Task::TokenClassification);
    EXPECT_NE(prepared.report.cut_node.find("word_embeddings"), std::string::npos) << prepared.report.cut_node;
    EXPECT_TRUE(prepared.report.ops_outside_allow_list.empty());

    PrepareOptions options;
    options.problem_type =
        config_.task == Task::MultiLabelClassification ? ProblemType::MultiLabel : ProblemType::SingleLabel;
    TextInput text{encoding_.input_ids(), {}, encoding_.token_type_ids()};
    PreparedCheckOptions check;
    check.tokens_to_probe = 3;
    check.completeness_intervals = 256;
    check_prepared_model(original, prepared, text, options, check);
    // A right-padded tail (mask 0) must leave every check intact: the mask is fed per text.
    TextInput padded = text;
    padded.mask.assign(text.ids.size(), 1);
    for (int i = 0; i < 2; ++i) {
        padded.ids.push_back(tokenizer_->pad_id().value_or(0));
        padded.mask.push_back(0);
        padded.types.push_back(0);
    }
    check_prepared_model(original, prepared, padded, options, check);
}

INSTANTIATE_TEST_SUITE_P(Models, ShippedModel, ::testing::ValuesIn(shipped_model_names()),
                         [](const auto& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

}  // namespace
}  // namespace iglens::testing
