// A small DSL for building ONNX models in C++ tests: inputs, initializers, nodes and outputs,
// written through the core's own ONNX model structs.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "iglens/onnx_model.h"

namespace iglens::testing {

class ModelBuilder {
public:
    // `float_type` is the element type of float tensors made by the helpers (kFloat or kDouble).
    explicit ModelBuilder(int64_t opset = 14, int32_t float_type = onnx::kFloat);

    int32_t float_type() const { return float_type_; }
    int64_t opset() const { return opset_; }

    // dims: -1 declares a symbolic dim (named d0, d1, ... unless `dim_names` gives names).
    std::string input(const std::string& name, int32_t elem_type, const std::vector<int64_t>& dims,
                      const std::vector<std::string>& dim_names = {});
    void output(const std::string& name, int32_t elem_type, const std::vector<int64_t>& dims,
                const std::vector<std::string>& dim_names = {});

    std::string init_floats(const std::string& name, const std::vector<int64_t>& dims, const std::vector<double>& values);
    std::string init_random(const std::string& name, const std::vector<int64_t>& dims, std::mt19937& rng,
                            double scale = 0.5);
    std::string init_ints(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& values);
    std::string scalar(double value);  // float_type scalar initializer
    // A Constant node holding a tensor.
    std::string constant(const onnx::TensorData& value);

    std::string op(const std::string& op_type, const std::vector<std::string>& inputs,
                   std::vector<onnx::Attribute> attrs = {}, const std::string& output = "",
                   const std::string& domain = "");
    std::vector<std::string> op_n(const std::string& op_type, const std::vector<std::string>& inputs,
                                  size_t n_outputs, std::vector<onnx::Attribute> attrs = {},
                                  const std::string& domain = "");

    // Opset-aware helpers.
    std::string unsqueeze(const std::string& x, const std::vector<int64_t>& axes);
    std::string squeeze(const std::string& x, const std::vector<int64_t>& axes);
    std::string reduce(const std::string& op_type, const std::string& x, const std::vector<int64_t>& axes, int keepdims);

    onnx::Model& model() { return model_; }
    std::string bytes() const { return onnx::write_model(model_); }

private:
    std::string fresh(const std::string& hint);
    onnx::Model model_;
    int64_t opset_;
    int32_t float_type_;
    int counter_ = 0;
};

}  // namespace iglens::testing
