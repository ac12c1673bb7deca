#include "iglens/tensor.h"

#include "iglens/error.h"

namespace iglens {

namespace {
void check_size(const std::vector<int64_t>& shape, size_t size) {
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0) throw Error("tensor shape has a negative dimension");
        n *= d;
    }
    if (static_cast<size_t>(n) != size)
        throw Error("tensor data has " + std::to_string(size) + " values but its shape holds " +
                    std::to_string(n));
}

template <typename T>
Tensor make_tensor(DType dtype, std::vector<int64_t> shape, std::vector<T> data, std::vector<T> Tensor::*field) {
    check_size(shape, data.size());
    Tensor t;
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.*field = std::move(data);
    return t;
}
}  // namespace

Tensor Tensor::floats(std::vector<int64_t> shape, std::vector<float> data) {
    return make_tensor(DType::Float32, std::move(shape), std::move(data), &Tensor::f32);
}

Tensor Tensor::doubles(std::vector<int64_t> shape, std::vector<double> data) {
    return make_tensor(DType::Float64, std::move(shape), std::move(data), &Tensor::f64);
}

Tensor Tensor::ints(std::vector<int64_t> shape, std::vector<int64_t> data) {
    return make_tensor(DType::Int64, std::move(shape), std::move(data), &Tensor::i64);
}

int64_t Tensor::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

const Tensor& find_tensor(const NamedTensors& tensors, const std::string& name) {
    for (const auto& [key, value] : tensors)
        if (key == name) return value;
    throw Error("the model run produced no tensor named '" + name + "'");
}

}  // namespace iglens
