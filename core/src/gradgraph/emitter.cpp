#include "gradgraph/emitter.h"

#include <cmath>
#include <cstring>

#include "iglens/error.h"

namespace iglens::gradgraph {

using onnx::Attribute;

Emitter::Emitter(onnx::Graph& graph, int64_t opset, ShapeTable& shapes, std::string prefix)
    : graph_(graph), opset_(opset), shapes_(shapes), prefix_(std::move(prefix)) {
    for (const auto& n : graph.nodes) {
        used_names_.insert(n.name);
        for (const auto& o : n.outputs) used_names_.insert(o);
        for (const auto& i : n.inputs) used_names_.insert(i);
    }
    for (const auto& t : graph.initializers) used_names_.insert(t.name);
    for (const auto& v : graph.inputs) used_names_.insert(v.name);
    for (const auto& v : graph.outputs) used_names_.insert(v.name);
}

std::string Emitter::fresh(const std::string& hint) {
    for (;;) {
        std::string name = prefix_ + hint + "_" + std::to_string(counter_++);
        if (used_names_.insert(name).second) return name;
    }
}

void Emitter::op_to(const std::string& op_type, const std::vector<std::string>& inputs,
                    const std::vector<std::string>& outputs, std::vector<Attribute> attrs) {
    onnx::Node node;
    node.op_type = op_type;
    node.inputs = inputs;
    node.outputs = outputs;
    node.attributes = std::move(attrs);
    node.name = outputs.empty() ? fresh(op_type) : outputs[0];
    used_names_.insert(node.name);
    for (const auto& o : outputs) used_names_.insert(o);
    infer_node(node, opset_, shapes_);
    emitted_ops_.push_back(op_type);
    graph_.nodes.push_back(std::move(node));
}

std::string Emitter::op(const std::string& op_type, const std::vector<std::string>& inputs,
                        std::vector<Attribute> attrs, const std::string& hint) {
    std::string out = fresh(hint.empty() ? op_type : hint);
    op_to(op_type, inputs, {out}, std::move(attrs));
    return out;
}

std::string Emitter::scalar(double value, int32_t elem_type) {
    char bits[sizeof(double)];
    std::memcpy(bits, &value, sizeof(double));
    std::string key = "s" + std::to_string(elem_type) + ":" + std::string(bits, sizeof(double));
    auto it = constants_.find(key);
    if (it != constants_.end()) return it->second;
    std::string name = fresh("const");
    onnx::TensorData t = onnx::TensorData::of_type(elem_type, name, {}, {value});
    shapes_.set(name, [&] {
        TensorInfo info;
        info.elem_type = elem_type;
        info.rank = 0;
        if (elem_type == onnx::kInt64) {
            info.has_values = true;
            info.values = {static_cast<int64_t>(value)};
        }
        return info;
    }());
    graph_.initializers.push_back(std::move(t));
    constants_[key] = name;
    return name;
}

std::string Emitter::ints(const std::vector<int64_t>& values) {
    std::string key = "i";
    for (int64_t v : values) key += std::to_string(v) + ",";
    auto it = constants_.find(key);
    if (it != constants_.end()) return it->second;
    std::string name = fresh("ints");
    graph_.initializers.push_back(
        onnx::TensorData::ints(name, {static_cast<int64_t>(values.size())}, values));
    TensorInfo info;
    info.elem_type = onnx::kInt64;
    info.rank = 1;
    info.dims = {static_cast<int64_t>(values.size())};
    info.has_values = true;
    info.values = values;
    shapes_.set(name, info);
    constants_[key] = name;
    return name;
}

std::string Emitter::int_scalar(int64_t value) { return scalar(static_cast<double>(value), onnx::kInt64); }

std::string Emitter::shape_of(const std::string& tensor) {
    auto it = shape_cache_.find(tensor);
    if (it != shape_cache_.end()) return it->second;
    std::string s = op("Shape", {tensor}, {}, "shape");
    shape_cache_[tensor] = s;
    return s;
}

std::string Emitter::dim_of(const std::string& tensor, int64_t axis) {
    const TensorInfo& info = shapes_.at(tensor);
    if (info.known_rank() && axis >= 0 && axis < info.rank && info.dims[axis] >= 0)
        return ints({info.dims[axis]});
    return op("Slice", {shape_of(tensor), ints({axis}), ints({axis + 1}), ints({0})}, {}, "dim");
}

std::string Emitter::reduce_with_axes(const std::string& op_type, const std::string& x,
                                      const std::vector<int64_t>& axes, bool keepdims,
                                      int64_t axes_input_opset) {
    std::vector<Attribute> attrs{Attribute::make_int("keepdims", keepdims ? 1 : 0)};
    if (opset_ < axes_input_opset) {
        attrs.push_back(Attribute::make_ints("axes", axes));
        return op(op_type, {x}, std::move(attrs));
    }
    return op(op_type, {x, ints(axes)}, std::move(attrs));
}

std::string Emitter::reduce_sum(const std::string& x, const std::vector<int64_t>& axes, bool keepdims) {
    if (axes.empty()) throw Error("internal: empty ReduceSum axes");
    return reduce_with_axes("ReduceSum", x, axes, keepdims, 13);
}

std::string Emitter::reduce_mean(const std::string& x, const std::vector<int64_t>& axes, bool keepdims) {
    return reduce_with_axes("ReduceMean", x, axes, keepdims, 18);
}

std::string Emitter::reduce_max(const std::string& x, const std::vector<int64_t>& axes, bool keepdims) {
    return reduce_with_axes("ReduceMax", x, axes, keepdims, 18);
}

std::string Emitter::unsqueeze(const std::string& x, const std::vector<int64_t>& axes) {
    if (opset_ < 13) return op("Unsqueeze", {x}, {Attribute::make_ints("axes", axes)});
    return op("Unsqueeze", {x, ints(axes)});
}

std::string Emitter::squeeze(const std::string& x, const std::vector<int64_t>& axes) {
    if (opset_ < 13) return op("Squeeze", {x}, {Attribute::make_ints("axes", axes)});
    return op("Squeeze", {x, ints(axes)});
}

std::string Emitter::reshape(const std::string& x, const std::string& shape) {
    return op("Reshape", {x, shape});
}

std::string Emitter::reshape_like(const std::string& x, const std::string& like) {
    return reshape(x, shape_of(like));
}

std::string Emitter::zeros_like(const std::string& like) {
    return op("Expand", {scalar(0.0, type(like)), shape_of(like)}, {}, "zeros");
}

std::string Emitter::cast(const std::string& x, int32_t to) {
    return op("Cast", {x}, {Attribute::make_int("to", to)});
}

std::string Emitter::unbroadcast(const std::string& t, const std::string& like) {
    const TensorInfo& ti = shapes_.at(t);
    const TensorInfo& li = shapes_.at(like);
    if (!ti.known_rank() || !li.known_rank())
        throw Error("cannot tell the rank of '" + (ti.known_rank() ? like : t) +
                    "' to undo a broadcast (please report the model)");
    int lead = ti.rank - li.rank;
    if (lead < 0) throw Error("internal: gradient of '" + like + "' has a lower rank than the tensor");
    std::vector<int64_t> axes;
    for (int i = 0; i < lead; ++i) axes.push_back(i);
    bool same = lead == 0;
    for (int i = 0; i < li.rank; ++i) {
        int64_t dl = li.dims[i], dt = ti.dims[lead + i];
        // A size-1 dim of `like` facing anything but a known 1 was (or may have been) broadcast;
        // summing over a true size-1 axis is harmless.
        if (dl == 1 && dt != 1) axes.push_back(lead + i);
        if (dl != dt || dl == kUnknownDim) same = false;
    }
    if (axes.empty()) {
        // No broadcast axis can be proven; the Reshape still makes a wrong guess fail loudly
        // at run time instead of silently mixing up shapes.
        return same ? t : reshape_like(t, like);
    }
    std::string reduced = reduce_sum(t, axes, true);
    return reshape_like(reduced, like);
}

}  // namespace iglens::gradgraph
