// Factories of the individual models (one file each).
#pragma once

#include "tokenize/models.h"

namespace iglens::tokenize {

std::unique_ptr<Model> make_wordpiece(const nlohmann::json& config);
std::unique_ptr<Model> make_bpe(const nlohmann::json& config);
std::unique_ptr<Model> make_unigram(const nlohmann::json& config);

// Byte positions of the character boundaries of valid UTF-8 `text` (0 and size() included).
std::vector<size_t> char_boundaries(std::string_view text);

}  // namespace iglens::tokenize
