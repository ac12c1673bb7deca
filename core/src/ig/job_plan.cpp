// Planning: which (path, alpha, target) rows a round needs, split into runs of at most
// rows_per_run rows, and the input tensors of each run.
#include <algorithm>
#include <cstring>
#include <set>

#include "iglens/error.h"
#include "job_state.h"

namespace iglens {

uint32_t float_bits(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

void plan_probe(ExplainJobState& state) {
    PlannedRun run;
    run.probe = true;
    run.alphas = {1.0f};
    run.targets = {-1};
    state.queue.push_back(run);
    state.rows_in_queue += 1;
}

namespace {

// Alphas of the round in increasing order, as the float32 values the graph receives.
std::vector<float> round_alphas(const ExplainJobState& state) {
    if (!is_path_method(state.options.method)) return {1.0f};
    const QuadratureRule& rule = state.rule;
    std::set<float> alphas(rule.alphas.begin(), rule.alphas.end());
    // F(x) and F(x') for the completeness check.
    alphas.insert(0.0f);
    alphas.insert(1.0f);
    return {alphas.begin(), alphas.end()};
}

}  // namespace

void plan_round(ExplainJobState& state) {
    if (is_path_method(state.options.method)) state.rule = quadrature_rule(state.options.quadrature, state.steps);
    const std::vector<float> alphas = round_alphas(state);
    const int target_count = static_cast<int>(state.targets.size());
    for (int path = 0; path < static_cast<int>(state.paths.size()); ++path) {
        PlannedRun run;
        run.path = path;
        auto flush = [&] {
            if (run.alphas.empty()) return;
            state.rows_in_queue += static_cast<int64_t>(run.alphas.size());
            state.queue.push_back(run);
            run.alphas.clear();
            run.targets.clear();
        };
        // Targets of one alpha sit next to each other, so several targets share each run.
        for (float alpha : alphas) {
            for (int target = 0; target < target_count; ++target) {
                if (state.rows.count(RowKey{path, target, float_bits(alpha)})) continue;
                run.alphas.push_back(alpha);
                run.targets.push_back(target);
                if (static_cast<int64_t>(run.alphas.size()) == state.rows_per_run) flush();
            }
        }
        flush();
    }
}

NamedTensors run_inputs(const ExplainJobState& state, const PlannedRun& run) {
    const int64_t length = state.sequence_length;
    const int64_t dim = state.embed_dim;
    const int64_t rows = static_cast<int64_t>(run.alphas.size());
    const int64_t classes = state.model.num_classes;
    const IntegrationPath& path = state.paths.at(run.path);

    NamedTensors inputs;
    inputs.emplace_back("input_embeds", Tensor::floats({1, length, dim}, run.probe ? state.clean_input : path.input));
    inputs.emplace_back("baseline_embeds", Tensor::floats({1, length, dim}, path.baseline));
    inputs.emplace_back("alphas", Tensor::floats({rows}, run.alphas));
    inputs.emplace_back("attention_mask", Tensor::ints({1, length}, state.request.attention_mask));
    if (state.model.has_token_type_ids)
        inputs.emplace_back("token_type_ids", Tensor::ints({1, length}, state.request.token_type_ids));
    if (state.model.needs_input_ids) inputs.emplace_back("input_ids", Tensor::ints({1, length}, state.request.input_ids));

    const int64_t row_size = state.model.per_token_logits ? length * classes : classes;
    std::vector<float> weights(static_cast<size_t>(rows * row_size), 0.0f);
    for (int64_t k = 0; k < rows; ++k) {
        if (run.probe) continue;  // logits only
        const Target& target = state.targets.at(run.targets[k]);
        const int64_t offset = state.model.per_token_logits ? target.position * classes : 0;
        weights[k * row_size + offset + target.class_index] = 1.0f;
    }
    std::vector<int64_t> weight_shape = state.model.per_token_logits ? std::vector<int64_t>{rows, length, classes}
                                                                      : std::vector<int64_t>{rows, classes};
    inputs.emplace_back("target_weights", Tensor::floats(std::move(weight_shape), std::move(weights)));
    float objective[3];
    objective_weights(state.options.objective, objective);
    inputs.emplace_back("objective_weights", Tensor::floats({3}, {objective[0], objective[1], objective[2]}));
    return inputs;
}

}  // namespace iglens
