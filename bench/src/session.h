// One model folder loaded for benchmarking: the Explainer, a runner on its prepared graph (what
// every explanation runs), and a runner on the original graph (for forward-pass comparisons).
// Explanations are driven exactly as the CLI drives them (cli/explain.cpp).
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "iglens/explainer.h"
#include "ort_runner.h"

namespace iglens::bench {

using Clock = std::chrono::steady_clock;
inline double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}
// CPU time of the whole process (every thread) in ms: on a shared, overloaded machine the wall
// time includes waiting for a core, the CPU time does not, so both are reported.
double process_cpu_ms();

struct BenchModel {
    std::string path;
    Explainer explainer;
    OrtRunner prepared;
    OrtRunner original;
    double load_ms = 0;  // reading, preparing and creating both sessions (reported, never in a timing)
    // Nodes of the original graph whose derivative jumps (Relu, Max, Abs, ...), by op type: they
    // make the IG integrand piecewise smooth, which is what limits Gauss-Legendre's advantage.
    std::map<std::string, int> kinked_ops;
};

BenchModel load_bench_model(const std::string& folder_path);

struct TimedExplanation {
    Attribution attribution;
    double total_ms = 0;       // from start() to result(): tokenizing, planning, runs, accumulation
    double model_runs_ms = 0;  // the ONNX Runtime runs alone
    double cpu_ms = 0;         // process CPU time over the same span as total_ms
};

TimedExplanation explain_timed(BenchModel& model, const ExplainRequestSpec& spec);

// Whether the first target's completeness counts as reached: relative error <= target, or,
// where the relative error is undefined (|F(x) - F(x')| ~ 0), the adaptive mode's absolute rule.
bool completeness_reached(const Attribution& attribution, double target_rel_error = 0.01);

}  // namespace iglens::bench
