// Ops that both ONNX Runtime Web WebGPU EPs (native C++ and JSEP) and the WASM EP implement
// (gradients.md §5.2), plus int64 shape ops that ORT places on the CPU by itself.
#include <set>
#include <string>

#include "iglens/prepare.h"

namespace iglens {

bool op_in_webgpu_allow_list(const std::string& op_type) {
    static const std::set<std::string> allowed = {
        "Add", "Sub", "Mul", "Div", "Pow", "Neg", "Reciprocal", "Sqrt", "Exp", "Log", "Erf", "Tanh",
        "Sigmoid", "Relu", "LeakyRelu", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual",
        "Not", "Cast", "Where", "MatMul", "Gemm", "Softmax", "ReduceSum", "ReduceMean", "ReduceMax",
        "Transpose", "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity", "Shape", "Concat",
        "Split", "Slice", "Pad", "Tile", "Expand", "Gather", "GatherElements", "GatherND", "ScatterND",
        "ScatterElements", "CumSum", "Range", "ConstantOfShape", "LayerNormalization", "Einsum",
        "Constant",
    };
    return allowed.count(op_type) > 0;
}

}  // namespace iglens
