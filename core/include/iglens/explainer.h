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

// What the caller asks for, by name where a user types names (target label, baseline text).
struct ExplainRequestSpec {
    std::string text;
    std::optional<std::string> pair;          // second text of a pair task
    std::vector<std::string> targets;         // label names or indexes, or "all" (every label in one
                                              // job, sharing runs); empty = the predicted class
    std::optional<std::string> baseline_text; // a user-given baseline text (tokenized like the input)
    std::vector<int64_t> positions;           // token classification: the token positions to explain;
                                              // empty = the first token of every word
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
// iglens::Error names the option and lists the values it accepts. For token classification each
// target is explained at each position (the predicted class there when no target is given).
void apply_user_option(ExplainRequestSpec& spec, const std::string& name, const std::string& value);

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

    // A job for the request: the caller runs job.next_inputs() on the prepared graph and hands
    // the outputs to job.accept() until job.done(). iglens::Error for an empty text, an unknown
    // label or a baseline the tokenizer cannot build.
    ExplainJob start(const ExplainRequestSpec& request) const;

    // A pair's attributions are shown on one text: the two texts joined by kPairSeparator (the
    // JSON's pair_start gives the UTF-16 offset where the second text begins).
    static constexpr const char* kPairSeparator = "\n";
    static std::string display_text(const ExplainRequestSpec& spec);

    // The result as the JSON object the CLI prints and the browser API returns: offsets are UTF-16
    // code units (JavaScript string indices) with the UTF-8 byte offsets beside them.
    nlohmann::json to_json(const Attribution& attribution) const;

private:
    Explainer() = default;
    ModelConfig config_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    PreparedModel prepared_;
};

}  // namespace iglens
