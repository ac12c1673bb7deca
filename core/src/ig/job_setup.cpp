// Validating a request and building what the job integrates along: the resolved options, the
// input embeddings, one baseline per BaselineSpec and, for SmoothGrad, one noisy input per sample.
#include <cmath>

#include "iglens/error.h"
#include "iglens/ig_random.h"
#include "job_state.h"

namespace iglens {

bool is_path_method(Method method) {
    return method == Method::IntegratedGradients || method == Method::SmoothGrad;
}

namespace {

void validate_request(ExplainJobState& state) {
    ExplainRequest& request = state.request;
    const size_t length = request.input_ids.size();
    if (length == 0) throw Error("the text produced no tokens; give a non-empty text");
    if (request.tokens.size() != length)
        throw Error("the request has " + std::to_string(request.tokens.size()) + " token records for " +
                    std::to_string(length) + " token ids; pass one TokenInfo per id");
    if (request.attention_mask.empty()) request.attention_mask.assign(length, 1);
    if (request.attention_mask.size() != length)
        throw Error("attention_mask has " + std::to_string(request.attention_mask.size()) + " values for " +
                    std::to_string(length) + " tokens");
    if (request.token_type_ids.empty()) request.token_type_ids.assign(length, 0);
    if (request.token_type_ids.size() != length)
        throw Error("token_type_ids has " + std::to_string(request.token_type_ids.size()) + " values for " +
                    std::to_string(length) + " tokens");
    state.sequence_length = static_cast<int64_t>(length);
    state.keep.resize(length);
    for (size_t t = 0; t < length; ++t) state.keep[t] = request.tokens[t].special || request.attention_mask[t] == 0;
}

void validate_options(ExplainJobState& state) {
    const ExplainOptions& options = state.options;
    const int min_steps = quadrature_min_steps(options.quadrature);
    if (is_path_method(options.method)) {
        if (options.adaptive.enabled) {
            if (options.adaptive.initial_steps < min_steps || options.adaptive.max_steps < options.adaptive.initial_steps)
                throw Error("adaptive steps need " + std::to_string(min_steps) +
                            " <= initial_steps <= max_steps; got initial " +
                            std::to_string(options.adaptive.initial_steps) + ", max " +
                            std::to_string(options.adaptive.max_steps));
            if (!(options.adaptive.target_rel_error > 0.0) || !(options.adaptive.abs_tolerance > 0.0))
                throw Error("the adaptive completeness target and absolute tolerance must be positive");
        } else if (options.steps < min_steps) {
            throw Error(std::string("the ") + quadrature_name(options.quadrature) + " rule needs at least " +
                        std::to_string(min_steps) + " steps; got " + std::to_string(options.steps));
        }
        // Beyond this the float32 graph's rounding dominates any quadrature error.
        constexpr int kMostSteps = 10000;
        if (options.adaptive.enabled && options.adaptive.max_steps > kMostSteps)
            throw Error("max_steps above 10000 is not useful (float32 rounding dominates); lower it");
        if (!options.adaptive.enabled && options.steps > kMostSteps)
            throw Error("more than 10000 steps is not useful (float32 rounding dominates); lower the step count");
        if (options.baselines.empty()) throw Error("no baseline given; give at least one (e.g. mask or pad)");
    }
    if (options.method == Method::SmoothGrad) {
        if (options.noise.samples < 1 || options.noise.samples > 10000)
            throw Error("SmoothGrad needs between 1 and 10000 noise samples; got " + std::to_string(options.noise.samples));
        if (!(options.noise.stdev >= 0.0) || !std::isfinite(options.noise.stdev))
            throw Error("the SmoothGrad noise stdev must be a finite number >= 0");
    }
    if (!(options.near_zero_delta >= 0.0)) throw Error("near_zero_delta must be >= 0");
    if (state.model.num_classes <= 0) throw Error("the prepared model reports no output classes");
}

void resolve_target_list(ExplainJobState& state) {
    state.targets = state.options.targets;
    if (state.targets.empty()) state.targets.push_back(Target{});
    for (const Target& target : state.targets) {
        if (target.class_index >= state.model.num_classes)
            throw Error("target class " + std::to_string(target.class_index) + " does not exist; the model has " +
                        std::to_string(state.model.num_classes) + " classes (0.." +
                        std::to_string(state.model.num_classes - 1) + ")");
        if (target.class_index < -1) throw Error("target class indices must be >= 0 (or -1 for the predicted class)");
        if (state.model.per_token_logits) {
            if (target.position < 0 || target.position >= state.sequence_length)
                throw Error("a token-classification target needs a token position in 0.." +
                            std::to_string(state.sequence_length - 1) + "; got " + std::to_string(target.position));
        } else if (target.position != -1) {
            throw Error("this model classifies the whole text; targets must not name a token position");
        }
        if (target.class_index < 0) state.need_probe = true;
    }
    // Noisy paths have no clean alpha = 1 row to read the prediction from.
    if (state.options.method == Method::SmoothGrad) state.need_probe = true;
}

std::vector<float> noisy_copy(const std::vector<float>& input, const std::vector<bool>& keep, int64_t dim,
                              const NoiseOptions& noise, int sample) {
    std::vector<float> noisy = input;
    const std::vector<float> values = gaussian_noise(noise.seed, sample, static_cast<int64_t>(input.size()), noise.stdev);
    for (size_t t = 0; t < keep.size(); ++t) {
        if (keep[t]) continue;
        for (int64_t h = 0; h < dim; ++h) noisy[t * dim + h] += values[t * dim + h];
    }
    return noisy;
}

void build_paths(ExplainJobState& state, const EmbeddingTable& table, const SpecialTokenIds& specials) {
    const ExplainOptions& options = state.options;
    state.clean_input = lookup_embeddings(table, state.request.input_ids);
    if (!is_path_method(options.method)) {
        // One point at the input; Gradient x Input needs x' = 0 so that token_attr = grad . x.
        IntegrationPath path;
        path.input = state.clean_input;
        path.baseline.assign(state.clean_input.size(), 0.0f);
        state.paths.push_back(std::move(path));
        if (options.method == Method::GradientTimesInput) {
            BaselineSpec zero;
            zero.kind = BaselineKind::Zero;
            zero.keep_special_tokens = false;
            state.reported_baselines = {zero};
        }
        return;
    }
    std::vector<std::vector<float>> baselines;
    for (const BaselineSpec& spec : options.baselines) {
        state.reported_baselines.push_back(resolve_baseline(spec, specials));
        baselines.push_back(build_baseline_embeddings(spec, table, specials, state.request.input_ids, state.keep));
    }
    const int samples = options.method == Method::SmoothGrad ? options.noise.samples : 1;
    for (int sample = 0; sample < samples; ++sample) {
        std::vector<float> input = options.method == Method::SmoothGrad
                                       ? noisy_copy(state.clean_input, state.keep, state.embed_dim, options.noise, sample)
                                       : state.clean_input;
        for (size_t b = 0; b < baselines.size(); ++b) {
            IntegrationPath path;
            path.input = input;
            path.baseline = baselines[b];
            path.baseline_index = static_cast<int>(b);
            path.noise_sample = options.method == Method::SmoothGrad ? sample : -1;
            state.paths.push_back(std::move(path));
        }
    }
}

}  // namespace

void setup_job(ExplainJobState& state, const EmbeddingTable& table, const SpecialTokenIds& specials) {
    validate_request(state);
    validate_options(state);
    if (table.vocab <= 0 || table.dim <= 0 || !table.row)
        throw Error("the word-embedding table is empty; the prepared model must expose its [vocab, dim] table");
    state.embed_dim = table.dim;
    resolve_target_list(state);
    build_paths(state, table, specials);
    state.rows_per_run = rows_per_run(state.model.dims, state.sequence_length, state.options.memory_budget_bytes,
                                      state.options.max_rows_per_run, state.options.max_tensor_bytes);
    if (!is_path_method(state.options.method)) {
        state.steps = 1;
        state.stop_reason = StopReason::NotApplicable;
    } else if (state.options.adaptive.enabled) {
        state.steps = state.options.adaptive.initial_steps;
    } else {
        state.steps = state.options.steps;
        state.stop_reason = StopReason::FixedSteps;
    }
}

}  // namespace iglens
