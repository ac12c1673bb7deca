// ExplainJob's state machine: probe (when a predicted class must be read first) -> rounds of
// quadrature runs -> (adaptive) refine or finish. Each public call does a bounded amount of work
// and returns, so an async caller can await the model run between calls.
#include "iglens/ig.h"

#include <algorithm>

#include "iglens/error.h"
#include "job_state.h"

namespace iglens {

namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

int next_step_count(const ExplainJobState& state) {
    const int current = state.steps;
    // 2n - 1 trapezoid nodes contain the n old ones, so only the new midpoints are run.
    const int refined = state.options.quadrature == Quadrature::RiemannTrapezoid ? 2 * current - 1 : 2 * current;
    return std::min(refined, state.options.adaptive.max_steps);
}

// Called when the queue has drained: decides what comes next.
void advance(ExplainJobState& state) {
    while (state.queue.empty() && !state.finished) {
        if (!state.rounds_started) {  // the probe has run
            resolve_targets(state);
            state.rounds_started = true;
            plan_round(state);
            continue;
        }
        if (!is_path_method(state.options.method) || !state.options.adaptive.enabled) {
            state.finished = true;
            break;
        }
        if (completeness_target_met(state)) {
            state.stop_reason = StopReason::TargetReached;
            state.finished = true;
        } else if (state.steps >= state.options.adaptive.max_steps) {
            state.stop_reason = StopReason::StepCapReached;
            state.finished = true;
        } else {
            state.steps = next_step_count(state);
            state.round += 1;
            plan_round(state);
        }
    }
    if (state.finished) state.wall_ms = elapsed_ms(state.started);
}

}  // namespace

ExplainJob::ExplainJob(PreparedModelInfo model, const EmbeddingTable& table, const SpecialTokenIds& specials,
                       ExplainRequest request, ExplainOptions options)
    : state_(std::make_unique<ExplainJobState>()) {
    const Clock::time_point start = Clock::now();
    state_->started = start;
    state_->model = std::move(model);
    state_->request = std::move(request);
    state_->options = std::move(options);
    setup_job(*state_, table, specials);
    if (state_->need_probe) {
        plan_probe(*state_);
    } else {
        state_->rounds_started = true;
        plan_round(*state_);
    }
    state_->engine_ms += elapsed_ms(start);
}

ExplainJob::~ExplainJob() = default;
ExplainJob::ExplainJob(ExplainJob&&) noexcept = default;
ExplainJob& ExplainJob::operator=(ExplainJob&&) noexcept = default;

bool ExplainJob::done() const { return state_->finished || !state_->failure.empty(); }

NamedTensors ExplainJob::next_inputs() {
    if (!state_->failure.empty()) throw Error(state_->failure);
    if (state_->finished || state_->queue.empty()) throw Error("the explanation job is finished; read result()");
    const Clock::time_point start = Clock::now();
    state_->in_flight = true;
    NamedTensors inputs = run_inputs(*state_, state_->queue.front());
    state_->engine_ms += elapsed_ms(start);
    return inputs;
}

std::vector<std::string> ExplainJob::output_names() const {
    if (state_->options.method == Method::Saliency) return {"logits", "objective", "token_grad_norm"};
    return {"logits", "objective", "token_attr"};
}

void ExplainJob::accept(const NamedTensors& outputs) {
    if (!state_->failure.empty()) throw Error(state_->failure);
    if (!state_->in_flight) throw Error("accept() called without a run in flight; call next_inputs() first");
    const Clock::time_point start = Clock::now();
    const PlannedRun run = state_->queue.front();
    try {
        store_run_outputs(*state_, run, outputs);
    } catch (const Error& error) {
        state_->failure = error.what();
        throw;
    }
    state_->queue.pop_front();
    state_->in_flight = false;
    state_->runs_done += 1;
    state_->rows_done += static_cast<int64_t>(run.alphas.size());
    state_->rows_in_queue -= static_cast<int64_t>(run.alphas.size());
    try {
        advance(*state_);
    } catch (const Error& error) {
        state_->failure = error.what();
        throw;
    }
    state_->engine_ms += elapsed_ms(start);
}

Progress ExplainJob::progress() const {
    Progress progress;
    progress.runs_done = state_->runs_done;
    progress.runs_planned = state_->runs_done + static_cast<int64_t>(state_->queue.size());
    progress.rows_done = state_->rows_done;
    progress.rows_planned = state_->rows_done + state_->rows_in_queue;
    progress.steps = state_->steps;
    progress.round = state_->round;
    progress.done = done();
    return progress;
}

void ExplainJob::add_timing(const std::string& name, double milliseconds) {
    state_->caller_timings.emplace_back(name, milliseconds);
}

Attribution ExplainJob::result() const {
    if (!state_->failure.empty()) throw Error(state_->failure);
    if (!state_->finished)
        throw Error("the explanation is not finished: keep calling next_inputs()/accept() until done()");
    return assemble_result(*state_);
}

int64_t ExplainJob::rows_per_run() const { return state_->rows_per_run; }

int64_t ExplainJob::input_row() const {
    if (done() || state_->queue.empty()) return -1;
    const PlannedRun& run = state_->queue.front();
    if (run.probe) return 0;  // the probe runs the clean input at alpha = 1
    if (state_->paths.at(run.path).noise_sample >= 0) return -1;
    for (size_t k = 0; k < run.alphas.size(); ++k)
        if (run.alphas[k] == 1.0f) return static_cast<int64_t>(k);
    return -1;
}

}  // namespace iglens
