// Numeric helpers for gradient tests: random tensors, inner products, perturbations.
#pragma once

#include <random>
#include <vector>

#include "iglens/tensor.h"

namespace iglens::testing {

// Normal(0, scale) values of the given float dtype.
Tensor random_tensor(DType dtype, const std::vector<int64_t>& shape, std::mt19937& rng, double scale = 1.0);
std::vector<double> values_of(const Tensor& t);
Tensor with_values(const Tensor& like, const std::vector<double>& values);
double dot(const Tensor& a, const Tensor& b);
// a + s·b (same dtype and shape).
Tensor axpy(const Tensor& a, double s, const Tensor& b);
double max_abs(const Tensor& t);

}  // namespace iglens::testing
