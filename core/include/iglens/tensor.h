// A dense tensor as it crosses the boundary between the core and a model runner (native ONNX
// Runtime, ONNX Runtime Web): the core plans the inputs of a run and reads its outputs in this
// form, and never touches a runtime itself.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace iglens {

enum class DType { Float32, Float64, Int64 };

struct Tensor {
    DType dtype = DType::Float32;
    std::vector<int64_t> shape;
    std::vector<float> f32;    // the data when dtype == Float32
    std::vector<double> f64;   // the data when dtype == Float64
    std::vector<int64_t> i64;  // the data when dtype == Int64

    static Tensor floats(std::vector<int64_t> shape, std::vector<float> data);
    static Tensor doubles(std::vector<int64_t> shape, std::vector<double> data);
    static Tensor ints(std::vector<int64_t> shape, std::vector<int64_t> data);

    // Product of the dims (1 for a scalar).
    int64_t numel() const;
};

// Inputs or outputs of one run, by graph input/output name, in a stable order.
using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

// The tensor called `name`, or iglens::Error naming what is missing.
const Tensor& find_tensor(const NamedTensors& tensors, const std::string& name);

}  // namespace iglens
