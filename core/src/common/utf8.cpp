#include "common/utf8.h"

#include "iglens/error.h"

namespace iglens::utf8 {

bool decode(std::string_view text, size_t pos, char32_t& codepoint, size_t& length) {
    length = 1;
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) {
        codepoint = lead;
        return true;
    }
    size_t needed;
    char32_t value;
    char32_t minimum;
    if ((lead & 0xE0) == 0xC0) {
        needed = 2, value = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        needed = 3, value = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        needed = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return false;
    }
    if (pos + needed > text.size()) return false;
    for (size_t i = 1; i < needed; ++i) {
        const unsigned char next = byte(pos + i);
        if ((next & 0xC0) != 0x80) return false;
        value = (value << 6) | (next & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
    codepoint = value;
    length = needed;
    return true;
}

size_t find_invalid(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp;
        size_t length;
        if (!decode(text, pos, cp, length)) return pos;
        pos += length;
    }
    return std::string_view::npos;
}

void require_valid(std::string_view text, std::string_view what) {
    const size_t bad = find_invalid(text);
    if (bad != std::string_view::npos) {
        throw Error(std::string(what) + " is not valid UTF-8 (bad byte sequence at byte offset " +
                    std::to_string(bad) + "); convert the input to UTF-8 before tokenizing");
    }
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::vector<size_t> utf16_offsets(std::string_view text) {
    std::vector<size_t> offsets(text.size() + 1, 0);
    size_t pos = 0;
    size_t units = 0;
    while (pos < text.size()) {
        char32_t cp = 0xFFFD;
        size_t length;
        decode(text, pos, cp, length);
        for (size_t i = 0; i < length; ++i) offsets[pos + i] = units;
        units += utf16_units(cp);
        pos += length;
    }
    offsets[text.size()] = units;
    return offsets;
}

std::u32string to_u32(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp = 0xFFFD;
        size_t length;
        decode(text, pos, cp, length);
        out += cp;
        pos += length;
    }
    return out;
}

}  // namespace iglens::utf8
