// The attribution methods proper: the quadrature sum of token_attr along one path (IG and
// SmoothGrad), and the per-path completeness check the adaptive mode stops on.
#include <cmath>

#include "iglens/error.h"
#include "job_state.h"

namespace iglens {

namespace {

const RowValue& row_at(const ExplainJobState& state, int path, int target, float alpha) {
    auto found = state.rows.find(RowKey{path, target, float_bits(alpha)});
    if (found == state.rows.end())
        throw Error("internal: the IG engine lost the row at alpha " + std::to_string(alpha) +
                    "; please report this with the input");
    return found->second;
}

}  // namespace

PathIntegral integrate_path(const ExplainJobState& state, int path, int target) {
    const size_t length = static_cast<size_t>(state.sequence_length);
    PathIntegral integral;
    integral.token_scores.assign(length, 0.0);
    if (!is_path_method(state.options.method)) {
        const RowValue& row = row_at(state, path, target, 1.0f);
        const std::vector<float>& values =
            state.options.method == Method::Saliency ? row.token_grad_norm : row.token_attr;
        for (size_t t = 0; t < length; ++t) integral.token_scores[t] = values[t];
        integral.f_input = row.objective;
        return integral;
    }
    // Node order, not arrival order: the sum is the same however the rows were chunked.
    const QuadratureRule& rule = state.rule;
    for (size_t k = 0; k < rule.alphas.size(); ++k) {
        const RowValue& row = row_at(state, path, target, static_cast<float>(rule.alphas[k]));
        for (size_t t = 0; t < length; ++t) integral.token_scores[t] += rule.weights[k] * row.token_attr[t];
    }
    integral.f_input = row_at(state, path, target, 1.0f).objective;
    integral.f_baseline = row_at(state, path, target, 0.0f).objective;
    return integral;
}

namespace {

bool meets_target(const ExplainJobState& state, double sum, double delta) {
    const AdaptiveOptions& adaptive = state.options.adaptive;
    const double abs_error = std::fabs(sum - delta);
    const bool relative_defined = std::fabs(delta) >= state.options.near_zero_delta;
    return abs_error <= adaptive.abs_tolerance ||
           (relative_defined && abs_error / std::fabs(delta) <= adaptive.target_rel_error);
}

}  // namespace

bool completeness_target_met(const ExplainJobState& state) {
    // Every path on its own, and their average as reported: averaging paths whose F(x) - F(x')
    // differ in sign can shrink the reported difference, and the reported error must meet the
    // target too.
    const double path_count = static_cast<double>(state.paths.size());
    for (int target = 0; target < static_cast<int>(state.targets.size()); ++target) {
        double mean_sum = 0.0, mean_delta = 0.0;
        for (int path = 0; path < static_cast<int>(state.paths.size()); ++path) {
            const PathIntegral integral = integrate_path(state, path, target);
            double sum = 0.0;
            for (double score : integral.token_scores) sum += score;
            const double delta = integral.f_input - integral.f_baseline;
            if (!meets_target(state, sum, delta)) return false;
            mean_sum += sum / path_count;
            mean_delta += delta / path_count;
        }
        if (!meets_target(state, mean_sum, mean_delta)) return false;
    }
    return true;
}

}  // namespace iglens
