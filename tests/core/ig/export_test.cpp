#include <gtest/gtest.h>

#include <cmath>

#include "iglens/error.h"
#include "iglens/explain_result.h"
#include "job_fixture.h"

namespace iglens::testing {
namespace {

Attribution sample_attribution(ExplainRequest request = hello_world_request()) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 401);
    ExplainOptions options = fixed_steps(Quadrature::GaussLegendre, 16);
    options.targets = {Target{1, -1}, Target{0, -1}};
    return explain(model, vocabulary, options, std::move(request));
}

TEST(JsonExport, HasTheDocumentedFields) {
    Attribution attribution = sample_attribution();
    attribution.timings_ms.emplace_back("model_runs", 12.5);
    const nlohmann::json json = attribution_to_json(attribution, Normalization::L2);
    for (const char* key : {"label", "index", "probabilities"}) EXPECT_TRUE(json["prediction"].contains(key)) << key;
    EXPECT_EQ(json["prediction"]["probabilities"].size(), 2u);
    EXPECT_EQ(json["target"]["index"], 1);
    EXPECT_EQ(json["target"]["label"], "label_1");
    ASSERT_EQ(json["tokens"].size(), 5u);
    for (const char* key : {"text", "start", "end", "special", "score", "normalized"})
        EXPECT_TRUE(json["tokens"][2].contains(key)) << key;
    EXPECT_EQ(json["tokens"][0]["special"], true);
    EXPECT_EQ(json["tokens"][3]["text"], "##ld");
    EXPECT_DOUBLE_EQ(json["tokens"][2]["score"].get<double>(), attribution.targets[0].token_scores[2]);
    ASSERT_EQ(json["words"].size(), 2u);
    EXPECT_EQ(json["words"][1]["text"], "world");
    EXPECT_EQ(json["words"][1]["start"], 6);
    EXPECT_EQ(json["words"][1]["end"], 11);
    EXPECT_DOUBLE_EQ(json["words"][1]["score"].get<double>(), attribution.targets[0].word_scores[1]);
    for (const char* key : {"f_input", "f_baseline", "sum", "abs_error", "rel_error"})
        EXPECT_TRUE(json["completeness"].contains(key)) << key;
    EXPECT_TRUE(json["completeness"]["rel_error"].is_number());
    EXPECT_EQ(json["steps"], 16);
    EXPECT_EQ(json["method"], "integrated_gradients");
    EXPECT_EQ(json["quadrature"], "gausslegendre");
    EXPECT_EQ(json["baseline"]["kind"], "mask");  // the default, resolved: results never say "auto"
    EXPECT_EQ(json["objective"], "logit");
    EXPECT_EQ(json["normalization"], "l2");
    EXPECT_EQ(json["timings_ms"]["model_runs"], 12.5);
    EXPECT_TRUE(json["timings_ms"].contains("engine"));
    ASSERT_EQ(json["targets"].size(), 2u);
    EXPECT_EQ(json["targets"][1]["target"]["index"], 0);
    // Normalised values are a unit-L2 vector; raw scores are untouched.
    double norm = 0.0;
    for (const auto& token : json["tokens"]) norm += std::pow(token["normalized"].get<double>(), 2);
    EXPECT_NEAR(norm, 1.0, 1e-12);
    EXPECT_NO_THROW(json.dump());
}

TEST(JsonExport, UndefinedRelativeErrorIsNull) {
    ExplainRequest request = hello_world_request();
    for (TokenInfo& token : request.tokens) token.special = true;
    const nlohmann::json json = attribution_to_json(sample_attribution(request));
    EXPECT_TRUE(json["completeness"]["rel_error"].is_null());
    EXPECT_EQ(json["completeness"]["abs_error"], 0.0);
}

TEST(JsonExport, InvalidUtf8TextStillExports) {
    ExplainRequest request = hello_world_request();
    request.text = "hello w\xffrld";
    request.tokens[2].text = "w\xff";
    const nlohmann::json json = attribution_to_json(sample_attribution(request));
    std::string dumped;
    ASSERT_NO_THROW(dumped = json.dump());
    EXPECT_NE(dumped.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(Normalization, ModesScaleAsDocumented) {
    const std::vector<double> scores = {3.0, -4.0, 0.0, 1.0};
    EXPECT_EQ(normalized_scores(scores, Normalization::Raw), scores);
    const std::vector<double> l1 = normalized_scores(scores, Normalization::L1);
    EXPECT_DOUBLE_EQ(l1[0], 3.0 / 8.0);
    EXPECT_DOUBLE_EQ(l1[1], -0.5);
    const std::vector<double> l2 = normalized_scores(scores, Normalization::L2);
    EXPECT_DOUBLE_EQ(l2[1], -4.0 / std::sqrt(26.0));
    const std::vector<double> max_abs = normalized_scores(scores, Normalization::MaxAbs);
    EXPECT_DOUBLE_EQ(max_abs[1], -1.0);
    EXPECT_DOUBLE_EQ(max_abs[0], 0.75);
    const std::vector<double> zeros(3, 0.0);
    for (Normalization mode : {Normalization::L1, Normalization::L2, Normalization::MaxAbs}) {
        EXPECT_EQ(normalized_scores(zeros, mode), zeros);
        EXPECT_EQ(parse_normalization(normalization_name(mode)), mode);
    }
    EXPECT_THROW(parse_normalization("softmax"), Error);
}

TEST(HtmlExport, EscapesEveryText) {
    const std::string attack = "<img src=x onerror=alert(1)>";
    ExplainRequest request = hello_world_request();
    request.text = attack + " world";
    request.tokens[1] = TokenInfo{attack, 0, static_cast<int64_t>(attack.size()), false, 0};
    request.tokens[2].start += attack.size() - 5;
    request.tokens[2].end += attack.size() - 5;
    request.tokens[3].start += attack.size() - 5;
    request.tokens[3].end += attack.size() - 5;
    Attribution attribution = sample_attribution(request);
    attribution.prediction.label = "\"><script>alert(2)</script>";
    attribution.targets[0].label = "'onmouseover='x";
    const std::string html = attribution_to_html(attribution);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("'onmouseover"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_NE(html.find("&quot;&gt;&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("world"), std::string::npos);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(html_escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&#39;");
}

TEST(HtmlExport, ColoursFollowTheSignAndShowCompleteness) {
    const Attribution attribution = sample_attribution();
    const std::string html = attribution_to_html(attribution, Normalization::MaxAbs);
    // The strongest token is fully saturated in blue (supports) or orange (opposes).
    const bool saturated_token = html.find("class=\"t\" style=\"background:rgb(33,102,172)") != std::string::npos ||
                                 html.find("class=\"t\" style=\"background:rgb(230,97,1)") != std::string::npos;
    EXPECT_TRUE(saturated_token);
    // Special tokens are zero: white.
    EXPECT_NE(html.find("class=\"t special\" style=\"background:rgb(255,255,255)"), std::string::npos);
    EXPECT_NE(html.find("Completeness"), std::string::npos);
    EXPECT_NE(html.find("label_1"), std::string::npos);
    EXPECT_NE(html.find("label_0"), std::string::npos);
}

}  // namespace
}  // namespace iglens::testing
