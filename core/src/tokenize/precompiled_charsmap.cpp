#include "tokenize/precompiled_charsmap.h"

#include <cstring>

#include "common/utf8.h"
#include "iglens/error.h"

namespace iglens::tokenize {

std::string base64_decode(std::string_view encoded) {
    auto value_of = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    out.reserve(encoded.size() * 3 / 4);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : encoded) {
        if (c == '=' || c == '\n' || c == '\r') continue;
        const int v = value_of(c);
        if (v < 0) throw Error("tokenizer.json: precompiled_charsmap is not valid base64");
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

PrecompiledCharsmap::PrecompiledCharsmap(std::string blob) {
    const auto bad = []() {
        return Error("tokenizer.json: precompiled_charsmap is malformed (sizes do not add up); "
                     "re-export the tokenizer");
    };
    if (blob.size() < 4) throw bad();
    const auto* bytes = reinterpret_cast<const unsigned char*>(blob.data());
    const uint32_t trie_size = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (uint32_t(bytes[3]) << 24);
    if (trie_size % 4 != 0 || trie_size > blob.size() - 4 || trie_size == 0) throw bad();
    units_.resize(trie_size / 4);
    for (size_t i = 0; i < units_.size(); ++i) {
        const unsigned char* u = bytes + 4 + 4 * i;
        units_[i] = u[0] | (u[1] << 8) | (u[2] << 16) | (uint32_t(u[3]) << 24);
    }
    replacements_ = blob.substr(4 + trie_size);
    replacements_ += '\0';  // guarantees termination of every replacement string
}

// darts-clone unit layout: bit 8 = has_leaf, low 8 bits (and bit 31) = label, value = low 31
// bits of a leaf unit, offset = bits 10..30 shifted by 8 when bit 9 is set.
size_t PrecompiledCharsmap::longest_prefix(std::string_view key, uint32_t& value) const {
    const auto offset_of = [](uint32_t unit) { return (unit >> 10) << ((unit & (1U << 9)) >> 6); };
    const auto has_leaf = [](uint32_t unit) { return ((unit >> 8) & 1) == 1; };
    const auto label_of = [](uint32_t unit) { return unit & ((1U << 31) | 0xFF); };
    size_t best = 0;
    size_t node = 0;
    node ^= offset_of(units_[0]);
    for (size_t i = 0; i < key.size(); ++i) {
        const uint32_t c = static_cast<unsigned char>(key[i]);
        node ^= c;
        if (node >= units_.size()) break;
        const uint32_t unit = units_[node];
        if (label_of(unit) != c) break;
        node ^= offset_of(unit);
        if (node >= units_.size()) break;
        if (has_leaf(unit)) {
            best = i + 1;
            value = units_[node] & ((1U << 31) - 1);
        }
    }
    return best;
}

unicode::AlignedText PrecompiledCharsmap::apply(const unicode::AlignedText& text) const {
    unicode::AlignedText out;
    out.text.reserve(text.text.size());
    out.origin.reserve(text.text.size());
    size_t pos = 0;
    const std::string_view all(text.text);
    while (pos < all.size()) {
        uint32_t value = 0;
        const size_t matched = longest_prefix(all.substr(pos), value);
        if (matched > 0 && value < replacements_.size()) {
            const char* replacement = replacements_.c_str() + value;
            out.append(std::string_view(replacement, std::strlen(replacement)),
                       text.original_span(pos, pos + matched));
            pos += matched;
            continue;
        }
        char32_t cp;
        size_t length;
        utf8::decode(all, pos, cp, length);
        out.append(all.substr(pos, length), text.original_span(pos, pos + length));
        pos += length;
    }
    return out;
}

}  // namespace iglens::tokenize
