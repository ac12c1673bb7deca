// Template implementations for unicode_text.h.
#pragma once

#include "common/utf8.h"

namespace iglens::unicode {

template <typename F>
void for_each_char(const AlignedText& text, F&& f) {
    size_t pos = 0;
    while (pos < text.text.size()) {
        char32_t cp = 0xFFFD;
        size_t length;
        utf8::decode(text.text, pos, cp, length);
        f(cp, pos, pos + length);
        pos += length;
    }
}

template <typename F>
AlignedText map_chars(const AlignedText& text, F&& map) {
    std::u32string cps;
    std::vector<Span> spans;
    for_each_char(text, [&](char32_t cp, size_t begin, size_t end) {
        cps.push_back(cp);
        spans.push_back(text.original_span(begin, end));
    });
    AlignedText out;
    out.text.reserve(text.text.size());
    out.origin.reserve(text.text.size());
    std::u32string replacement;
    for (size_t i = 0; i < cps.size(); ++i) {
        replacement.clear();
        map(cps, i, replacement);
        for (char32_t r : replacement) out.append(r, spans[i]);
    }
    return out;
}

template <typename F>
std::vector<AlignedText> split_chars(const AlignedText& text, F&& classify) {
    std::vector<AlignedText> pieces;
    size_t run_begin = std::string::npos;
    for_each_char(text, [&](char32_t cp, size_t begin, size_t end) {
        const int kind = classify(cp);
        if (kind == 0) {
            if (run_begin == std::string::npos) run_begin = begin;
            return;
        }
        if (run_begin != std::string::npos) pieces.push_back(text.slice(run_begin, begin));
        run_begin = std::string::npos;
        if (kind == 2) pieces.push_back(text.slice(begin, end));
    });
    if (run_begin != std::string::npos) pieces.push_back(text.slice(run_begin, text.text.size()));
    return pieces;
}

}  // namespace iglens::unicode
