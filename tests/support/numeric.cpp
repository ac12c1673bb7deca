#include "support/numeric.h"

#include <cmath>
#include <stdexcept>

namespace iglens::testing {

Tensor random_tensor(DType dtype, const std::vector<int64_t>& shape, std::mt19937& rng, double scale) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::normal_distribution<double> normal(0.0, scale);
    std::vector<double> v(static_cast<size_t>(n));
    for (auto& x : v) x = normal(rng);
    if (dtype == DType::Float64) return Tensor::doubles(shape, v);
    return Tensor::floats(shape, std::vector<float>(v.begin(), v.end()));
}

std::vector<double> values_of(const Tensor& t) {
    switch (t.dtype) {
        case DType::Float32: return std::vector<double>(t.f32.begin(), t.f32.end());
        case DType::Float64: return t.f64;
        case DType::Int64: return std::vector<double>(t.i64.begin(), t.i64.end());
    }
    return {};
}

Tensor with_values(const Tensor& like, const std::vector<double>& values) {
    if (like.dtype == DType::Float64) return Tensor::doubles(like.shape, values);
    if (like.dtype == DType::Float32) return Tensor::floats(like.shape, std::vector<float>(values.begin(), values.end()));
    throw std::runtime_error("with_values: not a float tensor");
}

double dot(const Tensor& a, const Tensor& b) {
    std::vector<double> x = values_of(a), y = values_of(b);
    if (x.size() != y.size()) throw std::runtime_error("dot: size mismatch");
    double s = 0;
    for (size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return s;
}

Tensor axpy(const Tensor& a, double s, const Tensor& b) {
    std::vector<double> x = values_of(a), y = values_of(b);
    if (x.size() != y.size()) throw std::runtime_error("axpy: size mismatch");
    for (size_t i = 0; i < x.size(); ++i) x[i] += s * y[i];
    return with_values(a, x);
}

double max_abs(const Tensor& t) {
    double m = 0;
    for (double v : values_of(t)) m = std::max(m, std::fabs(v));
    return m;
}

}  // namespace iglens::testing
