#include "support/tiny_transformers.h"

#include <cmath>
#include <limits>
#include <random>

#include "support/graph_dsl.h"

namespace iglens::testing {

using onnx::Attribute;

const char* family_name(Family f) {
    switch (f) {
        case Family::Bert: return "bert";
        case Family::DistilBert: return "distilbert";
        case Family::Roberta: return "roberta";
        case Family::Albert: return "albert";
        case Family::Electra: return "electra";
        case Family::DebertaV2: return "deberta-v2";
        case Family::FusedOrt: return "bert-ort-fused";
    }
    return "?";
}

namespace {

class Tiny {
public:
    explicit Tiny(const TinyConfig& c) : c_(c), b_(c.opset, onnx::kFloat), rng_(c.seed) {}

    onnx::Model build();

private:
    std::string w(const std::string& name, std::vector<int64_t> dims, double scale = 0.3) {
        return b_.init_random(name, dims, rng_, scale);
    }
    std::string ints(const std::vector<int64_t>& v) {
        return b_.init_ints("c" + std::to_string(counter_++), {static_cast<int64_t>(v.size())}, v);
    }
    std::string int_scalar(int64_t v) { return b_.init_ints("c" + std::to_string(counter_++), {}, {v}); }
    std::string f(double v) { return b_.scalar(v); }
    float mask_fill() const {
        return c_.negative_infinity_mask ? -std::numeric_limits<float>::infinity() : -3.4028234663852886e38f;
    }

    std::string linear(const std::string& x, int64_t in, int64_t out, const std::string& name) {
        std::string y = b_.op("MatMul", {x, w(name + ".weight", {in, out})}, {}, "");
        return b_.op("Add", {y, w(name + ".bias", {out}, 0.1)});
    }
    // torch-style dim i of x as a 1-element tensor: Unsqueeze(Gather(Shape(x), i)).
    std::string dim(const std::string& x, int64_t i) {
        return b_.unsqueeze(b_.op("Gather", {b_.op("Shape", {x}), int_scalar(i)}, {Attribute::make_int("axis", 0)}), {0});
    }
    std::string layer_norm(const std::string& x, int64_t size, const std::string& name, double eps = 1e-12) {
        std::string gamma = b_.init_floats(name + ".weight", {size}, ones(size, 0.2));
        std::string beta = w(name + ".bias", {size}, 0.1);
        if (c_.layer_norm_op)
            return b_.op("LayerNormalization", {x, gamma, beta},
                         {Attribute::make_int("axis", -1), Attribute::make_float("epsilon", static_cast<float>(eps))});
        std::string mean = b_.reduce("ReduceMean", x, {-1}, 1);
        std::string centered = b_.op("Sub", {x, mean});
        std::string var = b_.reduce("ReduceMean", b_.op("Pow", {centered, f(2.0)}), {-1}, 1);
        std::string std_ = b_.op("Sqrt", {b_.op("Add", {var, f(eps)})});
        std::string normed = b_.op("Div", {centered, std_});
        return b_.op("Add", {b_.op("Mul", {normed, gamma}), beta});
    }
    std::vector<double> ones(int64_t n, double jitter) {
        std::normal_distribution<double> d(1.0, jitter);
        std::vector<double> v(static_cast<size_t>(n));
        for (auto& x : v) x = d(rng_);
        return v;
    }
    std::string gelu_erf(const std::string& x) {
        std::string e = b_.op("Erf", {b_.op("Div", {x, f(1.4142135381698608)})});
        return b_.op("Mul", {b_.op("Mul", {x, b_.op("Add", {e, f(1.0)})}), f(0.5)});
    }
    std::string gelu_tanh(const std::string& x) {
        std::string cube = b_.op("Pow", {x, f(3.0)});
        std::string inner = b_.op("Mul", {b_.op("Add", {x, b_.op("Mul", {cube, f(0.044715)})}), f(0.7978845608028654)});
        return b_.op("Mul", {b_.op("Mul", {x, f(0.5)}), b_.op("Add", {b_.op("Tanh", {inner}), f(1.0)})});
    }
    // [B,T,H] -> [B,heads,T,dh]
    std::string split_heads(const std::string& x) {
        std::string shape = b_.op("Concat", {dim(x, 0), dim(x, 1), ints({c_.heads}), ints({c_.hidden / c_.heads})},
                                  {Attribute::make_int("axis", 0)});
        return b_.op("Transpose", {b_.op("Reshape", {x, shape})}, {Attribute::make_ints("perm", {0, 2, 1, 3})});
    }
    std::string merge_heads(const std::string& ctx, const std::string& like) {
        std::string t = b_.op("Transpose", {ctx}, {Attribute::make_ints("perm", {0, 2, 1, 3})});
        std::string shape = b_.op("Concat", {dim(like, 0), dim(like, 1), ints({c_.hidden})}, {Attribute::make_int("axis", 0)});
        return b_.op("Reshape", {t, shape});
    }
    std::string attention(const std::string& h, const std::string& mask_add, const std::string& mask_bool,
                          const std::string& name);
    std::string encoder_layer(const std::string& h, const std::string& mask_add, const std::string& mask_bool,
                              const std::string& name);
    std::string fused_encoder_layer(const std::string& h, const std::string& mask_add, const std::string& name);
    std::string build_embeddings();
    std::string build_fused_embeddings_tensor();
    onnx::Model build_fused_embeddings();
    onnx::Model build_rest(std::string h);
    std::string mask_index_;  // EmbedLayerNormalization's 1-D mask_index, when used

    const TinyConfig& c_;
    ModelBuilder b_;
    std::mt19937 rng_;
    int counter_ = 0;
    // DeBERTa relative-position pieces shared by the layers.
    std::string rel_index_c2p_, rel_index_p2c_, rel_embeddings_;
    int64_t span_ = 4;
};

std::string Tiny::attention(const std::string& h, const std::string& mask_add, const std::string& mask_bool,
                            const std::string& name) {
    const int64_t dh = c_.hidden / c_.heads;
    std::string q = split_heads(linear(h, c_.hidden, c_.hidden, name + ".query"));
    std::string k = split_heads(linear(h, c_.hidden, c_.hidden, name + ".key"));
    std::string v = split_heads(linear(h, c_.hidden, c_.hidden, name + ".value"));
    std::string kt = b_.op("Transpose", {k}, {Attribute::make_ints("perm", {0, 1, 3, 2})});
    std::string scores;
    if (c_.family == Family::DistilBert) {
        q = b_.op("Div", {q, f(std::sqrt(static_cast<double>(dh)))});
        scores = b_.op("MatMul", {q, kt});
        std::string minimum = b_.constant(onnx::TensorData::floats("", {}, {mask_fill()}));
        scores = b_.op("Where", {mask_bool, minimum, scores});
        std::string probs = b_.op("Softmax", {scores}, {Attribute::make_int("axis", -1)});
        std::string ctx = b_.op("MatMul", {probs, v});
        return linear(merge_heads(ctx, h), c_.hidden, c_.hidden, name + ".out");
    }
    if (c_.family == Family::DebertaV2) {
        // scale = sqrt(dh * 3): content, c2p and p2c terms.
        std::string scale = f(std::sqrt(static_cast<double>(dh) * 3.0));
        scores = b_.op("Div", {b_.op("MatMul", {q, kt}), scale});
        // Relative position projections (inactive: from an initializer through shared weights).
        std::string pos_k = split_heads(b_.unsqueeze(linear(rel_embeddings_, c_.hidden, c_.hidden, name + ".pos_key"), {0}));
        std::string pos_q = split_heads(b_.unsqueeze(linear(rel_embeddings_, c_.hidden, c_.hidden, name + ".pos_query"), {0}));
        // c2p[b,h,i,j] = (q_i · pos_k[idx(i,j)]) : GatherElements over the 2*span axis.
        std::string c2p_att = b_.op("MatMul", {q, b_.op("Transpose", {pos_k}, {Attribute::make_ints("perm", {0, 1, 3, 2})})});
        std::string idx_shape = b_.op("Concat", {dim(q, 0), dim(q, 1), dim(q, 2), dim(q, 2)}, {Attribute::make_int("axis", 0)});
        std::string c2p_idx = b_.op("Expand", {rel_index_c2p_, idx_shape});
        std::string c2p = b_.op("GatherElements", {c2p_att, c2p_idx}, {Attribute::make_int("axis", -1)});
        std::string p2c_att = b_.op("MatMul", {k, b_.op("Transpose", {pos_q}, {Attribute::make_ints("perm", {0, 1, 3, 2})})});
        std::string p2c_idx = b_.op("Expand", {rel_index_p2c_, idx_shape});
        std::string p2c = b_.op("Transpose", {b_.op("GatherElements", {p2c_att, p2c_idx}, {Attribute::make_int("axis", -1)})},
                                {Attribute::make_ints("perm", {0, 1, 3, 2})});
        scores = b_.op("Add", {scores, b_.op("Div", {b_.op("Add", {c2p, p2c}), scale})});
        // XSoftmax: Where(mask, min, s) -> Softmax -> Where(mask, 0, p).
        std::string minimum = b_.constant(onnx::TensorData::floats("", {}, {mask_fill()}));
        std::string masked = b_.op("Where", {mask_bool, minimum, scores});
        std::string probs = b_.op("Softmax", {masked}, {Attribute::make_int("axis", -1)});
        probs = b_.op("Where", {mask_bool, f(0.0), probs});
        std::string ctx = b_.op("MatMul", {probs, v});
        return linear(merge_heads(ctx, h), c_.hidden, c_.hidden, name + ".out");
    }
    scores = b_.op("Div", {b_.op("MatMul", {q, kt}), f(std::sqrt(static_cast<double>(dh)))});
    scores = b_.op("Add", {scores, mask_add});
    std::string probs = b_.op("Softmax", {scores}, {Attribute::make_int("axis", -1)});
    std::string ctx = b_.op("MatMul", {probs, v});
    return linear(merge_heads(ctx, h), c_.hidden, c_.hidden, name + ".out");
}

std::string Tiny::encoder_layer(const std::string& h, const std::string& mask_add, const std::string& mask_bool,
                                const std::string& name) {
    std::string a = attention(h, mask_add, mask_bool, name + ".attention");
    std::string h1 = layer_norm(b_.op("Add", {a, h}), c_.hidden, name + ".attention_norm");
    std::string inter = linear(h1, c_.hidden, c_.ffn, name + ".intermediate");
    std::string act = c_.family == Family::Albert ? gelu_tanh(inter) : gelu_erf(inter);
    std::string out = linear(act, c_.ffn, c_.hidden, name + ".output");
    return layer_norm(b_.op("Add", {out, h1}), c_.hidden, name + ".output_norm");
}

std::string Tiny::fused_encoder_layer(const std::string& h, const std::string& mask_add, const std::string& name) {
    std::string a;
    if (c_.fused_attention && name.back() != '0') {
        // Layers after the first: MultiHeadAttention over separate projections, packed bias.
        std::string mask32 = b_.op("Cast", {"attention_mask"}, {Attribute::make_int("to", onnx::kInt32)});
        std::string q = b_.op("MatMul", {h, w(name + ".q.weight", {c_.hidden, c_.hidden})});
        std::string k = b_.op("MatMul", {h, w(name + ".k.weight", {c_.hidden, c_.hidden})});
        std::string v = b_.op("MatMul", {h, w(name + ".v.weight", {c_.hidden, c_.hidden})});
        std::string ctx = b_.op("MultiHeadAttention", {q, k, v, w(name + ".qkv.bias", {3 * c_.hidden}, 0.1), mask32},
                                {Attribute::make_int("num_heads", c_.heads)}, "", "com.microsoft");
        a = linear(ctx, c_.hidden, c_.hidden, name + ".attention.out");
    } else if (c_.fused_attention) {
        std::string mask32 = mask_index_.empty() ? b_.op("Cast", {"attention_mask"}, {Attribute::make_int("to", onnx::kInt32)})
                                                 : mask_index_;
        std::string ctx = b_.op("Attention", {h, w(name + ".qkv.weight", {c_.hidden, 3 * c_.hidden}), w(name + ".qkv.bias", {3 * c_.hidden}, 0.1), mask32},
                                {Attribute::make_int("num_heads", c_.heads)}, "", "com.microsoft");
        a = linear(ctx, c_.hidden, c_.hidden, name + ".attention.out");
    } else {
        a = attention(h, mask_add, "", name + ".attention");
    }
    std::string gamma = b_.init_floats(name + ".ln1.weight", {c_.hidden}, ones(c_.hidden, 0.2));
    std::string beta = w(name + ".ln1.bias", {c_.hidden}, 0.1);
    std::string h1 = b_.op("SkipLayerNormalization", {a, h, gamma, beta}, {Attribute::make_float("epsilon", 1e-12f)}, "",
                           "com.microsoft");
    std::string inter = b_.op("MatMul", {h1, w(name + ".intermediate.weight", {c_.hidden, c_.ffn})});
    std::string act = name.back() == '0'
                          ? b_.op("BiasGelu", {inter, w(name + ".intermediate.bias", {c_.ffn}, 0.1)}, {}, "", "com.microsoft")
                          : b_.op("FastGelu", {inter, w(name + ".intermediate.bias", {c_.ffn}, 0.1)}, {}, "", "com.microsoft");
    std::string out = b_.op("MatMul", {act, w(name + ".output.weight", {c_.ffn, c_.hidden})});
    std::string gamma2 = b_.init_floats(name + ".ln2.weight", {c_.hidden}, ones(c_.hidden, 0.2));
    std::string beta2 = w(name + ".ln2.bias", {c_.hidden}, 0.1);
    return b_.op("SkipLayerNormalization", {out, h1, gamma2, beta2, w(name + ".output.bias", {c_.hidden}, 0.1)},
                 {Attribute::make_float("epsilon", 1e-12f)}, "", "com.microsoft");
}

onnx::Model Tiny::build() {
    const Family fam = c_.family;
    if (fam == Family::FusedOrt) b_.model().opsets.push_back({"com.microsoft", 1});
    b_.input("input_ids", onnx::kInt64, {-1, -1}, {"batch", "sequence"});
    b_.input("attention_mask", onnx::kInt64, {-1, -1}, {"batch", "sequence"});
    bool has_token_types = fam == Family::Bert || fam == Family::Albert || fam == Family::Electra || fam == Family::FusedOrt;
    if (has_token_types) b_.input("token_type_ids", onnx::kInt64, {-1, -1}, {"batch", "sequence"});

    // --- embeddings --------------------------------------------------------------------------
    if (fam == Family::FusedOrt && c_.embed_layer_norm) return build_fused_embeddings();
    return build_rest(build_embeddings());
}

std::string Tiny::build_fused_embeddings_tensor() {
    std::string ids32 = b_.op("Cast", {"input_ids"}, {Attribute::make_int("to", onnx::kInt32)});
    std::string seg32 = b_.op("Cast", {"token_type_ids"}, {Attribute::make_int("to", onnx::kInt32)});
    std::string mask32 = b_.op("Cast", {"attention_mask"}, {Attribute::make_int("to", onnx::kInt32)});
    std::vector<std::string> outs = b_.op_n(
        "EmbedLayerNormalization",
        {ids32, seg32, w("embeddings.word_embeddings.weight", {c_.vocab, c_.hidden}, 0.5),
         w("embeddings.position_embeddings.weight", {c_.max_positions, c_.hidden}, 0.3),
         w("embeddings.token_type_embeddings.weight", {2, c_.hidden}, 0.3),
         b_.init_floats("embeddings.LayerNorm.weight", {c_.hidden}, ones(c_.hidden, 0.2)), w("embeddings.LayerNorm.bias", {c_.hidden}, 0.1),
         mask32},
        2, {Attribute::make_float("epsilon", 1e-12f)}, "com.microsoft");
    mask_index_ = outs[1];
    return outs[0];
}

onnx::Model Tiny::build_fused_embeddings() { return build_rest(build_fused_embeddings_tensor()); }

std::string Tiny::build_embeddings() {
    const Family fam = c_.family;
    const bool has_token_types = fam == Family::Bert || fam == Family::Albert || fam == Family::Electra || fam == Family::FusedOrt;
    const int64_t e = (fam == Family::Albert || fam == Family::Electra) ? c_.embed : c_.hidden;
    std::string word_table = w("embeddings.word_embeddings.weight", {c_.vocab, e}, 0.5);
    std::string words = b_.op("Gather", {word_table, "input_ids"}, {}, "/embeddings/word_embeddings/Gather_output_0");
    b_.model().graph.nodes.back().name = "/embeddings/word_embeddings/Gather";
    std::string pos_table = w("embeddings.position_embeddings.weight", {c_.max_positions, e}, 0.3);
    std::string positions;
    if (fam == Family::Roberta) {
        // create_position_ids_from_input_ids: cumsum(ids != pad) * mask + pad.
        std::string pad = int_scalar(1);
        std::string not_pad = b_.op("Cast", {b_.op("Not", {b_.op("Equal", {"input_ids", pad})})},
                                    {Attribute::make_int("to", onnx::kInt32)});
        std::string cs = b_.op("CumSum", {not_pad, b_.init_ints("cumsum_axis", {}, {1})});
        std::string inc = b_.op("Mul", {b_.op("Cast", {cs}, {Attribute::make_int("to", onnx::kInt32)}), not_pad});
        std::string ids = b_.op("Add", {b_.op("Cast", {inc}, {Attribute::make_int("to", onnx::kInt64)}), pad});
        positions = b_.op("Gather", {pos_table, ids});
    } else if (fam != Family::DebertaV2) {
        std::vector<int64_t> range(static_cast<size_t>(c_.max_positions));
        for (int64_t i = 0; i < c_.max_positions; ++i) range[i] = i;
        std::string buffer = b_.init_ints("embeddings.position_ids", {1, c_.max_positions}, range);
        std::string seq = dim("input_ids", 1);
        std::string ids = b_.op("Slice", {buffer, ints({0}), seq, ints({1}), ints({1})});
        positions = b_.op("Gather", {pos_table, ids});
    }
    std::string emb = words;
    if (!positions.empty()) emb = b_.op("Add", {emb, positions});
    if (has_token_types)
        emb = b_.op("Add", {emb, b_.op("Gather", {w("embeddings.token_type_embeddings.weight", {2, e}, 0.3), "token_type_ids"})});
    std::string h = layer_norm(emb, e, "embeddings.LayerNorm");
    if (e != c_.hidden) h = linear(h, e, c_.hidden, "encoder.embedding_hidden_mapping_in");
    return h;
}

onnx::Model Tiny::build_rest(std::string h) {
    const Family fam = c_.family;

    // --- masks -------------------------------------------------------------------------------
    std::string mask_add, mask_bool;
    if (fam == Family::DistilBert || fam == Family::DebertaV2) {
        std::string m = b_.op("Equal", {"attention_mask", int_scalar(0)});
        std::string shape = b_.op("Concat", {dim("attention_mask", 0), ints({1, 1}), dim("attention_mask", 1)},
                                  {Attribute::make_int("axis", 0)});
        mask_bool = b_.op("Reshape", {m, shape});
        if (fam == Family::DebertaV2) {
            // DeBERTa's 2-D mask: a pair is masked if its query or its key is padding.
            std::string mq = b_.unsqueeze(b_.unsqueeze("attention_mask", {1}), {3});
            std::string mk = b_.unsqueeze(b_.unsqueeze("attention_mask", {1}), {2});
            std::string pair = b_.op("Mul", {mq, mk});
            mask_bool = b_.op("Not", {b_.op("Cast", {pair}, {Attribute::make_int("to", onnx::kBool)})});
        }
    } else {
        std::string m = b_.unsqueeze(b_.unsqueeze("attention_mask", {1}), {2});
        std::string mf = b_.op("Cast", {m}, {Attribute::make_int("to", onnx::kFloat)});
        mask_add = b_.op("Mul", {b_.op("Sub", {f(1.0), mf}), f(-3.4028234663852886e38)});
    }
    if (fam == Family::DebertaV2) {
        // relative_pos[i,j] = i - j; c2p index = clamp(i - j + span, 0, 2span-1); p2c = clamp(j - i + span).
        std::string seq = b_.squeeze(dim("input_ids", 1), {0});
        std::string r = b_.op("Range", {int_scalar(0), seq, int_scalar(1)});
        std::string rel = b_.op("Sub", {b_.unsqueeze(r, {1}), b_.unsqueeze(r, {0})});
        auto clamp = [&](const std::string& x) {
            std::string shifted = b_.op("Add", {x, int_scalar(span_)});
            std::string lo = b_.op("Where", {b_.op("Less", {shifted, int_scalar(0)}), int_scalar(0), shifted});
            return b_.op("Where", {b_.op("Greater", {lo, int_scalar(2 * span_ - 1)}), int_scalar(2 * span_ - 1), lo});
        };
        rel_index_c2p_ = b_.unsqueeze(clamp(rel), {0, 1});
        rel_index_p2c_ = b_.unsqueeze(clamp(b_.op("Neg", {rel})), {0, 1});
        rel_embeddings_ = layer_norm(w("encoder.rel_embeddings.weight", {2 * span_, c_.hidden}, 0.5), c_.hidden, "encoder.rel_norm");
    }

    // --- encoder -------------------------------------------------------------------------------
    for (int64_t l = 0; l < c_.layers; ++l) {
        // ALBERT shares one layer's weights across depth.
        std::string name = fam == Family::Albert ? "encoder.albert_layer" : "encoder.layer." + std::to_string(l);
        if (fam == Family::FusedOrt) {
            h = fused_encoder_layer(h, mask_add, name);
            continue;
        }
        h = encoder_layer(h, mask_add, mask_bool, name);
        if (fam == Family::Albert) {
            // Drop the initializers the second build duplicated, keeping the first copy (shared weights).
            auto& inits = b_.model().graph.initializers;
            std::vector<onnx::TensorData> unique;
            for (auto& t : inits) {
                bool seen = false;
                for (const auto& u : unique) seen = seen || u.name == t.name;
                if (!seen) unique.push_back(std::move(t));
            }
            inits = std::move(unique);
        }
    }

    // --- head ----------------------------------------------------------------------------------
    if (c_.question_answering) {
        // BertForQuestionAnswering as Optimum exports it: qa_outputs Linear(hidden, 2), split into
        // start and end, each squeezed to [batch, sequence].
        std::string both = linear(h, c_.hidden, 2, "qa_outputs");
        std::vector<std::string> parts = b_.op_n("Split", {both}, 2, {Attribute::make_int("axis", -1)});
        b_.op("Identity", {b_.squeeze(parts[0], {-1})}, {}, "start_logits");
        b_.op("Identity", {b_.squeeze(parts[1], {-1})}, {}, "end_logits");
        b_.output("start_logits", onnx::kFloat, {-1, -1}, {"batch", "sequence"});
        b_.output("end_logits", onnx::kFloat, {-1, -1}, {"batch", "sequence"});
        return b_.model();
    }
    std::string logits;
    if (c_.token_classification) {
        logits = linear(h, c_.hidden, c_.classes, "classifier");
    } else {
        std::string cls = b_.op("Gather", {h, int_scalar(0)}, {Attribute::make_int("axis", 1)});
        if (fam == Family::DistilBert) {
            std::string pre = b_.op("Relu", {b_.op("Gemm", {cls, w("pre_classifier.weight", {c_.hidden, c_.hidden}), w("pre_classifier.bias", {c_.hidden}, 1.0)},
                                                   {Attribute::make_int("transB", 1)})});
            logits = b_.op("Gemm", {pre, w("classifier.weight", {c_.classes, c_.hidden}), w("classifier.bias", {c_.classes}, 0.1)},
                           {Attribute::make_int("transB", 1)});
        } else if (fam == Family::Electra) {
            std::string d = gelu_erf(linear(cls, c_.hidden, c_.hidden, "classifier.dense"));
            logits = linear(d, c_.hidden, c_.classes, "classifier.out_proj");
        } else if (fam == Family::Roberta) {
            std::string d = b_.op("Tanh", {linear(cls, c_.hidden, c_.hidden, "classifier.dense")});
            logits = linear(d, c_.hidden, c_.classes, "classifier.out_proj");
        } else {
            std::string dense = b_.op("Gemm", {cls, w("pooler.dense.weight", {c_.hidden, c_.hidden}), w("pooler.dense.bias", {c_.hidden}, 0.1)},
                                      {Attribute::make_int("transB", 1)});
            // The fused family also exercises com.microsoft.Gelu here.
            if (fam == Family::FusedOrt) dense = b_.op("Gelu", {dense}, {}, "", "com.microsoft");
            std::string pooled = b_.op("Tanh", {dense});
            logits = b_.op("Gemm", {pooled, w("classifier.weight", {c_.classes, c_.hidden}), w("classifier.bias", {c_.classes}, 0.1)},
                           {Attribute::make_int("transB", 1)});
        }
    }
    b_.op("Identity", {logits}, {}, "logits");
    if (c_.token_classification) b_.output("logits", onnx::kFloat, {-1, -1, c_.classes}, {"batch", "sequence"});
    else b_.output("logits", onnx::kFloat, {-1, c_.classes}, {"batch"});
    return b_.model();
}

}  // namespace

onnx::Model make_tiny_transformer(const TinyConfig& config) {
    Tiny t(config);
    return t.build();
}

}  // namespace iglens::testing
