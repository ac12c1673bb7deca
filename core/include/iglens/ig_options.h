// What an explanation job computes: attribution method, path quadrature, step policy, baselines,
// objective and targets. Plain data with defaults, parsed from/to names for the CLI and the web UI.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iglens/ig_baseline.h"
#include "iglens/ig_quadrature.h"

namespace iglens {

enum class Method {
    IntegratedGradients,  // default; averaged over all baselines when several are given (Expected-Gradients style)
    Saliency,             // ||dS/dx_t||_2 at the input (token_grad_norm at alpha = 1); unsigned
    GradientTimesInput,   // sum_h dS/dx[t,h] * x[t,h]: token_attr at alpha = 1 with a zero baseline
    SmoothGrad,           // NoiseTunnel over IG: IG of x + N(0, stdev^2) per sample, averaged
};

// The attributed quantity S of a target class c (objective_weights of the prepared graph).
enum class Objective {
    Logit,           // default
    Probability,     // softmax over classes (sigmoid per label for multi-label models)
    LogProbability,
};

// One explained output. class_index -1 = the predicted class (resolved from a forward run at the
// input). position: the token position for token-classification models ([n,T,C] logits), else -1.
struct Target {
    int64_t class_index = -1;
    int64_t position = -1;
};

// Adaptive step count: start at initial_steps and refine (x2; 2n-1 for the trapezoid so the old
// nodes are reused; Gauss-Legendre nodes do not nest, so its earlier rounds cost at most as much
// again as the last) until, on every path and target, the relative completeness error is at most
// target_rel_error or the absolute error at most abs_tolerance, or max_steps is reached
// (StopReason says which). The absolute test covers |F(x) - F(x')| ~ 0, where the relative error
// is undefined (below near_zero_delta) or dominated by float32 rounding; 1e-5 sits well above
// the rounding floor of a float32 graph and well below any visible attribution.
struct AdaptiveOptions {
    bool enabled = true;
    int initial_steps = 8;
    int max_steps = 256;
    double target_rel_error = 0.01;
    double abs_tolerance = 1e-5;
};

// SmoothGrad (NoiseTunnel over IG). stdev is absolute, in embedding units (BERT's word
// embeddings have a per-value spread of ~0.05). Noise is added to non-special tokens only, so the
// positions the baseline keeps stay pinned at zero attribution.
struct NoiseOptions {
    int samples = 10;
    double stdev = 0.01;
    uint64_t seed = 0;
};

struct ExplainOptions {
    Method method = Method::IntegratedGradients;
    Quadrature quadrature = Quadrature::GaussLegendre;
    int steps = 50;                  // fixed step count when adaptive.enabled is false
    AdaptiveOptions adaptive;
    std::vector<BaselineSpec> baselines = {BaselineSpec{}};  // MASK (else PAD), special tokens kept
    Objective objective = Objective::Logit;
    std::vector<Target> targets;     // empty = the predicted class
    NoiseOptions noise;
    int64_t memory_budget_bytes = 256LL << 20;      // all activations of one run (ig_memory.h)
    int64_t max_tensor_bytes = 128LL << 20;         // its largest single tensor (WebGPU binding limit); 0 = none
    int64_t max_rows_per_run = 0;    // 0 = as many as the budget allows
    double near_zero_delta = 1e-6;   // |F(x) - F(x')| below this: no relative error (see AdaptiveOptions)
};

// Names used in JSON and on the command line: "integrated_gradients", "saliency",
// "gradient_x_input", "smoothgrad"; "logit", "probability", "log_probability".
const char* method_name(Method method);
Method parse_method(const std::string& name);
const char* objective_name(Objective objective);
Objective parse_objective(const std::string& name);

// (logit, probability, log-probability) weights for the prepared graph's objective_weights input.
void objective_weights(Objective objective, float out[3]);

}  // namespace iglens
