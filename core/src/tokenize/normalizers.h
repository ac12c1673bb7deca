// The normalizers of Hugging Face tokenizer.json files, working on AlignedText so that token
// offsets still point into the original text.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "tokenize/unicode/unicode_text.h"

namespace iglens::tokenize {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual unicode::AlignedText normalize(const unicode::AlignedText& text) const = 0;
};

// Builds the normalizer described by tokenizer.json's "normalizer" entry (null -> nullptr).
// Throws iglens::Error for a type that is not supported.
std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& config);

}  // namespace iglens::tokenize
