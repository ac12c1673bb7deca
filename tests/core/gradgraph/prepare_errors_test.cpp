// prepare_model on models it must refuse: each refusal is an iglens::Error that names the
// problem. Plus bounded-time fuzzing of prepare_model over mutated models.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "iglens/error.h"
#include "iglens/onnx_model.h"
#include "iglens/prepare.h"
#include "support/graph_dsl.h"
#include "support/tiny_transformers.h"

namespace iglens::testing {
namespace {

std::string refusal(const onnx::Model& m) {
    try {
        prepare_model(onnx::write_model(m), {});
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected prepare_model to refuse the model";
    return "";
}

TEST(PrepareErrors, OpsetAndIrVersionOutOfRange) {
    onnx::Model m = make_tiny_transformer({});
    m.opsets[0].version = 9;
    EXPECT_NE(refusal(m).find("opset 9"), std::string::npos);
    m.opsets[0].version = 18;
    EXPECT_NE(refusal(m).find("opset 18"), std::string::npos);
    m = make_tiny_transformer({});
    m.ir_version = 10;
    EXPECT_NE(refusal(m).find("IR version 10"), std::string::npos);
}

TEST(PrepareErrors, CycleIsReported) {
    onnx::Model m = make_tiny_transformer({});
    // Feed the last node's output back into an early node.
    auto& nodes = m.graph.nodes;
    for (auto& n : nodes)
        if (n.op_type == "Add") {
            n.inputs[1] = nodes.back().outputs[0];
            break;
        }
    std::string why = refusal(m);
    EXPECT_NE(why.find("cycle"), std::string::npos) << why;
}

TEST(PrepareErrors, MissingProducerIsReported) {
    onnx::Model m = make_tiny_transformer({});
    m.graph.nodes[3].inputs[0] = "nowhere";
    std::string why = refusal(m);
    EXPECT_NE(why.find("nowhere"), std::string::npos) << why;
}

TEST(PrepareErrors, NoWordEmbeddingLookup) {
    ModelBuilder b(14);
    b.input("input_ids", onnx::kInt64, {-1, -1});
    b.input("attention_mask", onnx::kInt64, {-1, -1});
    b.op("Cast", {"input_ids"}, {onnx::Attribute::make_int("to", onnx::kFloat)}, "logits");
    b.output("logits", onnx::kFloat, {-1, -1});
    std::string why = refusal(b.model());
    EXPECT_NE(why.find("word-embedding"), std::string::npos) << why;
}

TEST(PrepareErrors, HalfPrecisionTableIsRefused) {
    onnx::Model m = make_tiny_transformer({});
    for (auto& t : m.graph.initializers)
        if (t.name == "embeddings.word_embeddings.weight") {
            std::vector<float> v = t.to_floats();
            t = onnx::TensorData::of_type(onnx::kFloat16, t.name, t.dims, std::vector<double>(v.begin(), v.end()));
        }
    std::string why = refusal(m);
    EXPECT_NE(why.find("float32"), std::string::npos) << why;
}

TEST(PrepareErrors, QuantizedMatMulIsRefusedWithAdvice) {
    // Dynamic quantization (as in model_quantized.onnx): DynamicQuantizeLinear + MatMulInteger.
    onnx::Model m = make_tiny_transformer({});
    for (auto& n : m.graph.nodes)
        if (n.op_type == "MatMul") {
            n.op_type = "DynamicQuantizeLinear";
            n.inputs.resize(1);
            break;
        }
    std::string why = refusal(m);
    EXPECT_NE(why.find("quantized"), std::string::npos) << why;
    EXPECT_NE(why.find("model.onnx"), std::string::npos) << why;
}

TEST(PrepareErrors, UnknownDomainIsRefused) {
    onnx::Model m = make_tiny_transformer({});
    m.graph.nodes[5].domain = "org.example";
    std::string why = refusal(m);
    EXPECT_NE(why.find("org.example"), std::string::npos) << why;
}

TEST(PrepareErrors, MalformedFusedAttentionIsRefusedByName) {
    onnx::Model m = make_tiny_transformer({});
    m.graph.nodes[10].domain = "com.microsoft";
    m.graph.nodes[10].op_type = "Attention";
    std::string why = refusal(m);
    EXPECT_NE(why.find("com.microsoft.Attention"), std::string::npos) << why;
    EXPECT_NE(why.find(m.graph.nodes[10].name), std::string::npos) << why;
}

TEST(PrepareFuzz, ByteMutatedModelsInspectOrFailCleanly) {
    TinyConfig config;
    config.layers = 1;
    const std::string valid = onnx::write_model(make_tiny_transformer(config));
    const char* seed_env = std::getenv("IGLENS_FUZZ_SEED");
    std::mt19937 rng(seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 4242u);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    int runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string bytes = valid;
        for (int e = 0; e < 3; ++e) bytes[rng() % bytes.size()] = static_cast<char>(rng() & 0xff);
        if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
        try {
            inspect_model(bytes);
        } catch (const Error&) {
        } catch (const std::exception& e) {
            FAIL() << "inspect_model raised a non-iglens exception: " << e.what();
        }
        ++runs;
    }
    EXPECT_GT(runs, 10);
}

TEST(PrepareFuzz, MutatedModelsPrepareOrFailCleanly) {
    TinyConfig config;
    config.layers = 1;
    onnx::Model base = make_tiny_transformer(config);
    const std::string valid = onnx::write_model(base);
    // IGLENS_FUZZ_SEED picks another reproducible run.
    const char* seed_env = std::getenv("IGLENS_FUZZ_SEED");
    std::mt19937 rng(seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 777u);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
    int prepared = 0, refused = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        // Structural mutations (rewired inputs, changed ops and attributes) reach deeper than
        // byte flips, which the loader fuzz covers.
        onnx::Model m = base;
        auto& nodes = m.graph.nodes;
        int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) {
            onnx::Node& n = nodes[rng() % nodes.size()];
            switch (rng() % 5) {
                case 0:
                    if (!n.inputs.empty()) n.inputs[rng() % n.inputs.size()] = nodes[rng() % nodes.size()].outputs[0];
                    break;
                case 1: {
                    static const char* ops[] = {"Add", "Mul", "Transpose", "Reshape", "Softmax", "Gather", "MatMul", "Sin", "Concat"};
                    n.op_type = ops[rng() % 9];
                    break;
                }
                case 2:
                    for (auto& a : n.attributes) {
                        a.i = static_cast<int64_t>(rng() % 9) - 4;
                        for (auto& v : a.ints) v = static_cast<int64_t>(rng() % 9) - 4;
                    }
                    break;
                case 3:
                    if (!n.inputs.empty()) n.inputs.pop_back();
                    break;
                case 4: {
                    auto& t = m.graph.initializers[rng() % m.graph.initializers.size()];
                    if (!t.dims.empty()) t.dims[0] = static_cast<int64_t>(rng() % 4);
                    t.raw.resize(static_cast<size_t>(t.numel()) * onnx::elem_size(t.data_type));
                    break;
                }
            }
        }
        try {
            std::string bytes = onnx::write_model(m);
            inspect_model(bytes);
            prepare_model(bytes, {});
            ++prepared;
        } catch (const Error&) {
            ++refused;
        } catch (const std::exception& e) {
            FAIL() << "a mutated model raised a non-iglens exception: " << e.what();
        }
    }
    EXPECT_GT(prepared + refused, 10);  // sanitizer builds run far fewer
    EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace iglens::testing
