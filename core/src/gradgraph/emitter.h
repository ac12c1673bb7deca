// Appends nodes to a graph being built: fresh tensor names, cached constants and shape
// tensors, and opset-aware forms of the ops whose signature changed across opsets 11-17
// (ReduceSum/Squeeze/Unsqueeze axes as attribute before 13, as input from 13). Every emitted
// node is shape-inferred at once so that later rules can ask for ranks and dims.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gradgraph/shape_infer.h"
#include "iglens/onnx_model.h"

namespace iglens::gradgraph {

class Emitter {
public:
    Emitter(onnx::Graph& graph, int64_t opset, ShapeTable& shapes, std::string prefix);

    int64_t opset() const { return opset_; }
    ShapeTable& shapes() { return shapes_; }
    onnx::Graph& graph() { return graph_; }

    std::string fresh(const std::string& hint);
    // Adds a node with one output and returns the output's name.
    std::string op(const std::string& op_type, const std::vector<std::string>& inputs,
                   std::vector<onnx::Attribute> attrs = {}, const std::string& hint = "");
    // Adds a node with the given output names.
    void op_to(const std::string& op_type, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs, std::vector<onnx::Attribute> attrs = {});

    // Scalar constant of an element type, as a (cached) initializer.
    std::string scalar(double value, int32_t elem_type);
    // 1-D int64 constant (cached).
    std::string ints(const std::vector<int64_t>& values);
    // 0-D int64 constant (cached).
    std::string int_scalar(int64_t value);

    std::string shape_of(const std::string& tensor);  // cached Shape node
    // Dim `axis` of `tensor` as a 1-element int64 tensor (static constant when known).
    std::string dim_of(const std::string& tensor, int64_t axis);

    std::string reduce_sum(const std::string& x, const std::vector<int64_t>& axes, bool keepdims);
    std::string reduce_mean(const std::string& x, const std::vector<int64_t>& axes, bool keepdims);
    std::string reduce_max(const std::string& x, const std::vector<int64_t>& axes, bool keepdims);
    std::string unsqueeze(const std::string& x, const std::vector<int64_t>& axes);
    std::string squeeze(const std::string& x, const std::vector<int64_t>& axes);
    std::string reshape(const std::string& x, const std::string& shape);
    std::string reshape_like(const std::string& x, const std::string& like);
    std::string zeros_like(const std::string& like);
    std::string cast(const std::string& x, int32_t to);

    // Sums `t` over its broadcast axes so that it has the shape of `like` (numpy un-broadcast).
    std::string unbroadcast(const std::string& t, const std::string& like);

    int rank(const std::string& tensor) const { return shapes_.rank_of(tensor); }
    int32_t type(const std::string& tensor) const { return shapes_.type_of(tensor); }

    // Set when the model masks with -inf: a fully masked softmax row is then NaN in the forward
    // pass (and zeroed after), and the Softmax VJP must not spread that NaN.
    bool nan_safe_softmax = false;

    // Ops of every node emitted so far (for the allow-list check and the report).
    const std::vector<std::string>& emitted_ops() const { return emitted_ops_; }

private:
    std::string reduce_with_axes(const std::string& op_type, const std::string& x,
                                 const std::vector<int64_t>& axes, bool keepdims, int64_t axes_input_opset);

    onnx::Graph& graph_;
    int64_t opset_;
    ShapeTable& shapes_;
    std::string prefix_;
    std::set<std::string> used_names_;
    int counter_ = 0;
    std::map<std::string, std::string> constants_;
    std::map<std::string, std::string> shape_cache_;
    std::vector<std::string> emitted_ops_;
};

}  // namespace iglens::gradgraph
