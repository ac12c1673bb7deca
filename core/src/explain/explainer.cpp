#include "iglens/explainer.h"

#include <algorithm>

#include "common/utf8.h"
#include "explain/answer_logits.h"
#include "iglens/error.h"
#include "iglens/model_inputs.h"

namespace iglens {

namespace {

ModelDims dims_of(const ModelConfig& config, const PreparedModel& prepared) {
    ModelDims dims;
    if (config.num_layers > 0) dims.layers = config.num_layers;
    if (config.num_heads > 0) dims.heads = config.num_heads;
    if (config.hidden_size > 0) dims.hidden = config.hidden_size;
    dims.intermediate = config.intermediate_size;
    dims.embed_dim = prepared.embeddings.dim;
    dims.num_classes = prepared.num_classes > 0 ? prepared.num_classes : static_cast<int64_t>(config.labels.size());
    return dims;
}

SpecialTokenIds special_ids_of(const Tokenizer& tokenizer) {
    auto id = [](std::optional<int32_t> v) { return v ? static_cast<int64_t>(*v) : int64_t{-1}; };
    SpecialTokenIds ids;
    ids.pad = id(tokenizer.pad_id());
    ids.unk = id(tokenizer.unk_id());
    ids.mask = id(tokenizer.mask_id());
    ids.cls = id(tokenizer.cls_id());
    ids.sep = id(tokenizer.sep_id());
    ids.bos = id(tokenizer.bos_id());
    ids.eos = id(tokenizer.eos_id());
    return ids;
}

bool parse_bool(const std::string& name, const std::string& value) {
    if (value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
    throw Error(name + " must be true or false, not '" + value + "'");
}

// "a, b,,c" -> {"a", "b", "c"}: comma-separated names with the spaces around them dropped.
std::vector<std::string> split_list(const std::string& value) {
    std::vector<std::string> out;
    size_t begin = 0;
    while (begin <= value.size()) {
        size_t end = value.find(',', begin);
        if (end == std::string::npos) end = value.size();
        std::string item = value.substr(begin, end - begin);
        const size_t first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
        begin = end + 1;
    }
    return out;
}

int parse_count(const std::string& name, const std::string& value, int min, int max) {
    try {
        size_t used = 0;
        int n = std::stoi(value, &used);
        if (used == value.size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    throw Error(name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                ", not '" + value + "'");
}

}  // namespace

const char* explain_task_name(ExplainTask task) {
    switch (task) {
        case ExplainTask::SequenceClassification: return "sequence-classification";
        case ExplainTask::PairClassification: return "pair-classification";
        case ExplainTask::MultiLabel: return "multi-label";
        case ExplainTask::ZeroShot: return "zero-shot";
        case ExplainTask::TokenClassification: return "token-classification";
        case ExplainTask::QuestionAnswering: return "question-answering";
    }
    return "?";
}

ExplainTask parse_explain_task(const std::string& name) {
    for (ExplainTask task : {ExplainTask::SequenceClassification, ExplainTask::PairClassification, ExplainTask::MultiLabel,
                             ExplainTask::ZeroShot, ExplainTask::TokenClassification, ExplainTask::QuestionAnswering})
        if (name == explain_task_name(task)) return task;
    throw Error("task must be sequence-classification, pair-classification, multi-label, zero-shot, "
                "token-classification or question-answering, not '" + name + "'");
}

void apply_user_option(ExplainRequestSpec& spec, const std::string& name, const std::string& value) {
    ExplainOptions& o = spec.options;
    if (name == "method") {
        o.method = parse_method(value);
    } else if (name == "steps") {
        if (value == "auto") {
            o.adaptive.enabled = true;
        } else {
            o.adaptive.enabled = false;
            o.steps = parse_count("steps", value, 1, 4096);
        }
    } else if (name == "quadrature") {
        o.quadrature = parse_quadrature(value);
    } else if (name == "baseline") {
        static const std::map<std::string, BaselineKind> kinds = {
            {"auto", BaselineKind::Auto}, {"pad", BaselineKind::Pad},  {"mask", BaselineKind::Mask},
            {"unk", BaselineKind::Unk},   {"zero", BaselineKind::Zero}, {"mean", BaselineKind::MeanEmbedding},
            {"random", BaselineKind::UniformRandom}};
        auto kind = kinds.find(value);
        if (kind != kinds.end()) {
            BaselineSpec b;
            b.kind = kind->second;
            o.baselines = {b};
            spec.baseline_text.reset();
        } else if (!value.empty()) {
            spec.baseline_text = value;
        } else {
            throw Error("baseline must be auto, pad, mask, unk, zero, mean, random or a baseline text, not empty");
        }
    } else if (name == "objective") {
        o.objective = parse_objective(value);
    } else if (name == "target") {
        spec.targets.push_back(value);
    } else if (name == "position") {
        spec.positions.push_back(parse_count("position", value, 0, 1 << 20));
    } else if (name == "samples") {
        o.noise.samples = parse_count("samples", value, 1, 1000);
    } else if (name == "stdev") {
        try {
            o.noise.stdev = std::stod(value);
        } catch (const std::exception&) {
            throw Error("stdev must be a number, not '" + value + "'");
        }
    } else if (name == "task") {
        spec.task = parse_explain_task(value);
    } else if (name == "labels") {
        for (std::string& label : split_list(value)) spec.candidate_labels.push_back(std::move(label));
    } else if (name == "label") {
        if (value.empty()) throw Error("a candidate label cannot be empty");
        spec.candidate_labels.push_back(value);
    } else if (name == "hypothesis_template") {
        if (value.find("{}") == std::string::npos)
            throw Error("the hypothesis template must contain {} where the candidate label goes, e.g. "
                        "'This example is {}.'");
        spec.hypothesis_template = value;
    } else if (name == "multi_label") {
        spec.multi_label = parse_bool(name, value);
    } else if (name == "flip_sign") {
        spec.flip_sign = parse_bool(name, value);
    } else if (name == "attention") {
        spec.attention = parse_bool(name, value);
    } else if (name == "ignored_labels") {
        for (std::string& label : split_list(value)) spec.ignored_labels.push_back(std::move(label));
    } else if (name == "question") {
        spec.question = value;
    } else if (name == "max_answer_tokens") {
        spec.max_answer_tokens = parse_count("max_answer_tokens", value, 1, 512);
    } else {
        throw Error("unknown explanation option '" + name +
                    "' (known: method, steps, quadrature, baseline, objective, target, position, samples, stdev, "
                    "task, labels, label, hypothesis_template, multi_label, flip_sign, attention, ignored_labels, "
                    "question, max_answer_tokens)");
    }
}

Explainer Explainer::load(const std::map<std::string, std::string>& files, std::string_view onnx_bytes,
                          const onnx::ExternalDataLoader& load_external, const PrepareOptions& prepare) {
    auto config_file = files.find("config.json");
    if (config_file == files.end())
        throw Error("the model folder has no config.json: point IG Lens at an exported model folder");
    Explainer e;
    e.config_ = parse_model_config(config_file->second);
    e.tokenizer_ = load_tokenizer(files);
    e.prepared_ = prepare_for_config(e.config_, onnx_bytes, load_external, prepare);
    if (!e.config_.labels.empty() && e.prepared_.num_classes > 0 &&
        e.prepared_.num_classes != static_cast<int64_t>(e.config_.labels.size()))
        throw Error("the model has " + std::to_string(e.prepared_.num_classes) + " outputs but config.json names " +
                    std::to_string(e.config_.labels.size()) + " labels: the folder's config does not match its model");
    return e;
}

PreparedModel prepare_for_config(ModelConfig& config, std::string_view onnx_bytes,
                                 const onnx::ExternalDataLoader& load_external, PrepareOptions options) {
    options.problem_type =
        config.task == Task::MultiLabelClassification ? ProblemType::MultiLabel : ProblemType::SingleLabel;
    if (config.task != Task::QuestionAnswering && !explain::has_answer_logits(onnx_bytes))
        return prepare_model(onnx_bytes, options, load_external);
    config.task = Task::QuestionAnswering;
    config.labels = {"start", "end"};
    return prepare_model(explain::stack_answer_logits(onnx_bytes, load_external), options);
}

Encoding Explainer::encode(const std::string& text, const std::optional<std::string>& pair) const {
    const size_t max = static_cast<size_t>(config_.max_position_embeddings);
    return pair ? tokenizer_->encode_pair(text, *pair, max) : tokenizer_->encode(text, max);
}

NamedTensors Explainer::prediction_inputs(const std::string& text, const std::optional<std::string>& pair) const {
    Encoding encoding = encode(text, pair);
    // The original model's inputs, checked and named as the model declares them; the prepared
    // graph takes the same ids through their embeddings.
    std::vector<std::string> names = {"input_ids", "attention_mask"};
    if (prepared_.has_token_type_ids) names.push_back("token_type_ids");
    NamedTensors original = model_inputs(encoding, names);
    const int64_t length = static_cast<int64_t>(encoding.tokens.size());
    const auto& table = prepared_.embeddings;
    std::vector<float> embeds = table.lookup(encoding.input_ids());

    NamedTensors inputs;
    inputs.emplace_back("input_embeds", Tensor::floats({1, length, table.dim}, embeds));
    inputs.emplace_back("baseline_embeds", Tensor::floats({1, length, table.dim}, std::move(embeds)));
    inputs.emplace_back("alphas", Tensor::floats({1}, {1.0f}));
    inputs.emplace_back("attention_mask", find_tensor(original, "attention_mask"));
    if (prepared_.has_token_type_ids) inputs.emplace_back("token_type_ids", find_tensor(original, "token_type_ids"));
    if (prepared_.needs_input_ids) inputs.emplace_back("input_ids", find_tensor(original, "input_ids"));
    const int64_t classes = prepared_.num_classes > 0 ? prepared_.num_classes : static_cast<int64_t>(config_.labels.size());
    std::vector<int64_t> target_shape = prepared_.token_classification ? std::vector<int64_t>{1, length, classes}
                                                                       : std::vector<int64_t>{1, classes};
    const int64_t target_size = prepared_.token_classification ? length * classes : classes;
    inputs.emplace_back("target_weights",
                        Tensor::floats(target_shape, std::vector<float>(static_cast<size_t>(target_size), 0.0f)));
    inputs.emplace_back("objective_weights", Tensor::floats({3}, {1.0f, 0.0f, 0.0f}));
    return inputs;
}

Prediction Explainer::prediction(const Tensor& logits) const {
    if (prepared_.token_classification)
        throw Error(std::string("a ") + task_name(config_.task) +
                    " model predicts per token: explain the text instead (its result holds the per-token labels "
                    "and entities, or the answer)");
    return predict_from_logits(config_, logits.f32);
}

std::string Explainer::display_text(const ExplainRequestSpec& spec) {
    return spec.pair ? spec.text + kPairSeparator + *spec.pair : spec.text;
}

ExplainJob Explainer::start(const ExplainRequestSpec& spec) const {
    const Encoding encoding = encode(spec.text, spec.pair);
    std::vector<Target> targets = spec.options.targets;  // already resolved, then the named ones
    for (const std::string& name : spec.targets) {
        if (name == "all") {
            // Every label in one job: all targets share the same runs (multi-label tables).
            for (size_t c = 0; c < config_.labels.size(); ++c) targets.push_back(Target{static_cast<int64_t>(c), -1});
        } else {
            targets.push_back(Target{config_.label_index(name), -1});
        }
    }
    if (prepared_.token_classification) {
        // One target per (class, position): the chosen classes, or the predicted class, at the
        // chosen positions, or at the first token of every word. All of them share the runs.
        std::vector<int64_t> positions = spec.positions;
        if (positions.empty()) positions = first_token_of_each_word(encoding);
        std::vector<Target> classes = targets.empty() ? std::vector<Target>{Target{}} : targets;
        targets.clear();
        for (int64_t position : positions)
            for (const Target& c : classes) targets.push_back(Target{c.class_index, position});
    } else if (!spec.positions.empty()) {
        throw Error("this model classifies the whole text: --position is only for token-classification models");
    }
    return start(spec, std::move(targets));
}

std::vector<int64_t> Explainer::first_token_of_each_word(const Encoding& encoding) {
    std::vector<int64_t> positions;
    for (size_t t = 0; t < encoding.tokens.size(); ++t)
        if (!encoding.tokens[t].special && (t == 0 || encoding.tokens[t - 1].word != encoding.tokens[t].word))
            positions.push_back(static_cast<int64_t>(t));
    return positions;
}

ExplainJob Explainer::start(const ExplainRequestSpec& spec, std::vector<Target> targets) const {
    Encoding encoding = encode(spec.text, spec.pair);
    bool has_text = false;
    for (const Token& t : encoding.tokens) has_text = has_text || !t.special;
    if (!has_text) throw Error("the text is empty (it produced no tokens besides the special ones): enter some text");

    ExplainRequest request;
    request.text = display_text(spec);
    // Offsets of the second text's tokens are relative to that text: shift them into the display text.
    const size_t pair_shift = spec.text.size() + std::string_view(kPairSeparator).size();
    request.input_ids = encoding.input_ids();
    request.attention_mask = encoding.attention_mask();
    request.token_type_ids = encoding.token_type_ids();
    for (const Token& t : encoding.tokens) {
        TokenInfo info;
        info.text = t.piece;
        const size_t shift = t.segment == 1 ? pair_shift : 0;
        info.start = static_cast<int64_t>(t.byte_start + shift);
        info.end = static_cast<int64_t>(t.byte_end + shift);
        info.special = t.special;
        info.word = t.word;
        request.tokens.push_back(std::move(info));
    }
    for (const Target& t : targets)
        if (prepared_.token_classification && (t.position < 0 || t.position >= static_cast<int64_t>(encoding.tokens.size())))
            throw Error("token position " + std::to_string(t.position) + " is outside the text's " +
                        std::to_string(encoding.tokens.size()) + " tokens (0 to " +
                        std::to_string(encoding.tokens.size() - 1) + ")");

    ExplainOptions options = spec.options;
    options.targets = std::move(targets);
    if (spec.baseline_text) {
        // The baseline text is tokenized like the input and fitted to its length, so each position
        // of the input is compared with the baseline text's token at the same position.
        Encoding baseline = tokenizer_->encode(*spec.baseline_text, encoding.tokens.size());
        BaselineSpec b;
        b.kind = BaselineKind::TokenIds;
        b.token_ids = baseline.input_ids();
        b.length_policy = BaselineLengthPolicy::PadOrTruncate;
        options.baselines = {b};
    }

    PreparedModelInfo info;
    info.num_classes = prepared_.num_classes > 0 ? prepared_.num_classes : static_cast<int64_t>(config_.labels.size());
    info.per_token_logits = prepared_.token_classification;
    info.multi_label = config_.task == Task::MultiLabelClassification;
    info.has_token_type_ids = prepared_.has_token_type_ids;
    info.needs_input_ids = prepared_.needs_input_ids;
    info.labels = config_.labels;
    info.dims = dims_of(config_, prepared_);

    const auto& table = prepared_.embeddings;
    return ExplainJob(info, iglens::EmbeddingTable::from_floats(table.values.data(), table.vocab_size, table.dim),
                      special_ids_of(*tokenizer_), std::move(request), options);
}

ExplainTask Explainer::task_of(const ExplainRequestSpec& spec) const {
    if (spec.task) return *spec.task;
    if (!spec.candidate_labels.empty()) return ExplainTask::ZeroShot;
    switch (config_.task) {
        case Task::TokenClassification: return ExplainTask::TokenClassification;
        case Task::QuestionAnswering: return ExplainTask::QuestionAnswering;
        case Task::MultiLabelClassification: return ExplainTask::MultiLabel;
        case Task::SequenceClassification: break;
    }
    return spec.pair ? ExplainTask::PairClassification : ExplainTask::SequenceClassification;
}

std::vector<std::string> Explainer::attention_outputs() const {
    std::vector<std::string> names;
    for (int layer = 0; layer < prepared_.num_attention_outputs; ++layer)
        names.push_back("attentions." + std::to_string(layer));
    return names;
}

void Explainer::convert_offsets(nlohmann::json& items, const std::string& text) {
    const std::vector<size_t> utf16 = utf8::utf16_offsets(text);
    for (auto& item : items) {
        const size_t start = item["start"].get<size_t>(), end = item["end"].get<size_t>();
        item["byte_start"] = start;
        item["byte_end"] = end;
        item["start"] = utf16.at(std::min(start, utf16.size() - 1));
        item["end"] = utf16.at(std::min(end, utf16.size() - 1));
    }
}

nlohmann::json Explainer::to_json(const Attribution& attribution) const {
    nlohmann::json j = attribution_to_json(attribution);
    const std::vector<size_t> utf16 = utf8::utf16_offsets(attribution.text);
    if (j.contains("tokens")) convert_offsets(j["tokens"], attribution.text);
    if (j.contains("words")) convert_offsets(j["words"], attribution.text);
    for (auto& target : j["targets"]) {
        convert_offsets(target["tokens"], attribution.text);
        convert_offsets(target["words"], attribution.text);
    }
    j["task"] = task_name(config_.task);
    // For a pair, "text" is both texts joined by kPairSeparator; say where the second begins.
    const size_t separator = attribution.text.find(kPairSeparator);
    bool is_pair = false;
    for (const auto& token : j["tokens"]) is_pair = is_pair || token.value("byte_start", size_t{0}) > separator;
    if (is_pair && separator != std::string::npos)
        j["pair_start"] = utf16.at(separator + std::string_view(kPairSeparator).size());
    j["labels"] = config_.labels;
    j["prepared"] = {{"cut_node", prepared_.report.cut_node}, {"backward_nodes", prepared_.report.backward_nodes}};
    return j;
}

}  // namespace iglens
