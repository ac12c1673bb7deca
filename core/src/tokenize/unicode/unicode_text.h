// Character classes and mappings shared by every tokenizer kind (one place for Unicode logic),
// and AlignedText: a transformed string that remembers, byte by byte, which span of the
// original text each of its bytes came from, so that token offsets survive normalization.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iglens::unicode {

bool is_letter(char32_t cp);          // \p{L}
bool is_number(char32_t cp);          // \p{N}
bool is_whitespace(char32_t cp);      // ECMAScript \s, the class the reference tokenizers use
bool is_punctuation(char32_t cp);     // \p{P}
bool is_control(char32_t cp);         // Cc, Cf, Co, Cs
bool is_nonspacing_mark(char32_t cp); // Mn
bool is_mark(char32_t cp);            // M
// BERT's notion of punctuation: \p{P} plus every ASCII symbol (so "$" and "^" split words).
bool is_bert_punctuation(char32_t cp);
// The CJK ideograph blocks BERT surrounds with spaces.
bool is_chinese_char(char32_t cp);

// Full lowercase mapping of text (one to three code points per character, and the
// context-dependent final sigma rule), like JavaScript's toLowerCase / Rust's to_lowercase.
std::u32string lowercase(const std::u32string& text);
// Appends the lowercase form of text[index] (its neighbours decide the final sigma).
void append_lowercase(const std::u32string& text, size_t index, std::u32string& out);
// Appends the canonical decomposition (NFD) of one code point, Hangul included. Canonical
// reordering of combining marks is not applied: the tokenizers only use NFD to drop marks.
void append_canonical_decomposition(char32_t cp, std::u32string& out);

struct Span {
    size_t start;
    size_t end;
};

struct AlignedText {
    std::string text;            // UTF-8
    std::vector<Span> origin;    // one entry per byte of `text`: span in the original text

    static AlignedText from_original(std::string_view original, size_t base_offset = 0);
    void append(std::string_view bytes, Span from);
    void append(char32_t cp, Span from);
    AlignedText slice(size_t byte_begin, size_t byte_end) const;
    // Span of the original covered by bytes [byte_begin, byte_end), ignoring bytes that were
    // inserted (empty origin). Falls back to an empty span at the nearest origin.
    Span original_span(size_t byte_begin, size_t byte_end) const;
    bool empty() const { return text.empty(); }
};

// Iterates over the code points of an AlignedText: calls f(cp, byte_begin, byte_end).
template <typename F>
void for_each_char(const AlignedText& text, F&& f);

// Maps every character to zero or more characters, each keeping the original span of its source.
// `map(cps, index, out)` appends the replacement of cps[index] to out.
template <typename F>
AlignedText map_chars(const AlignedText& text, F&& map);

// Splits into pieces. `classify(cp)` returns 0 to keep a character in the current run,
// 1 to drop it and end the run (whitespace), 2 to make it a piece of its own (punctuation).
template <typename F>
std::vector<AlignedText> split_chars(const AlignedText& text, F&& classify);

}  // namespace iglens::unicode

#include "tokenize/unicode/unicode_text_inl.h"
