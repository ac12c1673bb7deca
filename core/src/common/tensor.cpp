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
}  // namespace

Tensor Tensor::floats(std::vector<int64_t> shape, std::vector<float> data) {
    check_size(shape, data.size());
    Tensor t;
    t.dtype = DType::Float32;
    t.shape = std::move(shape);
    t.f32 = std::move(data);
    return t;
}

Tensor Tensor::doubles(std::vector<int64_t> shape, std::vector<double> data) {
    check_size(shape, data.size());
    Tensor t;
    t.dtype = DType::Float64;
    t.shape = std::move(shape);
    t.f64 = std::move(data);
    return t;
}

Tensor Tensor::ints(std::vector<int64_t> shape, std::vector<int64_t> data) {
    check_size(shape, data.size());
    Tensor t;
    t.dtype = DType::Int64;
    t.shape = std::move(shape);
    t.i64 = std::move(data);
    return t;
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
