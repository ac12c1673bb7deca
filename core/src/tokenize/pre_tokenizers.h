// The pre-tokenizers of Hugging Face tokenizer.json files. A pre-tokenizer cuts normalized text
// into words; each word is tokenized by the model on its own, and the word index of every token
// comes from here (it is what word-level attribution merging groups by).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "tokenize/unicode/unicode_text.h"

namespace iglens::tokenize {

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    // Splits (and possibly rewrites) every piece. `first_section` is true for the text before
    // the first added token (Metaspace's prepend_scheme "first" needs it).
    virtual std::vector<unicode::AlignedText> split(std::vector<unicode::AlignedText> pieces,
                                                    bool first_section) const = 0;
};

// Builds the pre-tokenizer described by tokenizer.json's "pre_tokenizer" (null -> nullptr).
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& config);

// The GPT-2 byte -> printable character table ("Ġ" for the space byte, ...).
char32_t byte_to_unicode(unsigned char byte);
// Inverse; returns -1 for a character that is not in the table.
int unicode_to_byte(char32_t cp);

// GPT-2's pre-tokenization regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// written out by hand: returns [begin, end) byte ranges of the matches in `text`.
std::vector<std::pair<size_t, size_t>> gpt2_split(const std::string& text);

}  // namespace iglens::tokenize
