#include "iglens/task_job.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>

#include "iglens/error.h"

namespace iglens {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The class whose name is `name` in any case, or -1.
int64_t label_named(const ModelConfig& config, const std::string& name) {
    for (size_t c = 0; c < config.labels.size(); ++c)
        if (lower(config.labels[c]) == name) return static_cast<int64_t>(c);
    return -1;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string hypothesis_for(const std::string& template_text, const std::string& label) {
    std::string out;
    size_t from = 0;
    for (size_t at; (at = template_text.find("{}", from)) != std::string::npos; from = at + 2)
        out += template_text.substr(from, at - from) + label;
    return out + template_text.substr(from);
}

// Explaining -F instead of F: IG is linear in the explained function, so every attribution and
// both ends of the path change sign and nothing else does (the errors keep their size).
void flip_sign(Attribution& a) {
    for (TargetAttribution& t : a.targets) {
        for (double& s : t.token_scores) s = -s;
        for (double& s : t.word_scores) s = -s;
        t.completeness.f_input = -t.completeness.f_input;
        t.completeness.f_baseline = -t.completeness.f_baseline;
        t.completeness.sum = -t.completeness.sum;
    }
}

const Tensor& output_named(const NamedTensors& outputs, const std::string& name) {
    for (const auto& [n, t] : outputs)
        if (n == name) return t;
    throw Error("the model run returned no '" + name + "' output");
}

// Row `row` of a run's attentions.<i> [rows, heads, T, T], flat in [layer][head][query][key] order.
nlohmann::json attention_json(const NamedTensors& outputs, const std::vector<std::string>& names, int64_t row) {
    int64_t heads = 0, tokens = 0;
    std::vector<double> weights;
    for (const std::string& name : names) {
        const Tensor& t = output_named(outputs, name);
        if (t.shape.size() != 4 || row >= t.shape[0] || t.shape[2] != t.shape[3])
            throw Error("the attention output '" + name + "' is not [rows, heads, tokens, tokens]");
        if (heads && (t.shape[1] != heads || t.shape[2] != tokens))
            throw Error("the attention outputs differ in shape from layer to layer");
        heads = t.shape[1];
        tokens = t.shape[2];
        const size_t per_row = static_cast<size_t>(heads * tokens * tokens);
        // Six decimals: attention probabilities shown as a heatmap need no more, and the JSON
        // stays a third of the size.
        for (size_t i = static_cast<size_t>(row) * per_row, end = i + per_row; i < end; ++i)
            weights.push_back(std::round(static_cast<double>(t.f32.at(i)) * 1e6) / 1e6);
    }
    return {{"layers", names.size()}, {"heads", heads}, {"tokens", tokens}, {"weights", weights}};
}

}  // namespace

struct TaskJob::State {
    // One input of the model explained by one ExplainJob (see task_job.h).
    struct Unit {
        size_t text_index = 0;
        std::string candidate;   // zero-shot: the candidate label
        std::string hypothesis;  // zero-shot: its hypothesis
        ExplainRequestSpec spec;  // this input's text and pair, targets, options
        bool wants_probe = false;
        bool probed = false;
        nlohmann::json attention;  // taken from the job's first run at the input (ExplainJob::input_row)
        std::optional<ExplainJob> job;
        std::optional<Attribution> attribution;
        nlohmann::json json;
        // Token classification: each token's predicted class and its probability at the input.
        std::vector<int64_t> token_class;
        std::vector<double> token_probability;
        AnswerSpan answer;  // question answering
    };

    const Explainer* explainer = nullptr;
    ExplainRequestSpec spec;
    ExplainTask task = ExplainTask::SequenceClassification;
    std::vector<std::string> texts;
    std::vector<Unit> units;
    size_t current = 0;
    int64_t entailment = -1, contradiction = -1;
    std::set<int64_t> ignored;
    std::vector<std::pair<std::string, double>> timings;

    void validate();
    // True when the unit's next run holds the input row and its attention is still missing.
    bool wants_attention_now(const Unit& unit) const {
        return spec.attention && unit.attention.is_null() && unit.job && unit.job->input_row() >= 0;
    }
    void start_unit();
    void after_probe(Unit& unit, const NamedTensors& outputs);
    void finish_unit(Unit& unit);
    std::vector<const Unit*> units_of(size_t text_index) const;
    // A single candidate is scored on its own, as in multi-label mode.
    bool multi_label_zero_shot() const { return spec.multi_label || spec.candidate_labels.size() == 1; }
    // Zero-shot: the candidates' scores as a prediction over the candidate labels.
    Prediction zero_shot_prediction(const std::vector<const Unit*>& candidates) const;
    nlohmann::json text_result(size_t text_index) const;
};

void TaskJob::State::validate() {
    const ModelConfig& config = explainer->config();
    const bool qa_model = config.task == Task::QuestionAnswering;
    const bool token_model = explainer->prepared().token_classification && !qa_model;
    const std::string name = explain_task_name(task);
    if ((task == ExplainTask::QuestionAnswering) != qa_model)
        throw Error(qa_model ? "this is a question-answering model: use the question-answering task with a question"
                             : "the question-answering task needs an extractive QA model (outputs start_logits and "
                               "end_logits); this model is " + std::string(task_name(config.task)));
    if ((task == ExplainTask::TokenClassification) != token_model)
        throw Error(token_model ? "this is a token-classification model: use the token-classification task"
                                : "the token-classification task needs a token-classification model; this model is " +
                                      std::string(task_name(config.task)));
    if (task == ExplainTask::PairClassification && !spec.pair)
        throw Error("pair classification needs a second text (--pair TEXT2, or the pair option)");
    if (task == ExplainTask::ZeroShot) {
        if (spec.candidate_labels.empty())
            throw Error("zero-shot needs candidate labels (--labels a,b,c, or the labels option)");
        if (spec.pair) throw Error("zero-shot builds each candidate's hypothesis itself: leave out the second text");
        if (!spec.targets.empty())
            throw Error("zero-shot explains each candidate's entailment: name candidates with labels, not targets");
        entailment = label_named(config, "entailment");
        contradiction = label_named(config, "contradiction");
        if (entailment < 0)
            throw Error("zero-shot needs an NLI model with an 'entailment' label; this model's labels are " +
                        joined(config.labels));
        if (multi_label_zero_shot() && contradiction < 0)
            throw Error("multi-label zero-shot (and a single candidate) compares entailment with contradiction; this "
                        "model's labels have no 'contradiction': " + joined(config.labels));
    } else if (!spec.candidate_labels.empty()) {
        throw Error("candidate labels are for the zero-shot task, not " + name);
    }
    if (task == ExplainTask::QuestionAnswering) {
        if (!spec.question || spec.question->empty())
            throw Error("question answering needs a question (--question TEXT, or the question option)");
        if (spec.pair) throw Error("question answering takes a question and a context, not a second text");
        if (spec.options.objective != Objective::Logit)
            throw Error("question answering explains the start and end logits: use the logit objective (the "
                        "prepared graph's softmax would run over start and end, not over the tokens)");
    } else if (spec.question) {
        throw Error("a question is only for the question-answering task, not " + name);
    }
    if (!spec.ignored_labels.empty() && task != ExplainTask::TokenClassification)
        throw Error("ignored labels are for token classification, not " + name);
    for (const std::string& label : spec.ignored_labels) ignored.insert(config.label_index(label));
    if (spec.attention && explainer->attention_outputs().empty())
        throw Error("this model exposes no attention probabilities (its attention is a fused kernel with no "
                    "separate softmax): explain it without attention");
    if (task == ExplainTask::MultiLabel && spec.targets.empty()) spec.targets = {"all"};
}

TaskJob::TaskJob(const Explainer& explainer, ExplainRequestSpec spec) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.explainer = &explainer;
    s.spec = std::move(spec);
    s.task = explainer.task_of(s.spec);
    s.validate();
    s.texts = s.spec.batch.empty() ? std::vector<std::string>{s.spec.text} : s.spec.batch;
    for (size_t i = 0; i < s.texts.size(); ++i) {
        State::Unit unit;
        unit.text_index = i;
        unit.spec = s.spec;
        unit.spec.batch.clear();
        unit.spec.text = s.texts[i];
        unit.wants_probe = s.task == ExplainTask::TokenClassification || s.task == ExplainTask::QuestionAnswering;
        if (s.task == ExplainTask::QuestionAnswering) {
            // Question first, context second, as extractive QA models are trained.
            unit.spec.text = *s.spec.question;
            unit.spec.pair = s.texts[i];
        }
        if (s.task != ExplainTask::ZeroShot) {
            s.units.push_back(std::move(unit));
            continue;
        }
        for (const std::string& candidate : s.spec.candidate_labels) {
            State::Unit c;
            c.text_index = unit.text_index;
            c.spec = unit.spec;
            c.wants_probe = unit.wants_probe;
            c.candidate = candidate;
            c.hypothesis = hypothesis_for(s.spec.hypothesis_template, candidate);
            c.spec.pair = c.hypothesis;
            c.spec.targets = {std::to_string(s.entailment)};
            s.units.push_back(std::move(c));
        }
    }
    s.start_unit();
}

TaskJob::~TaskJob() = default;
TaskJob::TaskJob(TaskJob&&) noexcept = default;
TaskJob& TaskJob::operator=(TaskJob&&) noexcept = default;

void TaskJob::State::start_unit() {
    if (current >= units.size()) return;
    Unit& unit = units[current];
    if (!unit.wants_probe) unit.job.emplace(explainer->start(unit.spec));
    else explainer->encode(unit.spec.text, unit.spec.pair);  // an unreadable text fails now, not after the probe
}

bool TaskJob::done() const { return state_->current >= state_->units.size(); }

NamedTensors TaskJob::next_inputs() {
    if (done()) throw Error("the job is done: read its result");
    auto& unit = state_->units[state_->current];
    if (unit.wants_probe && !unit.probed) return state_->explainer->prediction_inputs(unit.spec.text, unit.spec.pair);
    return unit.job->next_inputs();
}

std::vector<std::string> TaskJob::output_names() const {
    if (done()) return {};
    const auto& unit = state_->units[state_->current];
    if (unit.wants_probe && !unit.probed) return {"logits"};
    std::vector<std::string> names = unit.job->output_names();
    if (state_->wants_attention_now(unit))
        for (const std::string& name : state_->explainer->attention_outputs()) names.push_back(name);
    return names;
}

void TaskJob::accept(const NamedTensors& outputs) {
    if (done()) throw Error("the job is done: read its result");
    State& s = *state_;
    auto& unit = s.units[s.current];
    if (unit.wants_probe && !unit.probed) {
        unit.probed = true;
        s.after_probe(unit, outputs);
        return;
    }
    if (s.wants_attention_now(unit))
        unit.attention = attention_json(outputs, s.explainer->attention_outputs(), unit.job->input_row());
    unit.job->accept(outputs);
    if (!unit.job->done()) return;
    s.finish_unit(unit);
    ++s.current;
    s.start_unit();
}

void TaskJob::State::after_probe(Unit& unit, const NamedTensors& outputs) {
    const Tensor& logits = output_named(outputs, "logits");
    for (float v : logits.f32)
        if (!std::isfinite(v)) throw Error("the model returned a non-finite logit (NaN or Inf) for this input");
    const Encoding encoding = explainer->encode(unit.spec.text, unit.spec.pair);
    const size_t tokens = encoding.tokens.size();
    if (logits.shape.size() != 3 || logits.shape[1] != static_cast<int64_t>(tokens))
        throw Error("the model's per-token logits do not match the text's " + std::to_string(tokens) + " tokens");
    const size_t classes = static_cast<size_t>(logits.shape[2]);
    auto at = [&](size_t t, size_t c) { return static_cast<double>(logits.f32[t * classes + c]); };

    std::vector<Target> targets;
    if (task == ExplainTask::QuestionAnswering) {
        std::vector<double> start(tokens), end(tokens);
        std::vector<bool> context(tokens);
        for (size_t t = 0; t < tokens; ++t) {
            start[t] = at(t, 0);
            end[t] = at(t, 1);
            context[t] = encoding.tokens[t].segment == 1 && !encoding.tokens[t].special;
        }
        unit.answer = best_answer_span(start, end, context, spec.max_answer_tokens);
        targets = {Target{0, unit.answer.start}, Target{1, unit.answer.end}};
    } else {
        for (size_t t = 0; t < tokens; ++t) {
            size_t best = 0;
            double total = 0.0;
            for (size_t c = 0; c < classes; ++c)
                if (at(t, c) > at(t, best)) best = c;
            for (size_t c = 0; c < classes; ++c) total += std::exp(at(t, c) - at(t, best));
            unit.token_class.push_back(static_cast<int64_t>(best));
            unit.token_probability.push_back(1.0 / total);
        }
        std::vector<int64_t> positions =
            unit.spec.positions.empty() ? Explainer::first_token_of_each_word(encoding) : unit.spec.positions;
        std::vector<int64_t> classes_asked;
        for (const std::string& name : unit.spec.targets) {
            if (name == "all")
                for (size_t c = 0; c < classes; ++c) classes_asked.push_back(static_cast<int64_t>(c));
            else
                classes_asked.push_back(explainer->config().label_index(name));
        }
        for (int64_t position : positions) {
            if (position < 0 || position >= static_cast<int64_t>(tokens))
                throw Error("token position " + std::to_string(position) + " is outside the text's " +
                            std::to_string(tokens) + " tokens (0 to " + std::to_string(tokens - 1) + ")");
            // Tokens predicted as an ignored label (e.g. O) are skipped: no rows are spent on them.
            if (ignored.count(unit.token_class[position])) continue;
            if (classes_asked.empty()) targets.push_back(Target{unit.token_class[position], position});
            for (int64_t c : classes_asked) targets.push_back(Target{c, position});
        }
        if (targets.empty())
            throw Error("every token to explain is predicted as an ignored label (" + joined(spec.ignored_labels) +
                        "): nothing to explain; ignore fewer labels or choose positions");
    }
    unit.job.emplace(explainer->start(unit.spec, std::move(targets)));
}

void TaskJob::State::finish_unit(Unit& unit) {
    Attribution a = unit.job->result();
    unit.job.reset();
    if (spec.flip_sign) flip_sign(a);
    if (task == ExplainTask::QuestionAnswering) {
        // The engine's prediction would be a softmax over (start, end) at one token, which means
        // nothing for a span: the prediction is the answer.
        const TokenInfo& first = a.tokens[unit.answer.start];
        const TokenInfo& last = a.tokens[unit.answer.end];
        a.prediction = Prediction{};
        a.prediction.label = a.text.substr(first.start, last.end - first.start);
        a.prediction.logits = {unit.answer.start_logit, unit.answer.end_logit};
    }
    nlohmann::json j = explainer->to_json(a);
    j["explainer"] = explain_task_name(task);
    if (unit.probed) {
        // The probe is one more run of one row.
        j["runs"] = j["runs"].get<int64_t>() + 1;
        j["rows"] = j["rows"].get<int64_t>() + 1;
    }
    if (spec.flip_sign) j["flip_sign"] = true;
    if (spec.attention) {
        if (unit.attention.is_null()) throw Error("internal: the explanation ran without a run at the input");
        j["attention"] = unit.attention;
    }
    if (task == ExplainTask::QuestionAnswering) {
        const TokenInfo& first = a.tokens[unit.answer.start];
        const TokenInfo& last = a.tokens[unit.answer.end];
        nlohmann::json answer = {{"text", a.prediction.label},
                                 {"start", first.start},
                                 {"end", last.end},
                                 {"start_token", unit.answer.start},
                                 {"end_token", unit.answer.end},
                                 {"start_logit", unit.answer.start_logit},
                                 {"end_logit", unit.answer.end_logit},
                                 {"score", unit.answer.score}};
        nlohmann::json spans = nlohmann::json::array({answer});
        Explainer::convert_offsets(spans, a.text);
        j["answer"] = spans[0];
        j["prediction"]["score"] = unit.answer.score;
    }
    if (task == ExplainTask::TokenClassification) {
        // Each word's tag is its first token's.
        std::vector<std::string> tags;
        std::vector<double> scores;
        for (const WordSpan& w : a.words) {
            const int64_t t = w.tokens.front();
            tags.push_back(explainer->config().labels.at(unit.token_class[t]));
            scores.push_back(unit.token_probability[t]);
        }
        nlohmann::json entities = nlohmann::json::array();
        for (const EntityGroup& g : group_entities(tags, scores)) {
            const WordSpan &first = a.words[g.first_word], &last = a.words[g.last_word];
            std::vector<int64_t> words;
            for (int64_t w = g.first_word; w <= g.last_word; ++w) words.push_back(w);
            entities.push_back({{"label", g.label}, {"score", g.score},
                                {"text", a.text.substr(first.start, last.end - first.start)},
                                {"start", first.start}, {"end", last.end}, {"words", words}});
        }
        Explainer::convert_offsets(entities, a.text);
        j["entities"] = entities;
        j["ignored_labels"] = spec.ignored_labels;
    }
    unit.json = std::move(j);
    unit.attribution = std::move(a);
}

std::vector<const TaskJob::State::Unit*> TaskJob::State::units_of(size_t text_index) const {
    std::vector<const Unit*> mine;
    for (const Unit& u : units)
        if (u.text_index == text_index) mine.push_back(&u);
    return mine;
}

Prediction TaskJob::State::zero_shot_prediction(const std::vector<const Unit*>& candidates) const {
    std::vector<std::vector<double>> logits;
    Prediction p;
    for (const Unit* u : candidates) {
        logits.push_back(u->attribution->prediction.logits);
        p.logits.push_back(logits.back().at(entailment));
    }
    p.probabilities = zero_shot_scores(logits, entailment, contradiction, multi_label_zero_shot());
    p.index = std::max_element(p.probabilities.begin(), p.probabilities.end()) - p.probabilities.begin();
    p.label = candidates[p.index]->candidate;
    return p;
}

nlohmann::json TaskJob::State::text_result(size_t text_index) const {
    const std::vector<const Unit*> mine = units_of(text_index);
    if (task != ExplainTask::ZeroShot) return mine.front()->json;

    const Prediction p = zero_shot_prediction(mine);
    nlohmann::json out = mine[p.index]->json;
    nlohmann::json candidates = nlohmann::json::array();
    for (size_t k = 0; k < mine.size(); ++k)
        candidates.push_back({{"label", mine[k]->candidate}, {"hypothesis", mine[k]->hypothesis},
                              {"score", p.probabilities[k]}, {"explanation", mine[k]->json}});
    out["labels"] = spec.candidate_labels;
    out["prediction"] = {{"label", p.label}, {"index", p.index}, {"probabilities", p.probabilities},
                         {"logits", p.logits}};
    out["hypothesis_template"] = spec.hypothesis_template;
    out["multi_label"] = multi_label_zero_shot();
    out["candidates"] = std::move(candidates);
    return out;
}

nlohmann::json TaskJob::result() const {
    const State& s = *state_;
    if (!done()) throw Error("the job is not done yet: keep running it");
    nlohmann::json out;
    if (s.spec.batch.empty()) {
        out = s.text_result(0);
    } else {
        out = {{"explainer", explain_task_name(s.task)}, {"results", nlohmann::json::array()}};
        for (size_t i = 0; i < s.texts.size(); ++i) out["results"].push_back(s.text_result(i));
    }
    for (const auto& [name, ms] : s.timings) out["timings_ms"][name] = ms;
    return out;
}

std::vector<Attribution> TaskJob::attributions() const {
    const State& s = *state_;
    if (!done()) throw Error("the job is not done yet: keep running it");
    std::vector<Attribution> out;
    for (size_t i = 0; i < s.texts.size(); ++i) {
        const std::vector<const State::Unit*> mine = s.units_of(i);
        if (s.task != ExplainTask::ZeroShot) {
            out.push_back(*mine.front()->attribution);
            continue;
        }
        const Prediction p = s.zero_shot_prediction(mine);
        out.push_back(*mine[p.index]->attribution);
        out.back().prediction = p;
    }
    return out;
}

Progress TaskJob::progress() const {
    const State& s = *state_;
    Progress p;
    for (size_t i = 0; i < s.units.size(); ++i) {
        const auto& u = s.units[i];
        const int64_t probe = u.probed ? 1 : 0;
        if (u.attribution) {
            p.runs_done += u.attribution->runs + probe;
            p.rows_done += u.attribution->rows + probe;
            p.runs_planned += u.attribution->runs + probe;
            p.rows_planned += u.attribution->rows + probe;
        } else if (u.job) {
            const Progress j = u.job->progress();
            p.runs_done += j.runs_done + probe;
            p.rows_done += j.rows_done + probe;
            p.runs_planned += j.runs_planned + probe;
            p.rows_planned += j.rows_planned + probe;
            p.steps = j.steps;
            p.round = j.round;
        } else {
            p.runs_planned += 1;
            p.rows_planned += 1;
        }
    }
    p.done = done();
    return p;
}

void TaskJob::add_timing(const std::string& name, double milliseconds) {
    state_->timings.emplace_back(name, milliseconds);
}

}  // namespace iglens
