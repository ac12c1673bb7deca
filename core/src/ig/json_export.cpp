// JSON export of an Attribution (the CLI's --json and the web UI's download).
#include <cmath>

#include "iglens/explain_result.h"
#include "utf8_sanitize.h"

namespace iglens {

namespace {

using nlohmann::json;

// nlohmann writes NaN/Inf as null anyway; saying so explicitly keeps the schema obvious.
json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json target_json(const Target& target, const std::string& label) {
    json out = {{"index", target.class_index}, {"label", sanitize_utf8(label)}};
    if (target.position >= 0) out["position"] = target.position;
    return out;
}

json baseline_json(const BaselineSpec& spec) {
    json out = {{"kind", baseline_kind_name(spec.kind)}, {"keep_special_tokens", spec.keep_special_tokens}};
    if (spec.kind == BaselineKind::UniformRandom) out["seed"] = spec.seed;
    if (spec.kind == BaselineKind::TokenIds) out["token_ids"] = spec.token_ids;
    return out;
}

json completeness_json(const Completeness& c) {
    if (!c.applicable) return json(nullptr);
    return {{"f_input", number(c.f_input)},
            {"f_baseline", number(c.f_baseline)},
            {"sum", number(c.sum)},
            {"abs_error", number(c.abs_error)},
            {"rel_error", c.rel_error ? number(*c.rel_error) : json(nullptr)},
            {"max_path_rel_error", c.max_path_rel_error ? number(*c.max_path_rel_error) : json(nullptr)},
            {"max_path_abs_error", number(c.max_path_abs_error)}};
}

json tokens_json(const Attribution& a, const TargetAttribution& target, Normalization display) {
    const std::vector<double> shown = normalized_scores(target.token_scores, display);
    json tokens = json::array();
    for (size_t t = 0; t < a.tokens.size(); ++t) {
        const TokenInfo& token = a.tokens[t];
        tokens.push_back({{"text", sanitize_utf8(token.text)},
                          {"start", token.start},
                          {"end", token.end},
                          {"special", token.special},
                          {"word", token.word},
                          {"score", number(target.token_scores[t])},
                          {"normalized", number(shown[t])}});
    }
    return tokens;
}

json words_json(const Attribution& a, const TargetAttribution& target, Normalization display) {
    const std::vector<double> shown = normalized_scores(target.word_scores, display);
    json words = json::array();
    for (size_t w = 0; w < a.words.size(); ++w) {
        const WordSpan& word = a.words[w];
        words.push_back({{"text", sanitize_utf8(word.text)},
                         {"start", word.start},
                         {"end", word.end},
                         {"tokens", word.tokens},
                         {"score", number(target.word_scores[w])},
                         {"normalized", number(shown[w])}});
    }
    return words;
}

json one_target_json(const Attribution& a, const TargetAttribution& target, Normalization display) {
    return {{"target", target_json(target.target, target.label)},
            {"tokens", tokens_json(a, target, display)},
            {"words", words_json(a, target, display)},
            {"completeness", completeness_json(target.completeness)}};
}

}  // namespace

nlohmann::json attribution_to_json(const Attribution& a, Normalization display) {
    json out;
    json probabilities = json::array();
    for (double p : a.prediction.probabilities) probabilities.push_back(number(p));
    json logits = json::array();
    for (double l : a.prediction.logits) logits.push_back(number(l));
    out["prediction"] = {{"label", sanitize_utf8(a.prediction.label)},
                         {"index", a.prediction.index},
                         {"probabilities", probabilities},
                         {"logits", logits}};
    if (a.prediction.position >= 0) out["prediction"]["position"] = a.prediction.position;
    out["text"] = sanitize_utf8(a.text);
    if (!a.targets.empty()) {
        const json first = one_target_json(a, a.targets.front(), display);
        for (const auto& [key, value] : first.items()) out[key] = value;
    }
    out["targets"] = json::array();
    for (const TargetAttribution& target : a.targets) out["targets"].push_back(one_target_json(a, target, display));
    out["steps"] = a.steps;
    out["stop_reason"] = stop_reason_name(a.stop_reason);
    if (a.stop_reason == StopReason::TargetReached || a.stop_reason == StopReason::StepCapReached)
        out["target_rel_error"] = a.target_rel_error;
    out["method"] = method_name(a.method);
    out["quadrature"] = quadrature_name(a.quadrature);
    json baselines = json::array();
    for (const BaselineSpec& spec : a.baselines) baselines.push_back(baseline_json(spec));
    out["baseline"] = baselines.empty() ? json(nullptr) : baselines.size() == 1 ? baselines[0] : baselines;
    out["baselines_averaged"] = a.baselines.size();
    out["objective"] = objective_name(a.objective);
    if (a.method == Method::SmoothGrad)
        out["noise"] = {{"samples", a.noise.samples}, {"stdev", a.noise.stdev}, {"seed", a.noise.seed}};
    out["normalization"] = normalization_name(display);
    out["runs"] = a.runs;
    out["rows"] = a.rows;
    out["rows_per_run"] = a.rows_per_run;
    json timings = json::object();
    for (const auto& [name, ms] : a.timings_ms) timings[name] = number(ms);
    out["timings_ms"] = timings;
    return out;
}

}  // namespace iglens
