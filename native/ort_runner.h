// Runs an ONNX graph on native ONNX Runtime (CPU). The core never calls a runtime itself: it
// plans iglens::Tensor inputs, this runner executes them, and the core reads the outputs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iglens/tensor.h"

namespace iglens {

struct OrtRunnerOptions {
    int intra_op_threads = 1;  // 1 was fastest on the 2-core machines this project targets
    bool optimize = true;      // ORT graph optimizations (constant folding, fusions)
};

class OrtRunner {
public:
    // From serialized model bytes, or from a file (external data beside it is found by ORT).
    static OrtRunner from_bytes(const std::string& model_bytes, OrtRunnerOptions options = {});
    static OrtRunner from_file(const std::string& path, OrtRunnerOptions options = {});

    OrtRunner(OrtRunner&&) noexcept;
    OrtRunner& operator=(OrtRunner&&) noexcept;
    ~OrtRunner();

    const std::vector<std::string>& input_names() const;
    const std::vector<std::string>& output_names() const;

    // Runs the graph; an empty `outputs` asks for every graph output. ORT errors (bad shapes,
    // unknown inputs) come back as iglens::Error.
    NamedTensors run(const NamedTensors& inputs, const std::vector<std::string>& outputs = {});

private:
    struct Impl;
    explicit OrtRunner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace iglens
