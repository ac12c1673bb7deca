// prepare_model: forward classifier -> prepared graph (see iglens/prepare.h for the contract).
#include "iglens/prepare.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "gradgraph/autodiff.h"
#include "gradgraph/emitter.h"
#include "gradgraph/fused_ops.h"
#include "gradgraph/shape_infer.h"
#include "iglens/error.h"

namespace iglens {

using gradgraph::Emitter;
using gradgraph::ShapeTable;
using gradgraph::TensorInfo;
using onnx::Attribute;
using onnx::Graph;
using onnx::Model;
using onnx::Node;

std::vector<float> WordEmbeddings::row(int64_t token_id) const {
    if (token_id < 0 || token_id >= vocab_size)
        throw Error("token id " + std::to_string(token_id) + " is outside the model's vocabulary of " +
                    std::to_string(vocab_size) + " (the tokenizer does not match the model)");
    auto begin = values.begin() + token_id * dim;
    return std::vector<float>(begin, begin + dim);
}

std::vector<float> WordEmbeddings::lookup(const std::vector<int64_t>& token_ids) const {
    std::vector<float> out;
    out.reserve(token_ids.size() * static_cast<size_t>(dim));
    for (int64_t id : token_ids) {
        std::vector<float> r = row(id);
        out.insert(out.end(), r.begin(), r.end());
    }
    return out;
}

namespace {

constexpr int64_t kMinOpset = 11, kMaxOpset = 17, kMaxIrVersion = 8;

const char* kInputEmbeds = "input_embeds";
const char* kBaselineEmbeds = "baseline_embeds";
const char* kAlphas = "alphas";
const char* kTargetWeights = "target_weights";
const char* kObjectiveWeights = "objective_weights";

void check_versions(const Model& m) {
    if (m.ir_version > kMaxIrVersion)
        throw Error("the model uses ONNX IR version " + std::to_string(m.ir_version) +
                    "; IG Lens reads IR versions up to " + std::to_string(kMaxIrVersion) +
                    " (re-export with torch.onnx.export opset 14, or Optimum)");
    int64_t opset = m.opset("");
    if (opset < kMinOpset || opset > kMaxOpset)
        throw Error("the model imports ai.onnx opset " + std::to_string(opset) + "; IG Lens supports opsets " +
                    std::to_string(kMinOpset) + "-" + std::to_string(kMaxOpset) +
                    " (re-export with opset 14, e.g. torch.onnx.export(..., opset_version=14))");
}

void refuse_quantized(const Graph& g) {
    static const std::set<std::string> quantization = {
        "DynamicQuantizeLinear", "QuantizeLinear", "DequantizeLinear", "MatMulInteger", "QLinearMatMul",
        "ConvInteger", "MatMulIntegerToFloat", "DynamicQuantizeMatMul", "QAttention", "QGemm"};
    for (const auto& n : g.nodes)
        if (quantization.count(n.op_type))
            throw Error("the model is quantized (" + n.describe() +
                        "); gradients need the float32 model: use onnx/model.onnx, not model_quantized.onnx "
                        "or another int8/uint8 variant");
}

const onnx::ValueInfo* find_input(const Graph& g, const std::string& name) {
    for (const auto& v : g.inputs)
        if (v.name == name) return &v;
    return nullptr;
}

std::string logits_output_of(const Graph& g) {
    if (g.outputs.empty()) throw Error("the model has no outputs");
    for (const auto& o : g.outputs)
        if (o.name == "logits") return o.name;
    return g.outputs[0].name;
}

// Constant tensors by name: initializers and Constant nodes' 'value'. Looked up by index so
// the lookup survives growth of the graph's vectors.
class Constants {
public:
    explicit Constants(const Graph& g) : graph_(g) { refresh(); }
    void refresh() {
        initializers_.clear();
        nodes_.clear();
        for (size_t i = 0; i < graph_.initializers.size(); ++i) initializers_[graph_.initializers[i].name] = i;
        for (size_t i = 0; i < graph_.nodes.size(); ++i)
            if (graph_.nodes[i].op_type == "Constant" && graph_.nodes[i].has_attr("value") &&
                !graph_.nodes[i].outputs.empty())
                nodes_[graph_.nodes[i].outputs[0]] = i;
    }
    const onnx::TensorData* find(const std::string& name) const {
        auto it = initializers_.find(name);
        if (it != initializers_.end() && it->second < graph_.initializers.size()) return &graph_.initializers[it->second];
        auto jt = nodes_.find(name);
        if (jt != nodes_.end() && jt->second < graph_.nodes.size()) return &graph_.nodes[jt->second].find_attr("value")->t;
        return nullptr;
    }

private:
    const Graph& graph_;
    std::unordered_map<std::string, size_t> initializers_, nodes_;
};

// The word-embedding Gather: data a [V,E] constant, indices input_ids (through value-preserving
// ops only, so RoBERTa's position-id Gather, computed from input_ids, is not taken).
size_t find_embedding_gather(const Graph& g, const Constants& constants) {
    std::unordered_map<std::string, const Node*> producer;
    for (const auto& n : g.nodes)
        for (const auto& o : n.outputs) producer[o] = &n;
    static const std::set<std::string> value_preserving = {"Cast", "Identity", "Reshape", "Unsqueeze",
                                                           "Squeeze", "Flatten"};
    std::vector<size_t> candidates;
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        const Node& n = g.nodes[i];
        if (n.op_type != "Gather" || !n.in_default_domain()) continue;
        std::string idx = n.input(1);
        for (int hops = 0; hops < 16 && idx != "input_ids"; ++hops) {
            auto it = producer.find(idx);
            if (it == producer.end() || !value_preserving.count(it->second->op_type)) break;
            idx = it->second->input(0);
        }
        if (idx != "input_ids") continue;
        const onnx::TensorData* table = constants.find(n.input(0));
        if (!table) {
            auto it = producer.find(n.input(0));
            if (it != producer.end() && (it->second->op_type == "DequantizeLinear" || it->second->op_type == "Cast"))
                throw Error("the word-embedding table of " + n.describe() +
                            " is quantized or converted at run time; use the float32 model (model.onnx, not a quantized variant)");
            continue;
        }
        if (table->dims.size() != 2) continue;
        if (table->data_type != onnx::kFloat)
            throw Error(std::string("the word-embedding table '") + table->name + "' is " +
                        onnx::elem_type_name(table->data_type) +
                        "; IG Lens needs the float32 model (model.onnx, not the fp16 or quantized variant)");
        candidates.push_back(i);
    }
    if (candidates.empty())
        throw Error("found no word-embedding lookup in the model (a Gather of a [vocab, hidden] float "
                    "initializer indexed by input_ids); is this a transformer text classifier exported from "
                    "Hugging Face transformers?");
    if (candidates.size() > 1) {
        for (size_t i : candidates)
            if (g.nodes[i].name.find("word_embeddings") != std::string::npos) return i;
        std::string names;
        for (size_t i : candidates) names += " '" + g.nodes[i].name + "'";
        throw Error("found several embedding lookups indexed by input_ids (" + names +
                    " ) and none is named word_embeddings; please report the model");
    }
    return candidates[0];
}

onnx::ValueInfo tensor_info(const std::string& name, int32_t type, std::vector<onnx::Dim> dims) {
    onnx::ValueInfo v;
    v.name = name;
    v.elem_type = type;
    v.has_shape = true;
    v.dims = std::move(dims);
    return v;
}

onnx::Dim sym(const char* name) {
    onnx::Dim d;
    d.param = name;
    return d;
}
onnx::Dim fixed(int64_t value) {
    onnx::Dim d;
    d.value = value;
    return d;
}
onnx::Dim dim_or_sym(int64_t value, const char* name) { return value >= 0 ? fixed(value) : sym(name); }

// Removes nodes and initializers that no graph output needs.
void eliminate_dead_code(Graph& g) {
    std::unordered_set<std::string> live;
    for (const auto& o : g.outputs) live.insert(o.name);
    std::vector<bool> keep(g.nodes.size(), false);
    for (size_t i = g.nodes.size(); i-- > 0;) {
        bool used = false;
        for (const auto& o : g.nodes[i].outputs) used = used || live.count(o);
        if (!used) continue;
        keep[i] = true;
        for (const auto& in : g.nodes[i].inputs) live.insert(in);
    }
    std::vector<Node> nodes;
    for (size_t i = 0; i < g.nodes.size(); ++i)
        if (keep[i]) nodes.push_back(std::move(g.nodes[i]));
    g.nodes = std::move(nodes);
    std::vector<onnx::TensorData> inits;
    for (auto& t : g.initializers)
        if (live.count(t.name)) inits.push_back(std::move(t));
    g.initializers = std::move(inits);
}

bool has_negative_infinity(const Graph& g) {
    auto check = [](const onnx::TensorData& t) {
        if (!onnx::is_float_type(t.data_type) || t.numel() > 64 || t.raw.empty()) return false;
        for (double v : t.to_doubles())
            if (std::isinf(v) && v < 0) return true;
        return false;
    };
    for (const auto& t : g.initializers)
        if (check(t)) return true;
    for (const auto& n : g.nodes)
        if (n.op_type == "Constant" && n.has_attr("value") && check(n.find_attr("value")->t)) return true;
    return false;
}

bool used_by_nodes(const Graph& g, const std::string& name) {
    for (const auto& n : g.nodes)
        for (const auto& in : n.inputs)
            if (in == name) return true;
    return false;
}

}  // namespace

ModelFacts inspect_model(std::string_view onnx_bytes) {
    Model m = onnx::read_model_structure(onnx_bytes);
    ModelFacts f;
    f.ir_version = m.ir_version;
    f.ai_onnx_opset = m.opset("");
    for (const auto& v : m.graph.inputs) {
        if (m.graph.find_initializer(v.name)) continue;
        f.input_names.push_back(v.name);
        f.has_input_ids = f.has_input_ids || v.name == "input_ids";
        f.has_attention_mask = f.has_attention_mask || v.name == "attention_mask";
        f.has_token_type_ids = f.has_token_type_ids || v.name == "token_type_ids";
    }
    for (const auto& v : m.graph.outputs) f.output_names.push_back(v.name);
    std::set<std::string> custom;
    for (const auto& n : m.graph.nodes)
        if (!n.in_default_domain()) custom.insert(n.domain + "." + n.op_type);
    f.custom_domain_ops.assign(custom.begin(), custom.end());
    if (m.graph.outputs.empty()) return f;
    f.logits_output = logits_output_of(m.graph);
    try {
        gradgraph::topological_sort(m.graph);
        ShapeTable shapes = gradgraph::infer_shapes(m.graph, f.ai_onnx_opset);
        const TensorInfo* info = shapes.find(f.logits_output);
        if (info && info->known_rank()) {
            f.logits_rank = info->rank;
            if (info->rank > 0) f.num_classes = info->dims.back();
        }
    } catch (const Error&) {
        // Structure facts above stand; rank and classes stay unknown.
    }
    for (const auto& o : m.graph.outputs) {
        if (o.name != f.logits_output || !o.has_shape) continue;
        if (f.logits_rank < 0) f.logits_rank = static_cast<int>(o.dims.size());
        if (f.num_classes < 0 && !o.dims.empty() && o.dims.back().value > 0) f.num_classes = o.dims.back().value;
    }
    return f;
}

PreparedModel prepare_model(std::string_view onnx_bytes, const PrepareOptions& options,
                            const onnx::ExternalDataLoader& load_external) {
    Model model = onnx::read_model(onnx_bytes, load_external);
    check_versions(model);
    PreparedModel out;
    PrepareReport& report = out.report;
    report.ir_version = model.ir_version;
    const int64_t opset = model.opset("");
    report.ai_onnx_opset = opset;
    Graph& g = model.graph;

    refuse_quantized(g);
    report.decomposed_fused_ops = gradgraph::decompose_fused_ops(model);
    gradgraph::topological_sort(g);

    if (!find_input(g, "input_ids"))
        throw Error("the model has no 'input_ids' input; IG Lens needs a text model that takes token ids");
    for (const char* reserved : {kInputEmbeds, kBaselineEmbeds, kAlphas, kTargetWeights, kObjectiveWeights,
                                 "objective", "token_attr", "token_grad_norm"}) {
        bool clash = find_input(g, reserved) || g.find_initializer(reserved);
        for (const auto& n : g.nodes)
            for (const auto& o : n.outputs) clash = clash || o == reserved;
        if (clash)
            throw Error(std::string("the model already has a tensor named '") + reserved +
                        "'; it cannot be prepared (rename it in the export)");
    }
    const std::string logits = logits_output_of(g);
    out.has_token_type_ids = find_input(g, "token_type_ids") != nullptr;

    // --- the cut -----------------------------------------------------------------------------
    Constants constants(g);
    size_t gather_index = find_embedding_gather(g, constants);
    const Node gather = g.nodes[gather_index];
    const onnx::TensorData& table = *constants.find(gather.input(0));
    out.embeddings.vocab_size = table.dims[0];
    out.embeddings.dim = table.dims[1];
    out.embeddings.values = table.to_floats();
    const int64_t hidden = table.dims[1];
    report.cut_node = gather.name;
    report.cut_tensor = gather.outputs.at(0);
    g.nodes.erase(g.nodes.begin() + static_cast<std::ptrdiff_t>(gather_index));
    report.forward_nodes = static_cast<int>(g.nodes.size());

    // --- new inputs; old ones become per-row broadcasts ----------------------------------------
    std::vector<onnx::ValueInfo> old_inputs = g.inputs;
    g.inputs.clear();
    g.value_infos.clear();  // exporter shapes may pin the batch; ours are re-derived
    ShapeTable shapes;
    Emitter e(g, opset, shapes, "iglens/");
    const onnx::Dim T = sym("sequence"), N = sym("steps");
    g.inputs.push_back(tensor_info(kInputEmbeds, onnx::kFloat, {fixed(1), T, fixed(hidden)}));
    g.inputs.push_back(tensor_info(kBaselineEmbeds, onnx::kFloat, {fixed(1), T, fixed(hidden)}));
    g.inputs.push_back(tensor_info(kAlphas, onnx::kFloat, {N}));
    g.inputs.push_back(tensor_info("attention_mask", onnx::kInt64, {fixed(1), T}));
    if (out.has_token_type_ids) g.inputs.push_back(tensor_info("token_type_ids", onnx::kInt64, {fixed(1), T}));
    g.inputs.push_back(tensor_info("input_ids", onnx::kInt64, {fixed(1), T}));
    gradgraph::seed_shapes(g, shapes);

    std::string mask_rows, ids_rows;
    std::string row_shape = e.op("Concat", {e.shape_of(kAlphas), e.ints({1})}, {Attribute::make_int("axis", 0)});
    for (const auto& vi : old_inputs) {
        bool known = vi.name == "input_ids" || vi.name == "attention_mask" || vi.name == "token_type_ids";
        if (!known) {
            if (g.find_initializer(vi.name)) continue;  // an initializer listed as input (IR < 4 style)
            throw Error("the model has an input '" + vi.name +
                        "' besides input_ids/attention_mask/token_type_ids; IG Lens cannot feed it");
        }
        std::string rows = e.op("Expand", {vi.name, row_shape}, {}, vi.name + "_rows");
        if (vi.elem_type != onnx::kInt64 && vi.elem_type != onnx::kUndefined) rows = e.cast(rows, vi.elem_type);
        if (vi.name == "attention_mask") mask_rows = rows;
        if (vi.name == "input_ids") ids_rows = rows;
        // Re-point the forward graph (emitted nodes read the new input itself).
        std::string node_out = rows;
        for (size_t i = 0; i < static_cast<size_t>(report.forward_nodes); ++i)
            for (auto& in : g.nodes[i].inputs)
                if (in == vi.name) in = node_out;
    }

    // Shape(input_ids) (sequence length, position ids) reads the same shape from the mask, so
    // that input_ids stays an input only where its values matter.
    // (Also through Casts/Identities of input_ids, which keep its shape.)
    if (!mask_rows.empty() && !ids_rows.empty()) {
        std::unordered_set<std::string> same_shape{ids_rows};
        for (size_t i = 0; i < static_cast<size_t>(report.forward_nodes); ++i) {
            Node& n = g.nodes[i];
            if (!same_shape.count(n.input(0))) continue;
            if (n.op_type == "Shape") n.inputs[0] = mask_rows;
            else if ((n.op_type == "Cast" || n.op_type == "Identity") && !n.outputs.empty()) same_shape.insert(n.outputs[0]);
        }
    }

    // x_k = x' + alpha_k (x - x'), as the cut tensor.
    std::string diff = e.op("Sub", {kInputEmbeds, kBaselineEmbeds}, {}, "embeds_diff");
    std::string alpha3 = e.reshape(kAlphas, e.ints({-1, 1, 1}));
    e.op_to("Add", {kBaselineEmbeds, e.op("Mul", {alpha3, diff})}, {report.cut_tensor});

    gradgraph::topological_sort(g);
    shapes = ShapeTable();
    gradgraph::seed_shapes(g, shapes);
    for (const auto& n : g.nodes) gradgraph::infer_node(n, opset, shapes);
    constants.refresh();

    // --- objective -----------------------------------------------------------------------------
    const TensorInfo* logits_info = shapes.find(logits);
    int logits_rank = logits_info && logits_info->known_rank() ? logits_info->rank : -1;
    if (logits_rank < 0)
        for (const auto& o : g.outputs)
            if (o.name == logits && o.has_shape) logits_rank = static_cast<int>(o.dims.size());
    if (logits_rank != 2 && logits_rank != 3)
        throw Error("the model's output '" + logits + "' does not look like classifier logits ([batch, classes] or "
                    "[batch, tokens, classes]); IG Lens explains classification models");
    out.token_classification = logits_rank == 3;
    out.num_classes = logits_info && logits_info->known_rank() ? logits_info->dims.back() : -1;
    if (out.num_classes < 0)
        for (const auto& o : g.outputs)
            if (o.name == logits && o.has_shape && o.dims.back().value > 0) out.num_classes = o.dims.back().value;
    if (logits_info && logits_info->elem_type != onnx::kUndefined && logits_info->elem_type != onnx::kFloat)
        throw Error("the model's logits are " + std::string(onnx::elem_type_name(logits_info->elem_type)) +
                    "; IG Lens needs a float32 model");

    std::vector<onnx::Dim> logits_dims{N};
    if (out.token_classification) logits_dims.push_back(T);
    logits_dims.push_back(dim_or_sym(out.num_classes, "classes"));
    g.inputs.push_back(tensor_info(kTargetWeights, onnx::kFloat, logits_dims));
    g.inputs.push_back(tensor_info(kObjectiveWeights, onnx::kFloat, {fixed(3)}));
    gradgraph::seed_shapes(g, shapes);

    const int64_t class_axis = logits_rank - 1;
    auto weight = [&](int64_t i) {
        return e.op("Gather", {kObjectiveWeights, e.int_scalar(i)}, {Attribute::make_int("axis", 0)}, "objective_weight");
    };
    std::string prob, logprob, stop;
    if (options.problem_type == ProblemType::SingleLabel) {
        prob = e.op("Softmax", {logits}, {Attribute::make_int("axis", class_axis)}, "prob");
        stop = e.reduce_max(logits, {class_axis}, true);
        std::string shifted = e.op("Sub", {logits, stop});
        std::string lse = e.op("Log", {e.reduce_sum(e.op("Exp", {shifted}), {class_axis}, true)});
        logprob = e.op("Sub", {shifted, lse}, {}, "logprob");
    } else {
        prob = e.op("Sigmoid", {logits}, {}, "prob");
        // log σ(x) = min(x, 0) − log(1 + exp(−|x|)), in allow-listed ops.
        std::string relu = e.op("Relu", {logits});
        std::string min0 = e.op("Sub", {logits, relu});
        std::string neg_abs = e.op("Sub", {logits, e.op("Mul", {relu, e.scalar(2, onnx::kFloat)})});
        std::string softplus = e.op("Log", {e.op("Add", {e.scalar(1, onnx::kFloat), e.op("Exp", {neg_abs})})});
        logprob = e.op("Sub", {min0, softplus}, {}, "logprob");
    }
    std::string mixed = e.op("Add", {e.op("Add", {e.op("Mul", {weight(0), logits}), e.op("Mul", {weight(1), prob})}),
                                     e.op("Mul", {weight(2), logprob})});
    std::vector<int64_t> non_batch_axes;
    for (int64_t a = 1; a < logits_rank; ++a) non_batch_axes.push_back(a);
    std::string weighted = e.op("Mul", {kTargetWeights, mixed});
    if (e.opset() < 13)
        e.op_to("ReduceSum", {weighted}, {"objective"},
                {Attribute::make_ints("axes", non_batch_axes), Attribute::make_int("keepdims", 0)});
    else
        e.op_to("ReduceSum", {weighted, e.ints(non_batch_axes)}, {"objective"}, {Attribute::make_int("keepdims", 0)});

    // --- gradient -------------------------------------------------------------------------------
    std::string seed = e.op("Expand", {e.scalar(1, onnx::kFloat), e.shape_of("objective")}, {}, "seed");
    e.nan_safe_softmax = has_negative_infinity(g);
    gradgraph::GradientRequest request;
    request.wrt = {report.cut_tensor};
    request.seeds = {{"objective", seed}};
    if (!stop.empty()) request.stop_gradient.insert(stop);
    size_t before_backward = e.emitted_ops().size();
    gradgraph::GradientResult grads = gradgraph::differentiate(
        e, request, [&](const std::string& name) { return constants.find(name); });
    report.differentiated_ops = grads.differentiated_ops;
    report.backward_nodes = static_cast<int>(e.emitted_ops().size() - before_backward);
    const std::string& grad_x = grads.grads.at(report.cut_tensor);
    e.op_to("ReduceSum", e.opset() < 13 ? std::vector<std::string>{e.op("Mul", {grad_x, diff})}
                                        : std::vector<std::string>{e.op("Mul", {grad_x, diff}), e.ints({2})},
            {"token_attr"},
            e.opset() < 13 ? std::vector<Attribute>{Attribute::make_ints("axes", {2}), Attribute::make_int("keepdims", 0)}
                           : std::vector<Attribute>{Attribute::make_int("keepdims", 0)});
    e.op_to("Sqrt", {e.reduce_sum(e.op("Mul", {grad_x, grad_x}), {2}, false)}, {"token_grad_norm"});

    // --- outputs ---------------------------------------------------------------------------------
    std::string logits_name = logits;
    if (logits != "logits") {
        e.op_to("Identity", {logits}, {"logits"});
        logits_name = "logits";
    }
    std::vector<onnx::ValueInfo> outputs;
    outputs.push_back(tensor_info(logits_name, onnx::kFloat, logits_dims));
    outputs.push_back(tensor_info("objective", onnx::kFloat, {N}));
    outputs.push_back(tensor_info("token_attr", onnx::kFloat, {N, T}));
    outputs.push_back(tensor_info("token_grad_norm", onnx::kFloat, {N, T}));
    // Every 4-D softmax (the attention probabilities) becomes an output attentions.<i>. Unfetched
    // outputs cost nothing (ORT computes what the fetched outputs need, and the softmax is needed
    // anyway), so one prepared graph serves explanations with and without attention. Models whose
    // fused attention kernels hide the softmax get none (TaskJob says so when attention is asked).
    std::vector<std::pair<std::string, int64_t>> probs;  // softmax output, heads (collected first:
    for (const Node& n : g.nodes) {                        // adding the Identity nodes grows g.nodes)
        if (n.op_type != "Softmax" || n.outputs.empty()) continue;
        const TensorInfo* info = shapes.find(n.outputs[0]);
        if (info && info->rank == 4) probs.emplace_back(n.outputs[0], info->dims[1]);
    }
    int layer = 0;
    for (const auto& [prob, heads] : probs) {
        std::string name = "attentions." + std::to_string(layer++);
        e.op_to("Identity", {prob}, {name});
        outputs.push_back(tensor_info(name, onnx::kFloat, {N, dim_or_sym(heads, "heads"), T, T}));
    }
    out.num_attention_outputs = layer;
    g.outputs = outputs;
    eliminate_dead_code(g);

    // input_ids stays only if something besides the cut Gather reads it.
    if (!used_by_nodes(g, "input_ids")) {
        g.inputs.erase(std::remove_if(g.inputs.begin(), g.inputs.end(),
                                      [](const onnx::ValueInfo& v) { return v.name == "input_ids"; }),
                       g.inputs.end());
    } else {
        out.needs_input_ids = true;
    }
    if (model.ir_version < 4) model.ir_version = 4;  // initializers need not be inputs from IR 4
    gradgraph::topological_sort(g);

    std::set<std::string> outside;
    for (const auto& n : g.nodes)
        if (!op_in_webgpu_allow_list(n.op_type)) outside.insert(n.domain.empty() ? n.op_type : n.domain + "." + n.op_type);
    report.ops_outside_allow_list.assign(outside.begin(), outside.end());
    for (const auto& v : g.inputs) report.inputs.push_back(v.name);
    for (const auto& v : g.outputs) report.outputs.push_back(v.name);
    out.onnx_bytes = onnx::write_model(model);
    // Protocol buffers cap one message at 2 GiB; ONNX Runtime would refuse a larger file.
    if (out.onnx_bytes.size() > static_cast<size_t>(INT32_MAX))
        throw Error("the prepared graph would be " + std::to_string(out.onnx_bytes.size() >> 20) +
                    " MiB, over the 2 GiB limit of an ONNX file with inline weights; IG Lens cannot prepare "
                    "models this large yet (use a base-size model)");
    report.prepared_bytes = out.onnx_bytes.size();
    return out;
}

}  // namespace iglens
