// Internal state of an ExplainJob, shared by the files that plan runs, read outputs and assemble
// the result. Not a public header.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "iglens/ig.h"

namespace iglens {

// One evaluated row, identified by path, target and the float32 alpha the graph saw (so rows
// shared between quadrature rounds, e.g. nested trapezoid nodes and the endpoints, are reused).
struct RowKey {
    int path = 0;
    int target = 0;
    uint32_t alpha_bits = 0;
    bool operator<(const RowKey& other) const {
        return std::tie(path, target, alpha_bits) < std::tie(other.path, other.target, other.alpha_bits);
    }
};

struct RowValue {
    double objective = 0.0;
    std::vector<float> token_attr;       // [T], empty when not requested
    std::vector<float> token_grad_norm;  // [T], empty when not requested
    std::vector<double> logits;          // kept only for path 0 at alpha = 1 (the prediction)
};

struct PlannedRun {
    bool probe = false;  // one row at alpha = 1 of the clean input, zero target weights: logits only
    int path = 0;
    std::vector<float> alphas;
    std::vector<int> targets;  // per row, index into State::targets
};

// One (input, baseline) pair the integral runs along.
struct IntegrationPath {
    std::vector<float> input;     // [T*E]
    std::vector<float> baseline;  // [T*E]
    int baseline_index = 0;
    int noise_sample = -1;
};

struct ExplainJobState {
    PreparedModelInfo model;
    ExplainRequest request;
    ExplainOptions options;
    int64_t sequence_length = 0;  // T
    int64_t embed_dim = 0;        // E
    std::vector<bool> keep;       // special or padding positions
    std::vector<float> clean_input;
    std::vector<IntegrationPath> paths;
    std::vector<BaselineSpec> reported_baselines;

    std::vector<Target> targets;  // class_index -1 until the probe resolves it
    std::vector<double> probe_logits;
    bool need_probe = false;
    bool rounds_started = false;  // false while the probe is still queued

    std::map<RowKey, RowValue> rows;
    std::deque<PlannedRun> queue;
    bool in_flight = false;

    int steps = 0;
    QuadratureRule rule;  // the rule for `steps`, computed once per round (O(n^2) for Gauss-Legendre)
    int round = 0;
    int64_t rows_per_run = 1;
    StopReason stop_reason = StopReason::FixedSteps;
    bool finished = false;
    std::string failure;

    int64_t runs_done = 0;
    int64_t rows_done = 0;
    int64_t rows_in_queue = 0;
    double engine_ms = 0.0;
    std::chrono::steady_clock::time_point started;
    double wall_ms = 0.0;
    std::vector<std::pair<std::string, double>> caller_timings;
};

// True for the methods that integrate along a path (IG, SmoothGrad).
bool is_path_method(Method method);

// job_setup.cpp: validates the request and builds targets, embeddings and paths.
void setup_job(ExplainJobState& state, const EmbeddingTable& table, const SpecialTokenIds& specials);

// job_plan.cpp: queues the runs of the current round (rows not yet evaluated), or the probe.
void plan_probe(ExplainJobState& state);
void plan_round(ExplainJobState& state);
// The inputs of a planned run.
NamedTensors run_inputs(const ExplainJobState& state, const PlannedRun& run);

// job_outputs.cpp: checks a run's outputs and stores its rows; throws iglens::Error.
void store_run_outputs(ExplainJobState& state, const PlannedRun& run, const NamedTensors& outputs);
// Resolves predicted-class targets from the probe logits.
void resolve_targets(ExplainJobState& state);

// path_integral.cpp: the attribution of one target along one path with the current rule.
struct PathIntegral {
    std::vector<double> token_scores;
    double f_input = 0.0;
    double f_baseline = 0.0;
};
PathIntegral integrate_path(const ExplainJobState& state, int path, int target);
// Worst per-path completeness over paths and targets; true when every one meets the adaptive target.
bool completeness_target_met(const ExplainJobState& state);

// job_result.cpp
Attribution assemble_result(const ExplainJobState& state);

uint32_t float_bits(float value);

}  // namespace iglens
