// A model folder ready to explain texts: its config, its tokenizer and its prepared graph. This
// is where the data path is assembled — text -> tokens with offsets -> ids -> embeddings and
// baseline -> prepared-graph runs (an ExplainJob the caller drives) -> token attributions ->
// words. The CLI and the WASM bindings both go through it; neither re-implements a step.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "iglens/explain_result.h"
#include "iglens/ig.h"
#include "iglens/model_config.h"
#include "iglens/prediction.h"
#include "iglens/prepare.h"
#include "iglens/tokenizer.h"

namespace iglens {

// Which explainer runs. Inferred from config.json when not given (and zero-shot when candidate
// labels are given); an explicit task that the model cannot do is an iglens::Error.
enum class ExplainTask {
    SequenceClassification,  // one text, one label per text
    PairClassification,      // two texts (NLI, cross-encoders)
    MultiLabel,              // independent labels; every label in one job unless targets are named
    ZeroShot,                // NLI model: each candidate label becomes a hypothesis, its entailment explained
    TokenClassification,     // one label per token (NER)
    QuestionAnswering,       // extractive: the answer's start and end
};
// "sequence-classification", "pair-classification", "multi-label", "zero-shot",
// "token-classification", "question-answering".
const char* explain_task_name(ExplainTask task);
ExplainTask parse_explain_task(const std::string& name);

// What the caller asks for, by name where a user types names (target label, baseline text).
struct ExplainRequestSpec {
    std::string text;                         // for question answering: the context
    std::optional<std::string> pair;          // second text of a pair task
    std::vector<std::string> batch;           // several texts explained alike, one combined result
                                              // (then `text` is unused)
    std::optional<ExplainTask> task;          // none: inferred (see ExplainTask)
    std::vector<std::string> targets;         // label names or indexes, or "all" (every label in one
                                              // job, sharing runs); empty = the predicted class
    std::optional<std::string> baseline_text; // a user-given baseline text (tokenized like the input)
    std::vector<int64_t> positions;           // token classification: the token positions to explain;
                                              // empty = the first token of every word
    std::vector<std::string> ignored_labels;  // token classification: tokens predicted as one of these
                                              // (e.g. O) are not explained
    std::vector<std::string> candidate_labels;  // zero-shot
    std::string hypothesis_template = "This example is {}.";  // zero-shot; {} is the candidate
    bool multi_label = false;                 // zero-shot: each candidate scored on its own
                                              // (entailment vs contradiction) instead of a softmax
    std::optional<std::string> question;      // question answering
    int max_answer_tokens = 15;               // question answering: longest answer span, in tokens
    bool flip_sign = false;                   // explain -F: for single-logit similarity models, what
                                              // pushes the score down
    bool attention = false;                   // add the attention probabilities at the input
    ExplainOptions options;                   // method, quadrature, steps, baselines, objective
};

// Sets one option from the text a user typed — the CLI's flags and the browser API's options go
// through this one function. Names and values:
//   method      ig | saliency | gxi | smoothgrad
//   steps       auto (adaptive, default) | N (fixed count of quadrature nodes)
//   quadrature  gauss_legendre | riemann_left | riemann_right | riemann_middle | riemann_trapezoid
//   baseline    pad | mask | unk | zero | mean | random | any other text (a baseline text)
//   objective   logit | prob | logprob
//   target      a label name or index, or all (repeatable: each call adds a target)
//   position    token classification: a token position to explain (repeatable)
//   samples, stdev   SmoothGrad's noise
//   task        an ExplainTask name
//   labels      zero-shot candidate labels, comma-separated (repeatable: each call adds)
//   label       one zero-shot candidate label (may contain commas)
//   hypothesis_template   zero-shot hypothesis with {} where the label goes
//   multi_label, flip_sign, attention   true | false
//   ignored_labels   token classification: labels not to explain, comma-separated (repeatable)
//   question    question answering: the question
//   max_answer_tokens   question answering: 1 to 512
// iglens::Error names the option and lists the values it accepts. For token classification each
// target is explained at each position (the predicted class there when no target is given).
void apply_user_option(ExplainRequestSpec& spec, const std::string& name, const std::string& value);

// The prepared graph of a model as its config.json says to prepare it: softmax or sigmoid
// probabilities, and for question answering the start and end logits stacked into [B,T,2] token
// logits (the config's task and labels become question-answering, "start" and "end").
PreparedModel prepare_for_config(ModelConfig& config, std::string_view onnx_bytes,
                                 const onnx::ExternalDataLoader& load_external, PrepareOptions options = {});

class Explainer {
public:
    // `files`: config.json and the tokenizer files by file name; `onnx_bytes`: onnx/model.onnx.
    // The prepared graph is built here, in memory (milliseconds for the shipped models).
    static Explainer load(const std::map<std::string, std::string>& files, std::string_view onnx_bytes,
                          const onnx::ExternalDataLoader& load_external = nullptr,
                          const PrepareOptions& prepare = {});

    const ModelConfig& config() const { return config_; }
    const Tokenizer& tokenizer() const { return *tokenizer_; }
    const PreparedModel& prepared() const { return prepared_; }

    Encoding encode(const std::string& text, const std::optional<std::string>& pair) const;

    // Inputs of one forward row of the prepared graph (alpha = 1, no target), whose `logits`
    // output is the original model's prediction: the browser keeps a single ONNX Runtime session.
    NamedTensors prediction_inputs(const std::string& text, const std::optional<std::string>& pair) const;
    // The prediction from that run's logits output.
    Prediction prediction(const Tensor& logits) const;

    // A job for one input of the request (text and pair; batch, task and the task options are
    // TaskJob's): the caller runs job.next_inputs() on the prepared graph and hands the outputs to
    // job.accept() until job.done(). iglens::Error for an empty text, an unknown label or a
    // baseline the tokenizer cannot build.
    ExplainJob start(const ExplainRequestSpec& request) const;
    // The same with the targets already resolved (class index and, for per-token logits,
    // position), replacing the request's targets and positions.
    ExplainJob start(const ExplainRequestSpec& request, std::vector<Target> targets) const;

    // The task the request runs: its own, else inferred from config.json (see ExplainTask).
    ExplainTask task_of(const ExplainRequestSpec& request) const;
    // Names of the prepared graph's attention outputs (empty when the model's fused attention
    // kernels hide the softmax).
    std::vector<std::string> attention_outputs() const;

    // A pair's attributions are shown on one text: the two texts joined by kPairSeparator (the
    // JSON's pair_start gives the UTF-16 offset where the second text begins).
    static constexpr const char* kPairSeparator = "\n";
    static std::string display_text(const ExplainRequestSpec& spec);

    // The result as the JSON object the CLI prints and the browser API returns: offsets are UTF-16
    // code units (JavaScript string indices) with the UTF-8 byte offsets beside them.
    nlohmann::json to_json(const Attribution& attribution) const;
    // Byte offsets -> UTF-16 offsets of every "start"/"end" in `items` (each keeps its byte_start
    // and byte_end), for spans of `text` added beside the tokens and words (entities, answers).
    static void convert_offsets(nlohmann::json& items, const std::string& text);

    // Positions of the first token of each word (special tokens excluded): the tokens a
    // token-classification model's word labels are read from.
    static std::vector<int64_t> first_token_of_each_word(const Encoding& encoding);

private:
    Explainer() = default;
    ModelConfig config_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    PreparedModel prepared_;
};

}  // namespace iglens
