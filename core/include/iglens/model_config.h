// What an exported model folder's config.json says about the model: its task, its labels, its
// size and limits. Parsed from the file's text (the core reads no files itself).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iglens {

enum class Task {
    SequenceClassification,    // one label per text (softmax)
    MultiLabelClassification,  // independent labels (sigmoid), problem_type multi_label_classification
    TokenClassification,       // one label per token (NER), logits [B,T,C]
    QuestionAnswering,         // start/end logits over the tokens
};

const char* task_name(Task task);

struct ModelConfig {
    std::string model_type;                // "bert", "distilbert", "roberta", ...
    std::vector<std::string> architectures;
    Task task = Task::SequenceClassification;
    std::vector<std::string> labels;       // id2label, indexed by class id
    int64_t max_position_embeddings = 512;
    int64_t hidden_size = 0;               // 0 when the config does not say
    int64_t intermediate_size = 0;
    int64_t num_layers = 0;
    int64_t num_heads = 0;
    int64_t vocab_size = 0;
    std::optional<int64_t> pad_token_id;

    // Class index of a label given by name or by decimal index; iglens::Error listing the
    // model's labels when it names none.
    int64_t label_index(std::string_view name_or_index) const;
};

// Parses config.json; iglens::Error says which field is missing or malformed.
ModelConfig parse_model_config(std::string_view config_json);

}  // namespace iglens
