#include "session.h"

#include <ctime>

#include <set>

#include "iglens/onnx_model.h"
#include "model_folder.h"

namespace iglens::bench {

double process_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

BenchModel load_bench_model(const std::string& folder_path) {
    const auto start = Clock::now();
    ModelFolder folder = read_model_folder(folder_path);
    const std::string original_bytes = read_file_bytes(folder.onnx_path());
    Explainer explainer = Explainer::load(folder.files, original_bytes, external_data_loader(folder));
    OrtRunner prepared = OrtRunner::from_bytes(explainer.prepared().onnx_bytes);
    // From the file, so external data beside a large model is found the same way as by ORT.
    OrtRunner original = OrtRunner::from_file(folder.onnx_path());
    BenchModel model{folder_path, std::move(explainer), std::move(prepared), std::move(original), 0, {}};
    static const std::set<std::string> kinked = {"Relu", "LeakyRelu", "PRelu", "Max", "Min", "Abs", "Clip", "Sign", "HardSigmoid", "HardSwish"};
    for (const onnx::Node& node : onnx::read_model_structure(original_bytes).graph.nodes)
        if (kinked.count(node.op_type)) ++model.kinked_ops[node.op_type];
    model.load_ms = ms_since(start);
    return model;
}

TimedExplanation explain_timed(BenchModel& model, const ExplainRequestSpec& spec) {
    TimedExplanation timed;
    const double cpu_start = process_cpu_ms();
    const auto start = Clock::now();
    ExplainJob job = model.explainer.start(spec);
    while (!job.done()) {
        NamedTensors inputs = job.next_inputs();
        const auto run_start = Clock::now();
        NamedTensors outputs = model.prepared.run(inputs, job.output_names());
        timed.model_runs_ms += ms_since(run_start);
        job.accept(outputs);
    }
    timed.attribution = job.result();
    timed.total_ms = ms_since(start);
    timed.cpu_ms = process_cpu_ms() - cpu_start;
    return timed;
}

bool completeness_reached(const Attribution& attribution, double target_rel_error) {
    if (attribution.targets.empty()) return false;
    const Completeness& c = attribution.targets.front().completeness;
    if (c.rel_error) return *c.rel_error <= target_rel_error;
    return c.abs_error <= 1e-5;
}

}  // namespace iglens::bench
