// Post-processors of tokenizer.json (TemplateProcessing, BertProcessing, RobertaProcessing,
// Sequence of those with ByteLevel) turned into single/pair templates.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "iglens/tokenizer.h"

namespace iglens::tokenize {

struct Templates {
    std::vector<Tokenizer::TemplateItem> single;
    std::vector<Tokenizer::TemplateItem> pair;
};

Templates parse_post_processor(const nlohmann::json& config);

Tokenizer::TemplateItem sequence_item(int sequence, int32_t type_id);
Tokenizer::TemplateItem special_item(int32_t id, const std::string& piece, int32_t type_id);

}  // namespace iglens::tokenize
