// Vector-Jacobian product rules, one per differentiable ONNX op, written in standard ONNX ops
// only (the allow-list of allow_list.h). A rule receives the cotangents of the node's outputs
// and returns the cotangents of the inputs it was asked for.
//
// Ops with a rule (tests/core/gradgraph/vjp_rules_test.cpp checks each by finite differences):
//   elementwise  Add Sub Mul Div Pow(exponent independent of the input) Max Min Sqrt Reciprocal
//                Exp Log Neg Erf Tanh Sigmoid Softplus Relu LeakyRelu Abs Clip Where Cast
//                Identity Dropout CumSum
//   shape        Reshape Flatten Squeeze Unsqueeze Transpose Expand Tile Concat Split Slice(step 1)
//                Gather(scalar or tensor indices, one-hot form) GatherElements(opset >= 16)
//   reductions   ReduceSum ReduceMean ReduceMax ReduceMin ReduceSumSquare
//   linear       MatMul (constant 2-D weight: Gemm(transB=1), no transposed weight copy) Gemm
//   normalizing  Softmax LogSoftmax (opset < 13 coerced-2-D semantics too) LayerNormalization
//                (closed form)
// Non-float outputs (Shape, Equal, integer Gather/Slice/Concat, ...) carry no gradient.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gradgraph/emitter.h"
#include "iglens/onnx_model.h"

namespace iglens::gradgraph {

// Constant tensors of the graph (initializers and Constant outputs), by name.
using ConstantLookup = std::function<const onnx::TensorData*(const std::string&)>;

struct VjpContext {
    Emitter& e;
    const onnx::Node& node;
    std::vector<std::string> gy;  // cotangent per output, "" when that output gets none
    std::vector<bool> need;       // which inputs want a cotangent
    ConstantLookup constant;

    const std::string& in(size_t i) const { return node.input(i); }
    const std::string& out(size_t i) const { return node.outputs.at(i); }
    const std::string& g() const { return gy.at(0); }
    bool wants(size_t i) const { return i < need.size() && need[i]; }
    [[noreturn]] void refuse(const std::string& why) const;
};

struct VjpRule {
    // Inputs through which a gradient can flow; an active (float, input-dependent) tensor in
    // any other position makes the builder refuse the node.
    std::vector<int> differentiable_inputs;  // empty = every input
    std::function<std::vector<std::string>(VjpContext&)> apply;
};

// The rule for a default-domain op, or nullptr.
const VjpRule* find_vjp_rule(const std::string& op_type);
// Ops with a rule, sorted (for the report and docs).
std::vector<std::string> differentiable_ops();

}  // namespace iglens::gradgraph
