#include "iglens/prediction.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "iglens/error.h"

namespace iglens {
namespace {

TEST(Prediction, SoftmaxForSingleLabelModels) {
    ModelConfig config = parse_model_config(R"({"id2label":{"0":"NEGATIVE","1":"POSITIVE"}})");
    Prediction p = predict_from_logits(config, {1.0f, 3.0f});
    EXPECT_EQ(p.index, 1);
    EXPECT_EQ(p.label, "POSITIVE");
    EXPECT_NEAR(p.probabilities[1], 1.0 / (1.0 + std::exp(-2.0)), 1e-12);
    EXPECT_NEAR(p.probabilities[0] + p.probabilities[1], 1.0, 1e-12);
}

TEST(Prediction, SoftmaxIsStableForLargeLogits) {
    ModelConfig config = parse_model_config(R"({"id2label":{"0":"a","1":"b","2":"c"}})");
    Prediction p = predict_from_logits(config, {1000.0f, 999.0f, -1000.0f});
    EXPECT_EQ(p.index, 0);
    EXPECT_NEAR(p.probabilities[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-9);
    EXPECT_EQ(p.probabilities[2], 0.0);
}

TEST(Prediction, SigmoidPerLabelForMultiLabelModels) {
    ModelConfig config = parse_model_config(
        R"({"id2label":{"0":"joy","1":"anger"},"problem_type":"multi_label_classification"})");
    Prediction p = predict_from_logits(config, {0.0f, 2.0f});
    EXPECT_NEAR(p.probabilities[0], 0.5, 1e-12);
    EXPECT_NEAR(p.probabilities[1], 1.0 / (1.0 + std::exp(-2.0)), 1e-12);
}

TEST(Prediction, RejectsNonFiniteLogitsAndMismatchedLabelCounts) {
    ModelConfig config = parse_model_config(R"({"id2label":{"0":"a","1":"b"}})");
    EXPECT_THROW(predict_from_logits(config, {std::numeric_limits<float>::quiet_NaN(), 1.0f}), Error);
    EXPECT_THROW(predict_from_logits(config, {std::numeric_limits<float>::infinity(), 1.0f}), Error);
    EXPECT_THROW(predict_from_logits(config, {1.0f, 2.0f, 3.0f}), Error);
}

}  // namespace
}  // namespace iglens
