#include "ort_runner.h"

#include <gtest/gtest.h>

#include <cmath>

#include "iglens/error.h"
#include "model_folder.h"

namespace iglens {
namespace {

const std::string kTinyModel = IGLENS_SOURCE_DIR "/models/tiny/onnx/model.onnx";

NamedTensors tiny_inputs(const OrtRunner& runner, std::vector<int64_t> ids) {
    const int64_t n = static_cast<int64_t>(ids.size());
    NamedTensors inputs;
    for (const auto& name : runner.input_names()) {
        if (name == "input_ids") inputs.emplace_back(name, Tensor::ints({1, n}, ids));
        else inputs.emplace_back(name, Tensor::ints({1, n}, std::vector<int64_t>(ids.size(), name == "attention_mask")));
    }
    return inputs;
}

TEST(OrtRunner, RunsAnExportedClassifierFromFileAndFromBytes) {
    OrtRunner from_file = OrtRunner::from_file(kTinyModel);
    OrtRunner from_bytes = OrtRunner::from_bytes(read_file_bytes(kTinyModel));
    EXPECT_EQ(from_file.input_names(), from_bytes.input_names());
    NamedTensors a = from_file.run(tiny_inputs(from_file, {2, 10, 11, 12, 3}), {"logits"});
    NamedTensors b = from_bytes.run(tiny_inputs(from_bytes, {2, 10, 11, 12, 3}));
    const Tensor& la = find_tensor(a, "logits");
    ASSERT_EQ(la.dtype, DType::Float32);
    ASSERT_EQ(la.shape, (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(la.f32, find_tensor(b, "logits").f32);
    for (float v : la.f32) EXPECT_TRUE(std::isfinite(v));
}

TEST(OrtRunner, ReportsRuntimeErrorsAsIglensErrors) {
    OrtRunner runner = OrtRunner::from_file(kTinyModel);
    NamedTensors wrong = {{"no_such_input", Tensor::ints({1, 1}, {1})}};
    EXPECT_THROW(runner.run(wrong), Error);
    NamedTensors wrong_type = tiny_inputs(runner, {2, 3});
    wrong_type[0].second = Tensor::floats({1, 2}, {1.0f, 2.0f});
    EXPECT_THROW(runner.run(wrong_type), Error);
}

TEST(OrtRunner, RejectsMissingAndMalformedModelsClearly) {
    EXPECT_THROW(OrtRunner::from_file(IGLENS_SOURCE_DIR "/no/such/model.onnx"), Error);
    EXPECT_THROW(OrtRunner::from_bytes("this is not an onnx model"), Error);
    std::string truncated = read_file_bytes(kTinyModel);
    truncated.resize(truncated.size() / 2);
    EXPECT_THROW(OrtRunner::from_bytes(truncated), Error);
}

}  // namespace
}  // namespace iglens
