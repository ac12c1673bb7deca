// Assembling the Attribution from the evaluated rows: path averages, completeness, prediction.
#include <algorithm>
#include <cmath>

#include "iglens/error.h"
#include "job_state.h"

namespace iglens {

namespace {

std::string label_of(const PreparedModelInfo& model, int64_t index) {
    if (index >= 0 && index < static_cast<int64_t>(model.labels.size()) && !model.labels[index].empty())
        return model.labels[index];
    return std::to_string(index);
}

Prediction make_prediction(const ExplainJobState& state) {
    std::vector<double> all_logits = state.probe_logits;
    if (all_logits.empty()) {
        auto found = state.rows.find(RowKey{0, 0, float_bits(1.0f)});
        if (found == state.rows.end() || found->second.logits.empty())
            throw Error("internal: no logits at the input were kept; please report this with the input");
        all_logits = found->second.logits;
    }
    const int64_t classes = state.model.num_classes;
    Prediction prediction;
    prediction.position = state.model.per_token_logits ? state.targets.front().position : -1;
    const int64_t offset = prediction.position >= 0 ? prediction.position * classes : 0;
    prediction.logits.assign(all_logits.begin() + offset, all_logits.begin() + offset + classes);
    const auto best = std::max_element(prediction.logits.begin(), prediction.logits.end());
    prediction.index = static_cast<int64_t>(best - prediction.logits.begin());
    prediction.label = label_of(state.model, prediction.index);
    prediction.probabilities.resize(static_cast<size_t>(classes));
    if (state.model.multi_label) {
        for (int64_t c = 0; c < classes; ++c) prediction.probabilities[c] = 1.0 / (1.0 + std::exp(-prediction.logits[c]));
    } else {
        double total = 0.0;
        for (int64_t c = 0; c < classes; ++c) total += prediction.probabilities[c] = std::exp(prediction.logits[c] - *best);
        for (double& p : prediction.probabilities) p /= total;
    }
    return prediction;
}

TargetAttribution attribute_target(const ExplainJobState& state, int target, const std::vector<WordSpan>& words) {
    TargetAttribution result;
    result.target = state.targets[target];
    result.label = label_of(state.model, result.target.class_index);
    const size_t length = static_cast<size_t>(state.sequence_length);
    result.token_scores.assign(length, 0.0);
    const double path_count = static_cast<double>(state.paths.size());
    Completeness& completeness = result.completeness;
    completeness.applicable = is_path_method(state.options.method);
    double worst_rel = 0.0;
    bool any_rel = false;
    for (int path = 0; path < static_cast<int>(state.paths.size()); ++path) {
        const PathIntegral integral = integrate_path(state, path, target);
        double path_sum = 0.0;
        for (size_t t = 0; t < length; ++t) {
            result.token_scores[t] += integral.token_scores[t] / path_count;
            path_sum += integral.token_scores[t];
        }
        completeness.f_input += integral.f_input / path_count;
        completeness.f_baseline += integral.f_baseline / path_count;
        const double delta = integral.f_input - integral.f_baseline;
        const double abs_error = std::fabs(path_sum - delta);
        completeness.max_path_abs_error = std::max(completeness.max_path_abs_error, abs_error);
        if (std::fabs(delta) >= state.options.near_zero_delta) {
            worst_rel = std::max(worst_rel, abs_error / std::fabs(delta));
            any_rel = true;
        }
    }
    for (double score : result.token_scores) completeness.sum += score;
    if (completeness.applicable) {
        const double delta = completeness.f_input - completeness.f_baseline;
        completeness.abs_error = std::fabs(completeness.sum - delta);
        if (std::fabs(delta) >= state.options.near_zero_delta) completeness.rel_error = completeness.abs_error / std::fabs(delta);
        if (any_rel) completeness.max_path_rel_error = worst_rel;
    }
    result.word_scores = word_scores(words, result.token_scores);
    return result;
}

}  // namespace

Attribution assemble_result(const ExplainJobState& state) {
    Attribution attribution;
    attribution.text = state.request.text;
    attribution.tokens = state.request.tokens;
    attribution.words = group_words(state.request.text, state.request.tokens);
    attribution.prediction = make_prediction(state);
    for (int target = 0; target < static_cast<int>(state.targets.size()); ++target)
        attribution.targets.push_back(attribute_target(state, target, attribution.words));
    attribution.method = state.options.method;
    attribution.quadrature = state.options.quadrature;
    attribution.steps = state.steps;
    attribution.stop_reason = state.stop_reason;
    attribution.target_rel_error = state.options.adaptive.enabled ? state.options.adaptive.target_rel_error : 0.0;
    attribution.baselines = state.reported_baselines;
    attribution.objective = state.options.objective;
    attribution.noise = state.options.noise;
    attribution.runs = state.runs_done;
    attribution.rows = state.rows_done;
    attribution.rows_per_run = state.rows_per_run;
    attribution.timings_ms.emplace_back("engine", state.engine_ms);
    attribution.timings_ms.emplace_back("total", state.wall_ms);
    for (const auto& timing : state.caller_timings) attribution.timings_ms.push_back(timing);
    return attribution;
}

}  // namespace iglens
