// UTF-8 decoding/encoding and UTF-8 -> UTF-16 offset conversion. The core keeps all text as
// UTF-8 bytes; the browser speaks UTF-16 offsets, so spans are converted at the edge.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iglens::utf8 {

// Decodes the code point starting at text[pos]. On success returns true, sets `codepoint`
// and `length` (1-4). On an invalid or truncated sequence (including overlong forms,
// surrogates and values above U+10FFFF) returns false and sets length to 1.
bool decode(std::string_view text, size_t pos, char32_t& codepoint, size_t& length);

// Byte offset of the first invalid sequence, or std::string_view::npos if `text` is valid UTF-8.
size_t find_invalid(std::string_view text);

// Throws iglens::Error naming the byte offset when `text` is not valid UTF-8. `what`
// names the input in the message ("text", "tokenizer.json", ...).
void require_valid(std::string_view text, std::string_view what);

// Appends the UTF-8 encoding of `codepoint` (which must be a valid scalar value).
void append(std::string& out, char32_t codepoint);

// Number of UTF-16 code units of a code point (1, or 2 above U+FFFF).
inline size_t utf16_units(char32_t codepoint) { return codepoint > 0xFFFF ? 2 : 1; }

// For valid UTF-8 `text` of n bytes: a table of n+1 entries, entry b = the UTF-16 offset of
// byte offset b. Bytes inside a multi-byte character map to the offset of that character.
std::vector<size_t> utf16_offsets(std::string_view text);

// Decodes all code points of valid UTF-8 `text`.
std::u32string to_u32(std::string_view text);

}  // namespace iglens::utf8
