// One explanation request of any task (ExplainTask), driven exactly like an ExplainJob — the
// caller runs next_inputs() on the prepared graph and hands the outputs to accept() until done()
// — and ending in one JSON result. The CLI and the WASM bindings both drive this; neither
// re-implements a task.
//
// A request is a list of "units", each one input of the model explained by one ExplainJob: one
// per text (several with a batch), one per candidate label for zero-shot. A unit whose targets
// depend on the model's output at the input (question answering: the answer span; token
// classification: which tokens carry an ignored label) first gets a one-row forward run at the
// input (the "probe"); its targets are chosen from it. The attention view costs no run: it is read
// from the unit's first IG run that holds the input itself (ExplainJob::input_row).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iglens/explainer.h"

namespace iglens {

class TaskJob {
public:
    // Validates the whole request up front (iglens::Error says what to fix) and starts the first unit.
    TaskJob(const Explainer& explainer, ExplainRequestSpec spec);
    ~TaskJob();
    TaskJob(TaskJob&&) noexcept;
    TaskJob& operator=(TaskJob&&) noexcept;

    bool done() const;
    // Inputs of the next run; again the same until accept().
    NamedTensors next_inputs();
    // The outputs that run needs.
    std::vector<std::string> output_names() const;
    void accept(const NamedTensors& outputs);
    // Runs done and planned over all units (each unit not started yet counts as one planned run).
    Progress progress() const;
    // A caller-measured timing, reported in the result's timings_ms.
    void add_timing(const std::string& name, double milliseconds);

    // The result (iglens::Error if not done). One input: the explanation object of
    // Explainer::to_json, plus per task:
    //   question answering   answer {text, start, end, byte_start, byte_end, start_token,
    //                        end_token, start_logit, end_logit, score}; targets "start" and "end";
    //                        prediction {label: the answer text, index -1, probabilities [],
    //                        logits [start_logit, end_logit], score: the answer's score}
    //   token classification entities [{label, score, text, start, end, byte_start, byte_end,
    //                        words[]}] (BIO tags merged), ignored_labels
    //   zero-shot            the best candidate's explanation, with task "zero-shot", labels = the
    //                        candidates, prediction {label, index, probabilities: each candidate's
    //                        score, logits: each candidate's entailment logit}, hypothesis_template,
    //                        multi_label, and candidates [{label, hypothesis, score, explanation}]
    //   attention            attention {layers, heads, tokens, weights}: weights flat in
    //                        [layer][head][query][key] order, at the input, from the same run
    //   flip_sign            true when -F was explained (every score and F negated)
    // every offset indexing the result's text like the tokens' and words'. A batch:
    // {task, results: [one such object per text], timings_ms}.
    nlohmann::json result() const;
    // One attribution per text, the one its result shows (zero-shot: the best candidate's, with
    // the candidates' prediction; QA: with the answer as prediction), e.g. for HTML. iglens::Error
    // if not done.
    std::vector<Attribution> attributions() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// --- the task-specific steps, on plain numbers (tested on their own) ---------------------------

// The best answer span of an extractive QA model: start <= end < start + max_tokens, both among
// the `allowed` tokens (the context's), maximising start_logit + end_logit. score is
// p_start * p_end with softmaxes over the allowed tokens (as transformers' QA pipeline).
// iglens::Error when no token is allowed.
struct AnswerSpan {
    int64_t start = -1;
    int64_t end = -1;
    double start_logit = 0.0;
    double end_logit = 0.0;
    double score = 0.0;
};
AnswerSpan best_answer_span(const std::vector<double>& start_logits, const std::vector<double>& end_logits,
                            const std::vector<bool>& allowed, int max_tokens);

// Words' BIO tags merged into entities (transformers' "simple" aggregation): B-X starts an
// entity of type X, I-X continues one of type X or starts one, O ends it; a tag without a B-/I-
// prefix is its own type. score is the mean of the words' scores.
struct EntityGroup {
    std::string label;
    double score = 0.0;
    int64_t first_word = 0;
    int64_t last_word = 0;
};
std::vector<EntityGroup> group_entities(const std::vector<std::string>& word_tags, const std::vector<double>& word_scores);

// Zero-shot scores from each candidate's NLI logits (as transformers' zero-shot pipeline):
// single-label, a softmax over the candidates' entailment logits; multi-label, for each
// candidate a softmax over its (contradiction, entailment) logits, the entailment part.
std::vector<double> zero_shot_scores(const std::vector<std::vector<double>>& nli_logits, int64_t entailment,
                                     int64_t contradiction, bool multi_label);

}  // namespace iglens
