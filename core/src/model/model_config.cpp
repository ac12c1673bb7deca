#include "iglens/model_config.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "iglens/error.h"

namespace iglens {

const char* task_name(Task task) {
    switch (task) {
        case Task::SequenceClassification: return "sequence-classification";
        case Task::MultiLabelClassification: return "multi-label-classification";
        case Task::TokenClassification: return "token-classification";
        case Task::QuestionAnswering: return "question-answering";
    }
    return "unknown";
}

namespace {

using nlohmann::json;

// Families name the same dimension differently (DistilBERT: dim, n_layers, n_heads, hidden_dim).
int64_t first_int(const json& config, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        auto it = config.find(key);
        if (it != config.end() && it->is_number_integer()) return it->get<int64_t>();
    }
    return 0;
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Task infer_task(const json& config, const std::vector<std::string>& architectures) {
    std::string problem = config.value("problem_type", "");
    if (problem == "multi_label_classification") return Task::MultiLabelClassification;
    for (const auto& arch : architectures) {
        if (ends_with(arch, "ForTokenClassification")) return Task::TokenClassification;
        if (ends_with(arch, "ForQuestionAnswering")) return Task::QuestionAnswering;
    }
    return Task::SequenceClassification;
}

std::vector<std::string> read_labels(const json& config) {
    auto it = config.find("id2label");
    if (it == config.end() || !it->is_object() || it->empty()) return {};
    std::vector<std::string> labels(it->size());
    for (const auto& [key, value] : it->items()) {
        size_t index = 0;
        try {
            index = std::stoul(key);
        } catch (const std::exception&) {
            throw Error("config.json: id2label key '" + key + "' is not a class index");
        }
        if (index >= labels.size() || !value.is_string())
            throw Error("config.json: id2label must map the indexes 0.." + std::to_string(labels.size() - 1) +
                        " to label names");
        labels[index] = value.get<std::string>();
    }
    return labels;
}

}  // namespace

ModelConfig parse_model_config(std::string_view config_json) {
    json config = json::parse(config_json.begin(), config_json.end(), nullptr, /*allow_exceptions=*/false);
    if (config.is_discarded() || !config.is_object())
        throw Error("config.json is not a JSON object: re-export the model or fix the file");

    ModelConfig result;
    result.model_type = config.value("model_type", "");
    if (auto it = config.find("architectures"); it != config.end() && it->is_array())
        for (const auto& a : *it)
            if (a.is_string()) result.architectures.push_back(a.get<std::string>());
    result.labels = read_labels(config);
    result.task = infer_task(config, result.architectures);
    if (result.task != Task::QuestionAnswering && result.labels.empty())
        throw Error("config.json has no id2label: IG Lens needs the class names of a classifier");

    result.max_position_embeddings = first_int(config, {"max_position_embeddings", "n_positions"});
    if (result.max_position_embeddings <= 0) result.max_position_embeddings = 512;
    // RoBERTa-style position ids start after the padding index: two positions are never usable.
    if (result.model_type == "roberta" || result.model_type == "xlm-roberta" || result.model_type == "camembert")
        result.max_position_embeddings -= 2;
    result.hidden_size = first_int(config, {"hidden_size", "dim", "d_model"});
    result.intermediate_size = first_int(config, {"intermediate_size", "hidden_dim", "d_ff"});
    result.num_layers = first_int(config, {"num_hidden_layers", "n_layers", "num_layers"});
    result.num_heads = first_int(config, {"num_attention_heads", "n_heads"});
    result.vocab_size = first_int(config, {"vocab_size"});
    if (auto it = config.find("pad_token_id"); it != config.end() && it->is_number_integer())
        result.pad_token_id = it->get<int64_t>();
    return result;
}

int64_t ModelConfig::label_index(std::string_view name_or_index) const {
    auto it = std::find(labels.begin(), labels.end(), name_or_index);
    if (it != labels.end()) return it - labels.begin();
    std::string s(name_or_index);
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        size_t index = std::stoul(s);
        if (index < labels.size()) return static_cast<int64_t>(index);
    }
    std::string known;
    for (size_t i = 0; i < labels.size(); ++i) known += (i ? ", " : "") + std::to_string(i) + "=" + labels[i];
    throw Error("unknown label '" + s + "': this model's labels are " + known);
}

}  // namespace iglens
