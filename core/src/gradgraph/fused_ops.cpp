#include "gradgraph/fused_ops.h"

#include <cmath>
#include <map>
#include <set>

#include "iglens/error.h"

namespace iglens::gradgraph {

namespace {

using onnx::Attribute;
using onnx::Node;

// Appends standard-domain nodes that replace one fused node.
class Rewriter {
public:
    Rewriter(std::vector<Node>& out, std::vector<onnx::TensorData>& initializers, const std::string& prefix)
        : out_(out), initializers_(initializers), prefix_(prefix) {}

    std::string op(const std::string& type, std::vector<std::string> inputs, std::vector<Attribute> attrs = {},
                   std::string output = "") {
        Node n;
        n.op_type = type;
        n.inputs = std::move(inputs);
        n.attributes = std::move(attrs);
        if (output.empty()) output = prefix_ + "/" + type + "_" + std::to_string(counter_++);
        n.name = output;
        n.outputs = {output};
        out_.push_back(std::move(n));
        return output;
    }
    std::string int_scalar(int64_t v) {
        std::string name = prefix_ + "/int_" + std::to_string(counter_++);
        initializers_.push_back(onnx::TensorData::ints(name, {}, {v}));
        return name;
    }
    std::string ints(const std::vector<int64_t>& v) {
        std::string name = prefix_ + "/ints_" + std::to_string(counter_++);
        initializers_.push_back(onnx::TensorData::ints(name, {static_cast<int64_t>(v.size())}, v));
        return name;
    }
    std::string scalar(float v) {
        std::string name = prefix_ + "/const_" + std::to_string(counter_++);
        initializers_.push_back(onnx::TensorData::floats(name, {}, {v}));
        return name;
    }

private:
    std::vector<Node>& out_;
    std::vector<onnx::TensorData>& initializers_;
    std::string prefix_;
    int counter_ = 0;
};

// 0.5·x·(1 + erf(x/√2))
void erf_gelu(Rewriter& r, const std::string& x, const std::string& y) {
    std::string e = r.op("Erf", {r.op("Mul", {x, r.scalar(0.70710678118654752f)})});
    std::string half_x = r.op("Mul", {x, r.scalar(0.5f)});
    r.op("Mul", {half_x, r.op("Add", {e, r.scalar(1.0f)})}, {}, y);
}

// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
void tanh_gelu(Rewriter& r, const std::string& x, const std::string& y) {
    std::string cube = r.op("Mul", {x, r.op("Mul", {x, x})});
    std::string inner = r.op("Add", {x, r.op("Mul", {cube, r.scalar(0.044715f)})});
    std::string t = r.op("Tanh", {r.op("Mul", {inner, r.scalar(0.7978845608028654f)})});
    std::string half_x = r.op("Mul", {x, r.scalar(0.5f)});
    r.op("Mul", {half_x, r.op("Add", {t, r.scalar(1.0f)})}, {}, y);
}

const onnx::TensorData* find_initializer(const onnx::Graph& g, const std::string& name) {
    for (const auto& t : g.initializers)
        if (t.name == name) return &t;
    return nullptr;
}

// Scaled dot-product attention over [B,S,heads*size] projections, with an optional 2-D 0/1
// key mask turned into an additive mask_filter_value (ORT's semantics).
void attend(Rewriter& r, const Node& n, const std::string& q_proj, const std::string& k_proj, const std::string& v_proj,
            int64_t heads, int64_t head_qk, int64_t head_v, const std::string& mask, bool mask_is_lengths) {
    auto heads_of = [&](const std::string& x, int64_t size, std::vector<int64_t> perm) {
        std::string split = r.op("Reshape", {x, r.ints({0, 0, heads, size})});
        return r.op("Transpose", {split}, {Attribute::make_ints("perm", perm)});
    };
    std::string q = heads_of(q_proj, head_qk, {0, 2, 1, 3});
    std::string kt = heads_of(k_proj, head_qk, {0, 2, 3, 1});
    std::string v = heads_of(v_proj, head_v, {0, 2, 1, 3});
    float scale = n.attr_float("scale", 1.0f / std::sqrt(static_cast<float>(head_qk)));
    std::string scores = r.op("Mul", {r.op("MatMul", {q, kt}), r.scalar(scale)});
    if (!mask.empty()) {
        std::string mask64 = r.op("Cast", {mask}, {Attribute::make_int("to", onnx::kInt64)});
        std::string keep_bool;
        if (mask_is_lengths) {
            // 1-D mask_index (EmbedLayerNormalization): key j is valid when j < length[b].
            std::string keys = r.op("Gather", {r.op("Shape", {k_proj}), r.int_scalar(1)}, {Attribute::make_int("axis", 0)});
            std::string positions = r.op("Range", {r.int_scalar(0), keys, r.int_scalar(1)});
            keep_bool = r.op("Less", {r.op("Reshape", {positions, r.ints({1, -1})}), r.op("Reshape", {mask64, r.ints({-1, 1})})});
        } else {
            keep_bool = r.op("Greater", {mask64, r.ints({0})});
        }
        std::string keep = r.op("Cast", {keep_bool}, {Attribute::make_int("to", onnx::kFloat)});
        std::string add = r.op("Mul", {r.op("Sub", {r.scalar(1.0f), keep}), r.scalar(n.attr_float("mask_filter_value", -10000.0f))});
        // [B, 1, 1, keys] from the mask's own dims: a mask that is not 2-D fails loudly in ORT
        // (Gather index 1 out of range) instead of broadcasting wrongly.
        std::string mask_shape = r.op("Shape", {keep});
        std::string shape4 = r.op("Concat", {r.op("Gather", {mask_shape, r.ints({0})}, {Attribute::make_int("axis", 0)}),
                                             r.ints({1, 1}),
                                             r.op("Gather", {mask_shape, r.ints({1})}, {Attribute::make_int("axis", 0)})},
                                  {Attribute::make_int("axis", 0)});
        scores = r.op("Add", {scores, r.op("Reshape", {add, shape4})});
    }
    std::string probs = r.op("Softmax", {scores}, {Attribute::make_int("axis", -1)});
    std::string ctx = r.op("Transpose", {r.op("MatMul", {probs, v})}, {Attribute::make_ints("perm", {0, 2, 1, 3})});
    r.op("Reshape", {ctx, r.ints({0, 0, -1})}, {}, n.outputs.at(0));
}

// com.microsoft.Attention (packed QKV weights, optional 2-D 0/1 mask) as MatMul/Softmax ops.
void attention(Rewriter& r, const Node& n, const onnx::Graph& g, const std::set<std::string>& length_masks) {
    auto refuse = [&](const std::string& why) {
        throw Error("cannot rewrite " + n.describe() + ": " + why +
                    "; use the model exported without ORT transformer optimizations");
    };
    if (n.attr_int("unidirectional", 0) != 0) refuse("unidirectional (causal) attention is not supported");
    for (size_t i = 4; i < n.inputs.size(); ++i)
        if (!n.inputs[i].empty()) refuse("past state or relative position bias inputs are not supported");
    for (size_t i = 1; i < n.outputs.size(); ++i)
        if (!n.outputs[i].empty()) refuse("its present-state output is used");
    const int64_t heads = n.attr_int("num_heads", 0);
    const onnx::TensorData* w = find_initializer(g, n.input(1));
    if (heads <= 0 || !w || w->dims.size() != 2) refuse("it needs num_heads and a constant 2-D weight");
    const int64_t total = w->dims[1];  // `w` dangles once initializers are appended
    std::vector<int64_t> sizes = n.attr_ints("qkv_hidden_sizes");
    if (sizes.empty()) sizes = std::vector<int64_t>(3, total / 3);
    if (sizes.size() != 3 || sizes[0] + sizes[1] + sizes[2] != total || sizes[0] != sizes[1] ||
        sizes[0] % heads || sizes[2] % heads)
        refuse("its qkv_hidden_sizes do not split the weight into heads");
    const int64_t head_qk = sizes[0] / heads, head_v = sizes[2] / heads;
    std::string qkv = r.op("MatMul", {n.input(0), n.input(1)});
    if (!n.input(2).empty()) qkv = r.op("Add", {qkv, n.input(2)});
    auto part = [&](int64_t begin, int64_t end) { return r.op("Slice", {qkv, r.ints({begin}), r.ints({end}), r.ints({2})}); };
    attend(r, n, part(0, sizes[0]), part(sizes[0], sizes[0] + sizes[1]), part(sizes[0] + sizes[1], total), heads,
           head_qk, head_v, n.input(3), length_masks.count(n.input(3)) > 0);
}


// com.microsoft.EmbedLayerNormalization: word + position (+ segment) lookups, then LayerNorm.
// The word lookup becomes an ordinary Gather, i.e. the IG cut point. Its mask_index output
// (right-padding lengths) is recorded for the Attention rewrites that read it.
void embed_layer_norm(Rewriter& r, const Node& n, int64_t opset, std::set<std::string>& length_masks) {
    auto refuse = [&](const std::string& why) {
        throw Error("cannot rewrite " + n.describe() + ": " + why +
                    "; use the model exported without ORT transformer optimizations");
    };
    if (n.attr_int("mask_index_type", 1) != 1) refuse("only the 1-D mask_index form is supported");
    std::string words = r.op("Gather", {n.input(2), n.input(0)});
    std::string positions;
    if (!n.input(8).empty()) {
        positions = r.op("Gather", {n.input(3), n.input(8)});
    } else {
        std::string length = r.op("Gather", {r.op("Shape", {n.input(0)}), r.int_scalar(1)}, {Attribute::make_int("axis", 0)});
        positions = r.op("Gather", {n.input(3), r.op("Range", {r.int_scalar(0), length, r.int_scalar(1)})});
    }
    std::string sum = r.op("Add", {words, positions});
    if (!n.input(1).empty() && !n.input(4).empty()) sum = r.op("Add", {sum, r.op("Gather", {n.input(4), n.input(1)})});
    std::vector<std::string> ln_inputs{sum, n.input(5)};
    if (!n.input(6).empty()) ln_inputs.push_back(n.input(6));
    r.op("LayerNormalization", ln_inputs,
         {Attribute::make_int("axis", -1), Attribute::make_float("epsilon", n.attr_float("epsilon", 1e-12f))}, n.outputs.at(0));
    if (n.outputs.size() > 1 && !n.outputs[1].empty()) {
        if (n.input(7).empty()) refuse("its mask_index output is used but it has no mask input");
        std::string mask = r.op("Cast", {n.input(7)}, {Attribute::make_int("to", onnx::kInt64)});
        std::string lengths = opset >= 13
                                  ? r.op("ReduceSum", {mask, r.ints({1})}, {Attribute::make_int("keepdims", 0)})
                                  : r.op("ReduceSum", {mask}, {Attribute::make_ints("axes", {1}), Attribute::make_int("keepdims", 0)});
        r.op("Cast", {lengths}, {Attribute::make_int("to", onnx::kInt32)}, n.outputs[1]);
        length_masks.insert(n.outputs[1]);
    }
    if (n.outputs.size() > 2 && !n.outputs[2].empty()) r.op("Identity", {sum}, {}, n.outputs[2]);
}

// com.microsoft.MultiHeadAttention with separate 3-D query/key/value projections, optional
// packed bias [3H] and a 2-D key padding mask.
void multi_head_attention(Rewriter& r, const Node& n, const onnx::Graph& g) {
    auto refuse = [&](const std::string& why) {
        throw Error("cannot rewrite " + n.describe() + ": " + why +
                    "; use the model exported without ORT transformer optimizations");
    };
    if (n.input(1).empty() || n.input(2).empty()) refuse("packed QKV inputs are not supported");
    for (size_t i = 5; i < n.inputs.size(); ++i)
        if (!n.inputs[i].empty()) refuse("attention bias or past key/value inputs are not supported");
    for (size_t i = 1; i < n.outputs.size(); ++i)
        if (!n.outputs[i].empty()) refuse("its present key/value outputs are used");
    if (n.attr_int("unidirectional", 0) != 0) refuse("causal attention is not supported");
    const int64_t heads = n.attr_int("num_heads", 0);
    if (heads <= 0) refuse("it has no num_heads");
    std::string q = n.input(0), k = n.input(1), v = n.input(2);
    int64_t hidden_qk = -1, hidden_v = -1;
    if (!n.input(3).empty()) {
        const onnx::TensorData* bias = find_initializer(g, n.input(3));
        if (!bias || bias->dims.size() != 1 || bias->dims[0] % 3) refuse("its bias is not a constant [3*hidden] vector");
        hidden_qk = hidden_v = bias->dims[0] / 3;
        auto part = [&](const std::string& x, int64_t i) {
            return r.op("Add", {x, r.op("Slice", {n.input(3), r.ints({i * hidden_qk}), r.ints({(i + 1) * hidden_qk}), r.ints({0})})});
        };
        q = part(q, 0);
        k = part(k, 1);
        v = part(v, 2);
    } else {
        // Without a bias, the head size must come from a constant projection feeding the query.
        refuse("a MultiHeadAttention without its packed bias is not supported");
    }
    if (hidden_qk % heads) refuse("its hidden size is not a multiple of num_heads");
    attend(r, n, q, k, v, heads, hidden_qk / heads, hidden_v / heads, n.input(4), false);
}

}  // namespace

std::vector<std::string> decompose_fused_ops(onnx::Model& model) {
    onnx::Graph& g = model.graph;
    std::map<std::string, int> counts;
    std::set<std::string> length_masks;
    std::vector<Node> nodes;
    int index = 0;
    for (auto& n : g.nodes) {
        if (n.in_default_domain()) {
            nodes.push_back(std::move(n));
            continue;
        }
        const std::string kind = n.domain + "." + n.op_type;
        if (n.domain != "com.microsoft")
            throw Error("the model uses " + kind + " (node '" + n.name +
                        "'), an op outside the standard ONNX domain that IG Lens cannot differentiate; "
                        "export the model without custom ops");
        Rewriter r(nodes, g.initializers, "iglens/fused/" + std::to_string(index++));
        const std::string& y = n.outputs.at(0);
        if (n.op_type == "Gelu") {
            erf_gelu(r, n.input(0), y);
        } else if (n.op_type == "BiasGelu") {
            erf_gelu(r, r.op("Add", {n.input(0), n.input(1)}), y);
        } else if (n.op_type == "FastGelu") {
            std::string x = n.input(1).empty() ? n.input(0) : r.op("Add", {n.input(0), n.input(1)});
            tanh_gelu(r, x, y);
        } else if (n.op_type == "SkipLayerNormalization") {
            std::string sum = r.op("Add", {n.input(0), n.input(1)});
            if (!n.input(4).empty()) sum = r.op("Add", {sum, n.input(4)});
            std::vector<std::string> ln_inputs{sum, n.input(2)};
            if (!n.input(3).empty()) ln_inputs.push_back(n.input(3));
            r.op("LayerNormalization", ln_inputs,
                 {Attribute::make_int("axis", -1), Attribute::make_float("epsilon", n.attr_float("epsilon", 1e-12f))}, y);
            for (size_t k = 1; k < 3 && k < n.outputs.size(); ++k)
                if (!n.outputs[k].empty())
                    throw Error("the model reads the mean/variance outputs of " + n.describe() +
                                "; IG Lens cannot rewrite that; export the model without ORT fusions");
            if (n.outputs.size() > 3 && !n.outputs[3].empty()) r.op("Identity", {sum}, {}, n.outputs[3]);
        } else if (n.op_type == "EmbedLayerNormalization") {
            embed_layer_norm(r, n, model.opset(""), length_masks);
        } else if (n.op_type == "Attention") {
            attention(r, n, g, length_masks);
        } else if (n.op_type == "MultiHeadAttention") {
            multi_head_attention(r, n, g);
        } else if (n.op_type == "LayerNormalization" || n.op_type == "SimplifiedLayerNormalization") {
            if (n.op_type == "SimplifiedLayerNormalization")
                throw Error("the model uses com.microsoft.SimplifiedLayerNormalization (RMSNorm, node '" + n.name +
                            "'), which IG Lens does not support yet");
            Node copy = n;
            copy.domain.clear();
            nodes.push_back(std::move(copy));
        } else {
            throw Error("the model uses the fused ONNX Runtime op " + kind + " (node '" + n.name +
                        "'), which IG Lens cannot differentiate; use the model exported without ORT "
                        "transformer optimizations (e.g. Optimum's model.onnx, not model_optimized.onnx)");
        }
        ++counts[kind];
    }
    g.nodes = std::move(nodes);
    std::vector<std::string> report;
    for (const auto& kv : counts) report.push_back(kv.first + " x" + std::to_string(kv.second));
    return report;
}

}  // namespace iglens::gradgraph
