// Turns a forward ONNX text classifier into the "prepared graph" that the IG engine runs: the
// graph is cut at the word-embedding Gather, interpolates the embeddings in-graph, adds the
// objective and its reverse-mode gradient (standard ONNX ops only, so it runs on every ONNX
// Runtime execution provider, WebGPU included).
//
// THE PREPARED GRAPH INTERFACE (the contract between this builder and the IG engine)
// For a forward model with inputs input_ids, attention_mask, optional token_type_ids and output
// logits [B,C] (or [B,T,C] for token classification), with in-graph interpolation
// x_k = x' + alpha_k (x - x'), k = 0..n-1:
// Inputs:
//   input_embeds      float32 [1,T,E]  word embeddings of the text (rows of the embedding table)
//   baseline_embeds   float32 [1,T,E]  the baseline x'
//   alphas            float32 [n]      interpolation points (n rows are evaluated in one run)
//   attention_mask    int64   [1,T]    (broadcast in-graph to the n rows)
//   token_type_ids    int64   [1,T]    only if the original model has it
//   input_ids         int64   [1,T]    only if something other than the word-embedding Gather
//                                      still uses it (e.g. RoBERTa position ids)
//   target_weights    float32 [n,C] (or [n,T,C])  per-row weights, so one run can mix targets
//   objective_weights float32 [3]      weights of (logit, probability, log-probability)
// Per row k: S_k = sum_c target_weights[k,c] * (ow0*logit_kc + ow1*prob_kc + ow2*logprob_kc),
// prob = softmax over classes (single-label) or sigmoid per label (multi-label).
// Outputs:
//   logits            float32 [n,C] (or [n,T,C])  at the interpolated inputs
//   objective         float32 [n]                 S_k
//   token_attr        float32 [n,T]  sum_h dS_k/dx_k[t,h] * (x - x')[t,h]  (IG integrand)
//   token_grad_norm   float32 [n,T]  || dS_k/dx_k[t,:] ||_2                 (saliency)
//   attentions.<i>    float32 [n,heads,T,T]  one per 4-D attention softmax (none when fused
//                                            attention kernels hide it); free unless fetched
// The batch dims of the original graph must be dynamic (as in torch.onnx / Optimum exports).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "iglens/onnx_model.h"

namespace iglens {

enum class ProblemType { SingleLabel, MultiLabel };

struct PrepareOptions {
    ProblemType problem_type = ProblemType::SingleLabel;  // softmax vs sigmoid probabilities
};

// The word-embedding table [vocab_size, dim] read from the model.
struct WordEmbeddings {  // (the IG engine sees it through iglens::EmbeddingTable, ig_baseline.h)
    int64_t vocab_size = 0;
    int64_t dim = 0;
    std::vector<float> values;  // row-major

    // Row `token_id` (iglens::Error when out of range).
    std::vector<float> row(int64_t token_id) const;
    // [1, ids.size(), dim] embeddings of a token sequence, row-major.
    std::vector<float> lookup(const std::vector<int64_t>& token_ids) const;
};

struct PrepareReport {
    std::string cut_node;      // the word-embedding Gather that was cut
    std::string cut_tensor;    // its output, now computed from input_embeds
    int64_t ai_onnx_opset = 0;
    int64_t ir_version = 0;
    std::map<std::string, int> differentiated_ops;  // op type -> nodes differentiated
    int forward_nodes = 0;
    int backward_nodes = 0;
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
    size_t prepared_bytes = 0;
    std::vector<std::string> decomposed_fused_ops;   // "com.microsoft.Gelu x3", ...
    std::vector<std::string> ops_outside_allow_list; // forward ops WebGPU may run on the CPU
};

struct PreparedModel {
    std::string onnx_bytes;  // the serialized prepared graph
    PrepareReport report;
    WordEmbeddings embeddings;
    int64_t num_classes = 0;             // -1 when the model only fixes it at run time
    bool token_classification = false;   // logits [n,T,C]
    bool has_token_type_ids = false;     // feed token_type_ids
    bool needs_input_ids = false;        // feed input_ids
    int num_attention_outputs = 0;       // attentions.0 .. (the 4-D attention softmax outputs)
};

// Facts about a model that do not depend on its config.json (and need no external data).
struct ModelFacts {
    std::vector<std::string> input_names;
    std::vector<std::string> output_names;
    bool has_input_ids = false;
    bool has_attention_mask = false;
    bool has_token_type_ids = false;
    int64_t ir_version = 0;
    int64_t ai_onnx_opset = 0;
    std::string logits_output;   // the output taken as logits
    int logits_rank = -1;        // 2 = sequence classification, 3 = token classification, -1 unknown
    int64_t num_classes = -1;    // -1 when only known at run time
    std::vector<std::string> custom_domain_ops;  // "com.microsoft.Attention", ...
};

ModelFacts inspect_model(std::string_view onnx_bytes);

PreparedModel prepare_model(std::string_view onnx_bytes, const PrepareOptions& options,
                            const onnx::ExternalDataLoader& load_external = nullptr);

// Ops the prepared graph may use so that it runs on ONNX Runtime Web's WebGPU (native and
// JSEP) and WASM execution providers; int64 shape ops on this list run on the CPU there.
bool op_in_webgpu_allow_list(const std::string& op_type);

}  // namespace iglens
