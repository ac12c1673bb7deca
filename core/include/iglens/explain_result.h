// The finished attribution of one text: per-token and per-word scores for each explained target,
// the completeness check that says how far to trust them, and what produced them. Raw scores are
// always kept (units of the objective: Σ tokens ≈ F(x) - F(x')); normalisations are views for
// display. Exports: JSON (nlohmann::json) and a self-contained HTML snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "iglens/ig_options.h"

namespace iglens {

// One token as the tokenizer produced it. start/end are byte offsets into the UTF-8 text; word is
// the index of the word the token belongs to (-1 for special tokens and padding).
struct TokenInfo {
    std::string text;
    int64_t start = 0;
    int64_t end = 0;
    bool special = false;
    int64_t word = -1;
};

// A word: the span of its sub-tokens. Its score is the sum of theirs, so completeness holds for
// words as it does for tokens.
struct WordSpan {
    std::string text;
    int64_t start = 0;
    int64_t end = 0;
    std::vector<int64_t> tokens;
};

// Words in order of first appearance from the tokens' word indices; text is text[start, end) when
// the offsets lie inside `text` (with leading/trailing ASCII whitespace trimmed from the span),
// else the concatenated token texts.
std::vector<WordSpan> group_words(const std::string& text, const std::vector<TokenInfo>& tokens);

// Sums token scores into the given words.
std::vector<double> word_scores(const std::vector<WordSpan>& words, const std::vector<double>& token_scores);

enum class Normalization {
    Raw,     // units of the objective
    L1,      // divided by Σ|s|
    L2,      // divided by ||s||_2 (transformers-interpret's display)
    MaxAbs,  // divided by max|s|, so the strongest token is ±1
};
const char* normalization_name(Normalization mode);
Normalization parse_normalization(const std::string& name);
// All-zero scores stay zero under every mode.
std::vector<double> normalized_scores(const std::vector<double>& scores, Normalization mode);

// Completeness of the path integral: Σ attributions vs F(x) - F(x'). For several paths (noise
// samples, baselines) f_input/f_baseline are path means and the error is of the averaged
// attribution; max_path_rel_error is the worst single path (what the adaptive mode checks).
// rel_error is absent when |F(x) - F(x')| < near_zero_delta: the attribution then has nothing to
// distribute, and only abs_error is meaningful. Not applicable to Saliency/Gradient×Input.
struct Completeness {
    bool applicable = false;
    double f_input = 0.0;
    double f_baseline = 0.0;
    double sum = 0.0;
    double abs_error = 0.0;
    std::optional<double> rel_error;
    std::optional<double> max_path_rel_error;
    double max_path_abs_error = 0.0;
};

struct TargetAttribution {
    Target target;                    // resolved: class_index >= 0
    std::string label;                // the class's name, or its index as text
    std::vector<double> token_scores; // raw, one per token
    std::vector<double> word_scores;  // raw, one per WordSpan
    Completeness completeness;
};

struct Prediction {
    int64_t index = -1;               // argmax class (at `position` for token classification)
    std::string label;
    int64_t position = -1;
    std::vector<double> logits;
    std::vector<double> probabilities;  // softmax, or per-label sigmoid for multi-label models
};

enum class StopReason {
    FixedSteps,      // adaptive mode off: the requested step count was used
    TargetReached,   // adaptive: the completeness target was met
    StepCapReached,  // adaptive: max_steps reached with the target still missed
    NotApplicable,   // single-point methods (Saliency, Gradient×Input)
};
const char* stop_reason_name(StopReason reason);

struct Attribution {
    std::string text;
    std::vector<TokenInfo> tokens;
    std::vector<WordSpan> words;
    Prediction prediction;
    std::vector<TargetAttribution> targets;  // in the order requested

    Method method = Method::IntegratedGradients;
    Quadrature quadrature = Quadrature::GaussLegendre;
    int steps = 0;                       // quadrature nodes of the final result
    StopReason stop_reason = StopReason::FixedSteps;
    double target_rel_error = 0.0;       // the adaptive target, when adaptive
    std::vector<BaselineSpec> baselines;
    Objective objective = Objective::Logit;
    NoiseOptions noise;                  // meaningful for SmoothGrad
    int64_t runs = 0;                    // graph runs used
    int64_t rows = 0;                    // interpolation rows evaluated
    int64_t rows_per_run = 0;
    std::vector<std::pair<std::string, double>> timings_ms;  // engine's own plus the caller's
};

// JSON export. Top-level target, tokens, words and completeness describe the first target;
// "targets" lists all of them with the same four fields. Non-finite numbers never appear (null
// instead); text that is not valid UTF-8 has its bad bytes replaced by U+FFFD.
//   prediction   {label, index, probabilities[C], logits[C], position (token classification)}
//   text
//   target       {index, label, position?}
//   tokens       [{text, start, end, special, word, score, normalized}]   (byte offsets; raw score)
//   words        [{text, start, end, tokens[], score, normalized}]        (score = Σ sub-tokens)
//   completeness {f_input, f_baseline, sum, abs_error, rel_error (null when |ΔF| ~ 0),
//                 max_path_rel_error, max_path_abs_error}, or null for Saliency / Gradient×Input
//   targets      [{target, tokens, words, completeness}]
//   steps, stop_reason ("fixed_steps" | "target_reached" | "step_cap_reached" | "not_applicable"),
//   target_rel_error (adaptive only), method, quadrature,
//   baseline     {kind, keep_special_tokens, seed?, token_ids?} (an array when several were
//                averaged; null for Saliency), baselines_averaged, objective,
//   noise        {samples, stdev, seed} (SmoothGrad only), normalization,
//   runs, rows, rows_per_run, timings_ms {engine, total, ...caller's}
nlohmann::json attribution_to_json(const Attribution& attribution, Normalization display = Normalization::MaxAbs);

// A self-contained HTML page (inline CSS, no scripts, every text escaped) colouring each token on a
// diverging colour-blind-safe scale (blue = supports the target, orange = opposes), with the
// completeness check shown next to it.
std::string attribution_to_html(const Attribution& attribution, Normalization display = Normalization::MaxAbs);

// HTML-escapes &, <, >, " and ' (for text and attribute values).
std::string html_escape(const std::string& text);

}  // namespace iglens
