// Whole-model checks of a prepared graph (see iglens/prepare.h) against its original model, on
// native ONNX Runtime: forward invariance, the objective's definition, the gradient along the
// interpolation path and per token (Richardson-extrapolated central differences), the saliency
// norm, IG completeness, and the WebGPU allow-list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iglens/prepare.h"

namespace iglens::testing {

struct TextInput {
    std::vector<int64_t> ids;
    std::vector<int64_t> mask;   // empty = all ones
    std::vector<int64_t> types;  // empty = all zeros
};

struct PreparedCheckOptions {
    double logits_atol = 1e-5;
    double grad_rtol = 5e-3;  // float32 models: differences are Richardson-extrapolated
    double grad_atol = 2e-4;
    double completeness_rtol = 5e-3;
    bool check_allow_list = true;
    int tokens_to_probe = 2;  // per-token gradient / norm probes
    // Simpson intervals of the completeness integral (even). A trained model on a long text with
    // a random baseline bends sharply (ReLU kinks): its quadrature error needs more of them.
    int completeness_intervals = 64;
    unsigned seed = 3;
};

// Runs every check with GoogleTest assertions.
void check_prepared_model(const std::string& original_bytes, const PreparedModel& prepared, const TextInput& text,
                          const PrepareOptions& options, const PreparedCheckOptions& check = {});

}  // namespace iglens::testing
