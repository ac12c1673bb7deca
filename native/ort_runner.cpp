#include "ort_runner.h"

#include <onnxruntime_cxx_api.h>

#include "iglens/error.h"

namespace iglens {

namespace {

Ort::Env& shared_env() {
    static Ort::Env env(ORT_LOGGING_LEVEL_ERROR, "iglens");
    return env;
}

Ort::SessionOptions session_options(const OrtRunnerOptions& options) {
    Ort::SessionOptions so;
    so.SetIntraOpNumThreads(options.intra_op_threads);
    so.SetInterOpNumThreads(1);
    so.SetGraphOptimizationLevel(options.optimize ? GraphOptimizationLevel::ORT_ENABLE_ALL
                                                  : GraphOptimizationLevel::ORT_DISABLE_ALL);
    return so;
}

Ort::Value to_ort(const Tensor& t) {
    static const Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    // ORT reads the data in place: the caller's tensor outlives the Run call.
    switch (t.dtype) {
        case DType::Float32:
            return Ort::Value::CreateTensor<float>(cpu, const_cast<float*>(t.f32.data()), t.f32.size(),
                                                   t.shape.data(), t.shape.size());
        case DType::Float64:
            return Ort::Value::CreateTensor<double>(cpu, const_cast<double*>(t.f64.data()), t.f64.size(),
                                                    t.shape.data(), t.shape.size());
        case DType::Int64:
            return Ort::Value::CreateTensor<int64_t>(cpu, const_cast<int64_t*>(t.i64.data()), t.i64.size(),
                                                     t.shape.data(), t.shape.size());
    }
    throw Error("unknown tensor type");
}

Tensor from_ort(const Ort::Value& value, const std::string& name) {
    if (!value.IsTensor()) throw Error("model output '" + name + "' is not a tensor");
    auto info = value.GetTensorTypeAndShapeInfo();
    std::vector<int64_t> shape = info.GetShape();
    size_t n = info.GetElementCount();
    switch (info.GetElementType()) {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: {
            const float* p = value.GetTensorData<float>();
            return Tensor::floats(shape, std::vector<float>(p, p + n));
        }
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: {
            const double* p = value.GetTensorData<double>();
            return Tensor::doubles(shape, std::vector<double>(p, p + n));
        }
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: {
            const int64_t* p = value.GetTensorData<int64_t>();
            return Tensor::ints(shape, std::vector<int64_t>(p, p + n));
        }
        default:
            throw Error("model output '" + name + "' has an element type IG Lens does not read "
                        "(expected float32, float64 or int64)");
    }
}

}  // namespace

struct OrtRunner::Impl {
    Ort::Session session{nullptr};
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;

    explicit Impl(Ort::Session s) : session(std::move(s)) {
        Ort::AllocatorWithDefaultOptions alloc;
        for (size_t i = 0; i < session.GetInputCount(); ++i)
            inputs.push_back(session.GetInputNameAllocated(i, alloc).get());
        for (size_t i = 0; i < session.GetOutputCount(); ++i)
            outputs.push_back(session.GetOutputNameAllocated(i, alloc).get());
    }
};

OrtRunner::OrtRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OrtRunner::OrtRunner(OrtRunner&&) noexcept = default;
OrtRunner& OrtRunner::operator=(OrtRunner&&) noexcept = default;
OrtRunner::~OrtRunner() = default;

OrtRunner OrtRunner::from_bytes(const std::string& model_bytes, OrtRunnerOptions options) {
    try {
        return OrtRunner(std::make_unique<Impl>(
            Ort::Session(shared_env(), model_bytes.data(), model_bytes.size(), session_options(options))));
    } catch (const Ort::Exception& e) {
        throw Error(std::string("ONNX Runtime could not load the model: ") + e.what());
    }
}

OrtRunner OrtRunner::from_file(const std::string& path, OrtRunnerOptions options) {
    try {
        return OrtRunner(std::make_unique<Impl>(Ort::Session(shared_env(), path.c_str(), session_options(options))));
    } catch (const Ort::Exception& e) {
        throw Error("ONNX Runtime could not load '" + path + "': " + e.what());
    }
}

const std::vector<std::string>& OrtRunner::input_names() const { return impl_->inputs; }
const std::vector<std::string>& OrtRunner::output_names() const { return impl_->outputs; }

NamedTensors OrtRunner::run(const NamedTensors& inputs, const std::vector<std::string>& outputs) {
    const std::vector<std::string>& wanted = outputs.empty() ? impl_->outputs : outputs;
    std::vector<const char*> in_names, out_names;
    std::vector<Ort::Value> in_values;
    for (const auto& [name, tensor] : inputs) {
        in_names.push_back(name.c_str());
        in_values.push_back(to_ort(tensor));
    }
    for (const auto& name : wanted) out_names.push_back(name.c_str());
    try {
        auto values = impl_->session.Run(Ort::RunOptions{nullptr}, in_names.data(), in_values.data(),
                                         in_values.size(), out_names.data(), out_names.size());
        NamedTensors result;
        for (size_t i = 0; i < values.size(); ++i) result.emplace_back(wanted[i], from_ort(values[i], wanted[i]));
        return result;
    } catch (const Ort::Exception& e) {
        throw Error(std::string("ONNX Runtime run failed: ") + e.what());
    }
}

}  // namespace iglens
