// sentencepiece's precompiled normalization map (the "precompiled_charsmap" of a Precompiled
// normalizer, i.e. nmt_nfkc and friends): a darts-clone double-array trie over UTF-8 keys whose
// values point to NUL-terminated replacement strings. Applied like sentencepiece does: at each
// position the longest matching key is replaced, otherwise one character is copied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenize/unicode/unicode_text.h"

namespace iglens::tokenize {

std::string base64_decode(std::string_view encoded);

class PrecompiledCharsmap {
public:
    // `blob`: uint32 little-endian trie size, the trie units, then the replacement strings.
    explicit PrecompiledCharsmap(std::string blob);
    unicode::AlignedText apply(const unicode::AlignedText& text) const;

private:
    // Longest key that is a prefix of `key`: returns its length (0 if none) and sets `value`.
    size_t longest_prefix(std::string_view key, uint32_t& value) const;
    std::vector<uint32_t> units_;
    std::string replacements_;
};

}  // namespace iglens::tokenize
