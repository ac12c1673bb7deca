// The Integrated Gradients engine: a resumable job that plans runs of the prepared graph, hands
// out the inputs of one run at a time, takes that run's outputs back, and finally returns the
// Attribution. It never runs a model, spawns threads or calls back: native code drives it in a
// loop, the browser with awaited ONNX Runtime Web runs:
//
//     ExplainJob job(model, table, specials, request, options);
//     while (!job.done()) {
//         NamedTensors inputs = job.next_inputs();
//         job.accept(runner.run(inputs, job.output_names()));
//     }
//     Attribution attribution = job.result();
//
// THE PREPARED GRAPH INTERFACE (the contract with the gradient-graph builder). The prepared graph
// interpolates in-graph, x_k = x' + alpha_k (x - x'), k = 0..n-1, where n is the rows of one run.
// Inputs:
//   input_embeds      float32 [1,T,E]  word embeddings of the text (rows of the embedding table)
//   baseline_embeds   float32 [1,T,E]  the baseline x'
//   alphas            float32 [n]      interpolation points
//   attention_mask    int64   [1,T]    (broadcast in-graph to the n rows)
//   token_type_ids    int64   [1,T]    only if the original model has it
//   input_ids         int64   [1,T]    only if something besides the word-embedding Gather uses it
//   target_weights    float32 [n,C] (or [n,T,C] for token classification): per-row class weights,
//                                      so one run can mix rows of several targets
//   objective_weights float32 [3]      weights of (logit, probability, log-probability)
// Per row: S_k = sum_c target_weights[k,c] * (ow0*logit_kc + ow1*prob_kc + ow2*logprob_kc).
// Outputs:
//   logits           float32 [n,C] (or [n,T,C])
//   objective        float32 [n]     S_k
//   token_attr       float32 [n,T]   sum_h dS_k/dx_k[t,h] * (x - x')[t,h]   (IG integrand)
//   token_grad_norm  float32 [n,T]   || dS_k/dx_k[t,:] ||_2                 (saliency)
//
// How the engine uses it. A "path" is one (input, baseline) pair: plain IG has one; IG over k
// baselines has k; SmoothGrad has one per noise sample. Each run belongs to one path (its
// input_embeds/baseline_embeds are that path's) and holds up to rows_per_run rows, each an
// (alpha, target) pair, so several targets share runs. Every IG path also evaluates alpha = 1 and
// alpha = 0 for F(x) and F(x') (reused when the rule has those nodes). When the target is the
// predicted class (or the path inputs are noisy) a one-row probe run at alpha = 1 comes first to
// read the logits. Attributions are accumulated in double in node order, independent of how
// rows were split into runs, so chunking changes nothing beyond the graph's own float rounding.
// NaN or Inf in any output is an iglens::Error, never a result.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "iglens/explain_result.h"
#include "iglens/ig_baseline.h"
#include "iglens/ig_memory.h"
#include "iglens/ig_options.h"
#include "iglens/tensor.h"

namespace iglens {

// What the engine needs to know about the prepared graph.
struct PreparedModelInfo {
    int64_t num_classes = 0;           // C
    bool per_token_logits = false;     // logits [n,T,C] (token classification): targets need a position
    bool multi_label = false;          // probabilities are per-label sigmoids (shown in the prediction)
    bool has_token_type_ids = false;   // the graph takes token_type_ids
    bool needs_input_ids = false;      // the graph takes input_ids
    std::vector<std::string> labels;   // class names (may be empty)
    ModelDims dims;                    // for the memory estimate
};

// The tokenized text. T = input_ids.size(); tokens (one per id) give offsets, specials, words.
struct ExplainRequest {
    std::string text;
    std::vector<int64_t> input_ids;
    std::vector<int64_t> attention_mask;  // empty: all ones
    std::vector<int64_t> token_type_ids;  // empty: all zeros (used only if the graph takes them)
    std::vector<TokenInfo> tokens;
};

struct Progress {
    int64_t runs_done = 0;
    int64_t runs_planned = 0;   // grows when the adaptive mode refines
    int64_t rows_done = 0;
    int64_t rows_planned = 0;
    int steps = 0;              // quadrature nodes of the current round
    int round = 0;              // 0 = probe/first round, +1 per refinement
    bool done = false;
};

struct ExplainJobState;  // internal (core/src/ig/job_state.h)

class ExplainJob {
public:
    // Validates everything up front (iglens::Error with what to fix) and builds the input,
    // baseline and noisy embeddings from the table, which is not used after construction.
    ExplainJob(PreparedModelInfo model, const EmbeddingTable& table, const SpecialTokenIds& specials,
               ExplainRequest request, ExplainOptions options);
    ~ExplainJob();
    ExplainJob(ExplainJob&&) noexcept;
    ExplainJob& operator=(ExplainJob&&) noexcept;

    bool done() const;
    // Inputs of the next run. Calling it again before accept() returns the same run's inputs.
    // iglens::Error when the job is done.
    NamedTensors next_inputs();
    // The outputs the runs need (pass to the runner): logits, objective and token_attr
    // (token_grad_norm instead of token_attr for Saliency).
    std::vector<std::string> output_names() const;
    // Outputs of the run last handed out. Checks names, shapes and finiteness (iglens::Error);
    // after an error the job is failed and result() repeats the error.
    void accept(const NamedTensors& outputs);
    Progress progress() const;
    // Adds a caller-measured timing (e.g. "model_runs") to the result's timings_ms.
    void add_timing(const std::string& name, double milliseconds);
    // The finished attribution; iglens::Error if not done or failed.
    Attribution result() const;
    // Rows per run chosen from the memory budget.
    int64_t rows_per_run() const;
    // The row of the next run (the one next_inputs() hands out) that evaluates the model at the
    // input itself (alpha = 1 on the noise-free input), or -1 when that run has none. Every job's
    // first round has one, so a caller can read other outputs at the input, such as the attention
    // probabilities, from a run the job makes anyway instead of an extra one.
    int64_t input_row() const;

private:
    std::unique_ptr<ExplainJobState> state_;
};

}  // namespace iglens
