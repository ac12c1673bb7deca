// Reading a run's outputs back: names, shapes and finiteness are checked before any value is
// stored, so a broken model run can never turn into a displayed attribution.
#include <cmath>
#include <sstream>

#include "iglens/error.h"
#include "job_state.h"

namespace iglens {

namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < shape.size(); ++i) out << (i ? "," : "") << shape[i];
    out << "]";
    return out.str();
}

// The output `name` as doubles, after checking its shape and that every value is finite.
std::vector<double> read_output(const NamedTensors& outputs, const std::string& name,
                                const std::vector<int64_t>& expected_shape, const PlannedRun& run) {
    const Tensor& tensor = find_tensor(outputs, name);
    if (tensor.shape != expected_shape)
        throw Error("the prepared model's output '" + name + "' has shape " + shape_text(tensor.shape) +
                    " but " + shape_text(expected_shape) +
                    " was expected; the model was not prepared for this engine (re-run the gradient-graph builder)");
    std::vector<double> values;
    if (tensor.dtype == DType::Float32) {
        values.assign(tensor.f32.begin(), tensor.f32.end());
    } else if (tensor.dtype == DType::Float64) {
        values = tensor.f64;
    } else {
        throw Error("the prepared model's output '" + name + "' is not a float tensor");
    }
    if (static_cast<int64_t>(values.size()) != tensor.numel())
        throw Error("the prepared model's output '" + name + "' holds fewer values than its shape says");
    const int64_t rows = static_cast<int64_t>(run.alphas.size());
    const int64_t per_row = rows > 0 ? static_cast<int64_t>(values.size()) / rows : 0;
    for (size_t i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i])) continue;
        const int64_t row = per_row > 0 ? static_cast<int64_t>(i) / per_row : 0;
        std::ostringstream message;
        message << "the model produced " << (std::isnan(values[i]) ? "NaN" : "Inf") << " in '" << name
                << "' (row " << row << ", alpha " << run.alphas.at(static_cast<size_t>(row))
                << "); no attribution is shown. Try the logit objective, another baseline, or check the model "
                   "in float32";
        throw Error(message.str());
    }
    return values;
}

// Any float output with a NaN/Inf means the run is broken, even one the engine does not read
// (e.g. attentions): nothing from it is kept.
void check_all_outputs_finite(const NamedTensors& outputs) {
    for (const auto& [name, tensor] : outputs) {
        bool finite = true;
        for (float v : tensor.f32) finite = finite && std::isfinite(v);
        for (double v : tensor.f64) finite = finite && std::isfinite(v);
        if (!finite)
            throw Error("the model produced NaN or Inf in its output '" + name +
                        "'; no attribution is shown. Check the model in float32");
    }
}

}  // namespace

void store_run_outputs(ExplainJobState& state, const PlannedRun& run, const NamedTensors& outputs) {
    const int64_t rows = static_cast<int64_t>(run.alphas.size());
    const int64_t length = state.sequence_length;
    const int64_t classes = state.model.num_classes;
    const std::vector<int64_t> logit_shape = state.model.per_token_logits ? std::vector<int64_t>{rows, length, classes}
                                                                           : std::vector<int64_t>{rows, classes};
    const std::vector<double> logits = read_output(outputs, "logits", logit_shape, run);
    check_all_outputs_finite(outputs);
    if (run.probe) {
        state.probe_logits = logits;
        return;
    }
    const std::vector<double> objective = read_output(outputs, "objective", {rows}, run);
    const bool wants_norm = state.options.method == Method::Saliency;
    const std::vector<double> per_token =
        read_output(outputs, wants_norm ? "token_grad_norm" : "token_attr", {rows, length}, run);
    const int64_t logit_row = static_cast<int64_t>(logits.size()) / rows;

    for (int64_t k = 0; k < rows; ++k) {
        RowValue value;
        value.objective = objective[k];
        std::vector<float>& destination = wants_norm ? value.token_grad_norm : value.token_attr;
        destination.assign(per_token.begin() + k * length, per_token.begin() + (k + 1) * length);
        if (run.path == 0 && run.alphas[k] == 1.0f)
            value.logits.assign(logits.begin() + k * logit_row, logits.begin() + (k + 1) * logit_row);
        state.rows[RowKey{run.path, run.targets[k], float_bits(run.alphas[k])}] = std::move(value);
    }
}

void resolve_targets(ExplainJobState& state) {
    const int64_t classes = state.model.num_classes;
    for (Target& target : state.targets) {
        if (target.class_index >= 0) continue;
        const int64_t offset = state.model.per_token_logits ? target.position * classes : 0;
        int64_t best = 0;
        for (int64_t c = 1; c < classes; ++c)
            if (state.probe_logits.at(offset + c) > state.probe_logits.at(offset + best)) best = c;
        target.class_index = best;
    }
}

}  // namespace iglens

