// Whole-model tests: tiny transformers reproducing each family's export pattern are prepared
// and checked (forward invariance, gradients by finite differences, saliency norm, IG
// completeness, WebGPU allow-list).
#include <gtest/gtest.h>

#include "iglens/error.h"
#include "iglens/onnx_model.h"
#include "iglens/prepare.h"
#include "support/graph_dsl.h"
#include "support/prepared_check.h"
#include "support/tiny_transformers.h"

namespace iglens::testing {
namespace {

TextInput sample_text(int64_t T = 6) {
    TextInput t;
    for (int64_t i = 0; i < T; ++i) t.ids.push_back((i * 11 + 3) % 29 + 1);
    t.ids[0] = 2;
    t.types.assign(static_cast<size_t>(T), 0);
    for (int64_t i = T / 2; i < T; ++i) t.types[i] = 1;
    return t;
}

PreparedModel prepare_and_check(const TinyConfig& config, const PrepareOptions& options = {}, const TextInput& text = sample_text()) {
    std::string bytes = onnx::write_model(make_tiny_transformer(config));
    PreparedModel p = prepare_model(bytes, options);
    SCOPED_TRACE(family_name(config.family));
    check_prepared_model(bytes, p, text, options);
    return p;
}

class FamilyTest : public ::testing::TestWithParam<Family> {};

TEST_P(FamilyTest, PreparedGraphIsExact) {
    TinyConfig c;
    c.family = GetParam();
    if (c.family == Family::DebertaV2) c.opset = 16;
    if (c.family == Family::Albert || c.family == Family::Electra) c.embed = 6;
    PreparedModel p = prepare_and_check(c);
    EXPECT_EQ(p.report.cut_node, "/embeddings/word_embeddings/Gather");
    EXPECT_EQ(p.num_classes, c.classes);
    EXPECT_FALSE(p.token_classification);
    EXPECT_EQ(p.needs_input_ids, c.family == Family::Roberta) << "only RoBERTa's position ids read input_ids";
    EXPECT_GT(p.report.backward_nodes, 50);
}

INSTANTIATE_TEST_SUITE_P(Families, FamilyTest,
                         ::testing::Values(Family::Bert, Family::DistilBert, Family::Roberta, Family::Albert,
                                           Family::Electra, Family::DebertaV2, Family::FusedOrt),
                         [](const ::testing::TestParamInfo<Family>& info) {
                             std::string n = family_name(info.param);
                             for (auto& ch : n)
                                 if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

TEST(Families, LayerNormalizationOpAtOpset17) {
    TinyConfig c;
    c.opset = 17;
    c.layer_norm_op = true;
    PreparedModel p = prepare_and_check(c);
    EXPECT_GT(p.report.differentiated_ops["LayerNormalization"], 0);
}

TEST(Families, Opset11Export) {
    TinyConfig c;
    c.opset = 11;
    prepare_and_check(c);
}

TEST(Families, MultiLabelUsesSigmoid) {
    TinyConfig c;
    PrepareOptions o;
    o.problem_type = ProblemType::MultiLabel;
    prepare_and_check(c, o);
}

TEST(Families, TokenClassification) {
    TinyConfig c;
    c.token_classification = true;
    c.family = Family::DistilBert;
    PreparedModel p = prepare_and_check(c);
    EXPECT_TRUE(p.token_classification);
}

TEST(Families, PaddedTextKeepsGradientsFinite) {
    TinyConfig c;
    c.family = Family::DebertaV2;
    c.opset = 16;
    TextInput t = sample_text();
    t.mask = {1, 1, 1, 1, 0, 0};
    prepare_and_check(c, {}, t);
}

TEST(Families, NegativeInfinityMaskWithPaddingStaysFinite) {
    // DeBERTa's XSoftmax with -inf: padded query rows are NaN before the second Where.
    TinyConfig c;
    c.family = Family::DebertaV2;
    c.opset = 16;
    c.negative_infinity_mask = true;
    TextInput t = sample_text();
    t.mask = {1, 1, 1, 1, 0, 0};
    prepare_and_check(c, {}, t);
}

TEST(Families, EveryAttentionSoftmaxIsAnOutput) {
    TinyConfig c;
    PreparedModel p = prepare_and_check(c);
    EXPECT_EQ(p.num_attention_outputs, c.layers);
    EXPECT_NE(std::find(p.report.outputs.begin(), p.report.outputs.end(), "attentions.1"), p.report.outputs.end());
}

TEST(Families, DebertaBeforeOpset16UsesTheOneHotForm) {
    // Optimum exports DeBERTa at opset 12: no ScatterElements(add), one-hot MatMul instead.
    for (int64_t opset : {12, 14}) {
        TinyConfig c;
        c.family = Family::DebertaV2;
        c.opset = opset;
        TextInput t = sample_text();
        t.mask = {1, 1, 1, 1, 1, 0};
        PreparedModel p = prepare_and_check(c, {}, t);
        EXPECT_EQ(p.report.differentiated_ops["GatherElements"], 2 * c.layers);
        onnx::Model m = onnx::read_model(p.onnx_bytes);
        for (const auto& n : m.graph.nodes) EXPECT_NE(n.op_type, "ScatterElements");
    }
}

TEST(Families, FusedAttentionIsDecomposed) {
    TinyConfig c;
    c.family = Family::FusedOrt;
    c.fused_attention = true;
    TextInput t = sample_text();
    t.mask = {1, 1, 1, 1, 1, 0};
    PreparedModel p = prepare_and_check(c, {}, t);
    const auto& d = p.report.decomposed_fused_ops;
    for (const char* want : {"com.microsoft.Attention x1", "com.microsoft.MultiHeadAttention x1", "com.microsoft.Gelu x1",
                             "com.microsoft.SkipLayerNormalization x4", "com.microsoft.BiasGelu x1", "com.microsoft.FastGelu x1"})
        EXPECT_NE(std::find(d.begin(), d.end(), want), d.end()) << want;
}

TEST(Families, FusedEmbedLayerNormalizationIsDecomposed) {
    TinyConfig c;
    c.family = Family::FusedOrt;
    c.fused_attention = true;
    c.embed_layer_norm = true;
    TextInput t = sample_text();
    t.mask = {1, 1, 1, 1, 0, 0};  // right padding: Attention reads EmbedLayerNormalization's lengths
    PreparedModel p = prepare_and_check(c, {}, t);
    const auto& d = p.report.decomposed_fused_ops;
    EXPECT_NE(std::find(d.begin(), d.end(), "com.microsoft.EmbedLayerNormalization x1"), d.end());
    EXPECT_FALSE(p.needs_input_ids);
}

TEST(Families, UnknownFusedOpIsRefusedByName) {
    TinyConfig c;
    c.family = Family::FusedOrt;
    onnx::Model m = make_tiny_transformer(c);
    for (auto& n : m.graph.nodes)
        if (n.op_type == "FastGelu") n.op_type = "QuickGelu";
    try {
        prepare_model(onnx::write_model(m), {});
        FAIL() << "expected a refusal";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("com.microsoft.QuickGelu"), std::string::npos) << e.what();
    }
}

TEST(Families, MinimalBagOfEmbeddingsWithoutMask) {
    // No attention_mask and no position embeddings: mean of word embeddings -> linear head.
    ModelBuilder b(14);
    std::mt19937 rng(5);
    b.input("input_ids", onnx::kInt64, {-1, -1});
    std::string words = b.op("Gather", {b.init_random("word_embeddings", {20, 4}, rng), "input_ids"});
    std::string mean = b.reduce("ReduceMean", words, {1}, 0);
    b.op("Gemm", {b.op("Tanh", {mean}), b.init_random("w", {2, 4}, rng), b.init_random("b", {2}, rng)},
         {onnx::Attribute::make_int("transB", 1)}, "logits");
    b.output("logits", onnx::kFloat, {-1, 2});
    std::string bytes = onnx::write_model(b.model());
    PreparedModel p = prepare_model(bytes, {});
    EXPECT_FALSE(p.needs_input_ids);
    EXPECT_EQ(p.num_attention_outputs, 0) << "no attention softmax, no attentions.<i> outputs";
    TextInput t;
    t.ids = {1, 5, 7, 19};
    check_prepared_model(bytes, p, t, {});
}

TEST(Families, InspectReadsStructure) {
    TinyConfig c;
    std::string bytes = onnx::write_model(make_tiny_transformer(c));
    ModelFacts f = inspect_model(bytes);
    EXPECT_TRUE(f.has_input_ids);
    EXPECT_TRUE(f.has_attention_mask);
    EXPECT_TRUE(f.has_token_type_ids);
    EXPECT_EQ(f.ai_onnx_opset, 14);
    EXPECT_EQ(f.logits_output, "logits");
    EXPECT_EQ(f.logits_rank, 2);
    EXPECT_EQ(f.num_classes, 3);
    c.family = Family::DistilBert;
    EXPECT_FALSE(inspect_model(onnx::write_model(make_tiny_transformer(c))).has_token_type_ids);
}

}  // namespace
}  // namespace iglens::testing
