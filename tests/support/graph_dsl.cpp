#include "support/graph_dsl.h"

namespace iglens::testing {

ModelBuilder::ModelBuilder(int64_t opset, int32_t float_type) : opset_(opset), float_type_(float_type) {
    model_.ir_version = 8;
    model_.producer_name = "iglens-tests";
    model_.opsets.push_back({"", opset});
    model_.graph.name = "test";
}

std::string ModelBuilder::fresh(const std::string& hint) { return hint + "_" + std::to_string(counter_++); }

namespace {
onnx::ValueInfo value_info(const std::string& name, int32_t elem_type, const std::vector<int64_t>& dims,
                           const std::vector<std::string>& dim_names) {
    onnx::ValueInfo v;
    v.name = name;
    v.elem_type = elem_type;
    v.has_shape = true;
    for (size_t i = 0; i < dims.size(); ++i) {
        onnx::Dim d;
        if (dims[i] >= 0) d.value = dims[i];
        else d.param = i < dim_names.size() ? dim_names[i] : name + "_d" + std::to_string(i);
        v.dims.push_back(d);
    }
    return v;
}
}  // namespace

std::string ModelBuilder::input(const std::string& name, int32_t elem_type, const std::vector<int64_t>& dims,
                                const std::vector<std::string>& dim_names) {
    model_.graph.inputs.push_back(value_info(name, elem_type, dims, dim_names));
    return name;
}

void ModelBuilder::output(const std::string& name, int32_t elem_type, const std::vector<int64_t>& dims,
                          const std::vector<std::string>& dim_names) {
    model_.graph.outputs.push_back(value_info(name, elem_type, dims, dim_names));
}

std::string ModelBuilder::init_floats(const std::string& name, const std::vector<int64_t>& dims,
                                      const std::vector<double>& values) {
    model_.graph.initializers.push_back(onnx::TensorData::of_type(float_type_, name, dims, values));
    return name;
}

std::string ModelBuilder::init_random(const std::string& name, const std::vector<int64_t>& dims, std::mt19937& rng,
                                      double scale) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    std::normal_distribution<double> normal(0.0, scale);
    std::vector<double> v(static_cast<size_t>(n));
    for (auto& x : v) x = normal(rng);
    return init_floats(name, dims, v);
}

std::string ModelBuilder::init_ints(const std::string& name, const std::vector<int64_t>& dims,
                                    const std::vector<int64_t>& values) {
    model_.graph.initializers.push_back(onnx::TensorData::ints(name, dims, values));
    return name;
}

std::string ModelBuilder::scalar(double value) { return init_floats(fresh("scalar"), {}, {value}); }

std::string ModelBuilder::constant(const onnx::TensorData& value) {
    onnx::TensorData t = value;
    t.name.clear();
    return op("Constant", {}, {onnx::Attribute::make_tensor("value", t)});
}

std::string ModelBuilder::op(const std::string& op_type, const std::vector<std::string>& inputs,
                             std::vector<onnx::Attribute> attrs, const std::string& output, const std::string& domain) {
    onnx::Node n;
    n.op_type = op_type;
    n.domain = domain;
    n.inputs = inputs;
    n.attributes = std::move(attrs);
    std::string out = output.empty() ? fresh(op_type) : output;
    n.name = fresh("node_" + op_type);
    n.outputs = {out};
    model_.graph.nodes.push_back(std::move(n));
    return out;
}

std::vector<std::string> ModelBuilder::op_n(const std::string& op_type, const std::vector<std::string>& inputs,
                                            size_t n_outputs, std::vector<onnx::Attribute> attrs,
                                            const std::string& domain) {
    onnx::Node n;
    n.op_type = op_type;
    n.domain = domain;
    n.inputs = inputs;
    n.attributes = std::move(attrs);
    n.name = fresh("node_" + op_type);
    for (size_t i = 0; i < n_outputs; ++i) n.outputs.push_back(fresh(op_type + "_out"));
    model_.graph.nodes.push_back(n);
    return n.outputs;
}

std::string ModelBuilder::unsqueeze(const std::string& x, const std::vector<int64_t>& axes) {
    if (opset_ < 13) return op("Unsqueeze", {x}, {onnx::Attribute::make_ints("axes", axes)});
    return op("Unsqueeze", {x, init_ints(fresh("axes"), {static_cast<int64_t>(axes.size())}, axes)});
}

std::string ModelBuilder::squeeze(const std::string& x, const std::vector<int64_t>& axes) {
    if (opset_ < 13) return op("Squeeze", {x}, {onnx::Attribute::make_ints("axes", axes)});
    return op("Squeeze", {x, init_ints(fresh("axes"), {static_cast<int64_t>(axes.size())}, axes)});
}

std::string ModelBuilder::reduce(const std::string& op_type, const std::string& x, const std::vector<int64_t>& axes,
                                 int keepdims) {
    std::vector<onnx::Attribute> attrs{onnx::Attribute::make_int("keepdims", keepdims)};
    bool as_input = op_type == "ReduceSum" ? opset_ >= 13 : opset_ >= 18;
    if (!as_input) {
        if (!axes.empty()) attrs.push_back(onnx::Attribute::make_ints("axes", axes));
        return op(op_type, {x}, attrs);
    }
    if (axes.empty()) return op(op_type, {x}, attrs);
    return op(op_type, {x, init_ints(fresh("axes"), {static_cast<int64_t>(axes.size())}, axes)}, attrs);
}

}  // namespace iglens::testing
