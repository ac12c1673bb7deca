#include "iglens/model_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "iglens/error.h"

namespace iglens {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(ModelConfig, ReadsTheRealDistilbertSst2Config) {
    auto config = parse_model_config(read_file(IGLENS_SHARED_DIR "/tokenizers/hf-distilbert-sst2-config/config.json"));
    EXPECT_EQ(config.model_type, "distilbert");
    EXPECT_EQ(config.task, Task::SequenceClassification);
    ASSERT_EQ(config.labels.size(), 2u);
    EXPECT_EQ(config.labels[0], "NEGATIVE");
    EXPECT_EQ(config.labels[1], "POSITIVE");
    EXPECT_EQ(config.hidden_size, 768);
    EXPECT_EQ(config.intermediate_size, 3072);
    EXPECT_EQ(config.num_layers, 6);
    EXPECT_EQ(config.num_heads, 12);
    EXPECT_EQ(config.max_position_embeddings, 512);
    EXPECT_EQ(config.pad_token_id, 0);
}

TEST(ModelConfig, InfersTasks) {
    EXPECT_EQ(parse_model_config(R"({"id2label":{"0":"a","1":"b"},"problem_type":"multi_label_classification"})").task,
              Task::MultiLabelClassification);
    EXPECT_EQ(parse_model_config(R"({"id2label":{"0":"O"},"architectures":["BertForTokenClassification"]})").task,
              Task::TokenClassification);
    EXPECT_EQ(parse_model_config(R"({"architectures":["BertForQuestionAnswering"]})").task, Task::QuestionAnswering);
}

TEST(ModelConfig, RobertaLosesTheTwoPaddingPositions) {
    auto config = parse_model_config(R"({"model_type":"roberta","max_position_embeddings":514,"id2label":{"0":"x"}})");
    EXPECT_EQ(config.max_position_embeddings, 512);
}

TEST(ModelConfig, ResolvesLabelsByNameOrIndex) {
    auto config = parse_model_config(R"({"id2label":{"0":"NEGATIVE","1":"POSITIVE"}})");
    EXPECT_EQ(config.label_index("POSITIVE"), 1);
    EXPECT_EQ(config.label_index("0"), 0);
    try {
        config.label_index("neutral");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("0=NEGATIVE, 1=POSITIVE"), std::string::npos) << e.what();
    }
    EXPECT_THROW(config.label_index("2"), Error);
}

TEST(ModelConfig, RejectsMalformedConfigsClearly) {
    EXPECT_THROW(parse_model_config(""), Error);
    EXPECT_THROW(parse_model_config("{\"id2label\": {\"0\": "), Error);
    EXPECT_THROW(parse_model_config("[1,2]"), Error);
    EXPECT_THROW(parse_model_config(R"({"model_type":"bert"})"), Error);  // no labels
    EXPECT_THROW(parse_model_config(R"({"id2label":{"zero":"a"}})"), Error);
    EXPECT_THROW(parse_model_config(R"({"id2label":{"5":"a"}})"), Error);
}

}  // namespace
}  // namespace iglens
