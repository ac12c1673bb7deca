#include "gradgraph/autodiff.h"

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "iglens/error.h"

namespace iglens::gradgraph {

void topological_sort(onnx::Graph& graph) {
    std::unordered_set<std::string> available;
    for (const auto& v : graph.inputs) available.insert(v.name);
    for (const auto& t : graph.initializers) available.insert(t.name);
    available.insert("");
    std::unordered_map<std::string, size_t> producer;
    for (size_t i = 0; i < graph.nodes.size(); ++i)
        for (const auto& o : graph.nodes[i].outputs) {
            if (o.empty()) continue;
            if (!producer.emplace(o, i).second)
                throw Error("invalid ONNX graph: tensor '" + o + "' is produced by two nodes");
        }
    std::vector<int> missing(graph.nodes.size(), 0);
    std::unordered_map<std::string, std::vector<size_t>> waiting;
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        for (const auto& in : graph.nodes[i].inputs) {
            if (available.count(in)) continue;
            if (!producer.count(in))
                throw Error("invalid ONNX graph: " + graph.nodes[i].describe() + " reads tensor '" + in +
                            "' that no node, input or initializer provides (subgraphs are not supported)");
            ++missing[i];
            waiting[in].push_back(i);
        }
    }
    std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
    for (size_t i = 0; i < graph.nodes.size(); ++i)
        if (missing[i] == 0) ready.push(i);
    std::vector<onnx::Node> sorted;
    sorted.reserve(graph.nodes.size());
    while (!ready.empty()) {
        size_t i = ready.top();
        ready.pop();
        for (const auto& o : graph.nodes[i].outputs) {
            auto it = waiting.find(o);
            if (it == waiting.end()) continue;
            for (size_t j : it->second)
                if (--missing[j] == 0) ready.push(j);
            waiting.erase(it);
        }
        sorted.push_back(std::move(graph.nodes[i]));
    }
    if (sorted.size() != graph.nodes.size()) {
        for (size_t i = 0; i < graph.nodes.size(); ++i)
            if (missing[i] > 0)
                throw Error("invalid ONNX graph: it has a cycle through " + graph.nodes[i].describe() +
                            "; re-export the model");
    }
    graph.nodes = std::move(sorted);
}

namespace {

bool is_float(int32_t t) { return onnx::is_float_type(t) || t == onnx::kUndefined; }

}  // namespace

GradientResult differentiate(Emitter& e, const GradientRequest& request, const ConstantLookup& constant) {
    onnx::Graph& graph = e.graph();
    const size_t forward_count = graph.nodes.size();
    GradientResult result;

    // Forward activity: float tensors that depend on a wrt tensor.
    std::unordered_set<std::string> active(request.wrt.begin(), request.wrt.end());
    std::vector<bool> node_active(forward_count, false);
    std::vector<std::string> unsupported(forward_count);  // why a node cannot be differentiated
    for (size_t i = 0; i < forward_count; ++i) {
        const onnx::Node& node = graph.nodes[i];
        const VjpRule* rule = node.in_default_domain() ? find_vjp_rule(node.op_type) : nullptr;
        bool any = false;
        for (size_t k = 0; k < node.inputs.size(); ++k) {
            if (!active.count(node.inputs[k])) continue;
            bool differentiable = rule && (rule->differentiable_inputs.empty() ||
                                           std::find(rule->differentiable_inputs.begin(),
                                                     rule->differentiable_inputs.end(),
                                                     static_cast<int>(k)) != rule->differentiable_inputs.end());
            if (!differentiable && unsupported[i].empty()) {
                unsupported[i] = rule ? "its input " + std::to_string(k) + " ('" + node.inputs[k] +
                                            "') depends on the embeddings, and no gradient rule covers that input"
                                      : "there is no gradient rule for this op";
            }
            any = true;
        }
        if (!any) continue;
        node_active[i] = true;
        for (const auto& o : node.outputs) {
            if (o.empty() || request.stop_gradient.count(o)) continue;
            const TensorInfo* info = e.shapes().find(o);
            if (is_float(info ? info->elem_type : onnx::kUndefined)) active.insert(o);
        }
    }

    // Backward need: active tensors from which a seed is reachable.
    std::unordered_set<std::string> needed;
    for (const auto& s : request.seeds)
        if (active.count(s.first)) needed.insert(s.first);
    std::vector<bool> node_needed(forward_count, false);
    for (size_t i = forward_count; i-- > 0;) {
        if (!node_active[i]) continue;
        const onnx::Node& node = graph.nodes[i];
        bool any = false;
        for (const auto& o : node.outputs) any = any || needed.count(o);
        if (!any) continue;
        bool wants_grad = false;
        for (const auto& in : node.inputs) wants_grad = wants_grad || active.count(in);
        if (!wants_grad) continue;
        if (!unsupported[i].empty()) {
            static const std::unordered_set<std::string> quantization = {
                "DynamicQuantizeLinear", "QuantizeLinear", "DequantizeLinear", "MatMulInteger",
                "QLinearMatMul", "ConvInteger", "MatMulIntegerToFloat", "DynamicQuantizeMatMul"};
            if (quantization.count(node.op_type))
                throw Error("cannot differentiate " + node.describe() +
                            ": the model is quantized, and gradients need the float32 model "
                            "(use onnx/model.onnx, not model_quantized.onnx or another int8/uint8 variant)");
            throw Error("cannot differentiate " + node.describe() + ": " + unsupported[i] +
                        ". IG Lens supports the ops of standard transformer classifier exports; please report the model");
        }
        node_needed[i] = true;
        for (const auto& in : node.inputs)
            if (active.count(in)) needed.insert(in);
    }

    // Reverse sweep.
    std::unordered_map<std::string, std::vector<std::string>> contributions;
    for (const auto& s : request.seeds)
        if (needed.count(s.first)) contributions[s.first].push_back(s.second);
    auto total = [&](const std::string& tensor) -> std::string {
        auto it = contributions.find(tensor);
        if (it == contributions.end() || it->second.empty()) return "";
        std::string sum = it->second[0];
        for (size_t k = 1; k < it->second.size(); ++k) sum = e.op("Add", {sum, it->second[k]}, {}, "grad_sum");
        it->second = {sum};
        return sum;
    };
    size_t emitted_before = e.emitted_ops().size();
    for (size_t i = forward_count; i-- > 0;) {
        if (!node_needed[i]) continue;
        onnx::Node node = graph.nodes[i];  // copy: emitting grows graph.nodes
        VjpContext ctx{e, node, {}, {}, constant};
        bool any = false;
        for (const auto& o : node.outputs) {
            ctx.gy.push_back(total(o));
            any = any || !ctx.gy.back().empty();
        }
        if (!any) continue;
        const VjpRule* rule = find_vjp_rule(node.op_type);
        for (const auto& in : node.inputs) ctx.need.push_back(!in.empty() && needed.count(in) > 0);
        std::vector<std::string> grads = rule->apply(ctx);
        ++result.differentiated_ops[node.op_type];
        for (size_t k = 0; k < node.inputs.size() && k < grads.size(); ++k)
            if (ctx.need[k] && !grads[k].empty()) contributions[node.inputs[k]].push_back(grads[k]);
    }
    for (const auto& w : request.wrt) {
        std::string g = total(w);
        result.grads[w] = g.empty() ? e.zeros_like(w) : g;
    }
    result.backward_nodes = static_cast<int>(e.emitted_ops().size() - emitted_before);
    return result;
}

}  // namespace iglens::gradgraph
