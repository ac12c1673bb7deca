#include "tokenize/unicode/unicode_text.h"

#include <algorithm>

#include "tokenize/unicode/unicode_data.h"

namespace iglens::unicode {
namespace {

using unicode_data::CodepointMapping;
using unicode_data::CodepointRange;

bool in_ranges(const CodepointRange* ranges, size_t count, char32_t cp) {
    const CodepointRange* end = ranges + count;
    const CodepointRange* it = std::upper_bound(
        ranges, end, cp, [](char32_t value, const CodepointRange& r) { return value < r.first; });
    if (it == ranges) return false;
    --it;
    return cp <= it->last;
}

const CodepointMapping* find_mapping(const CodepointMapping* mappings, size_t count, char32_t cp) {
    const CodepointMapping* end = mappings + count;
    const CodepointMapping* it = std::lower_bound(
        mappings, end, cp, [](const CodepointMapping& m, char32_t value) { return m.from < value; });
    return (it != end && it->from == cp) ? it : nullptr;
}

bool is_cased(char32_t cp) {
    return in_ranges(unicode_data::kCasedRanges, unicode_data::kCasedRangeCount, cp);
}
bool is_case_ignorable(char32_t cp) {
    return in_ranges(unicode_data::kCaseIgnorableRanges, unicode_data::kCaseIgnorableRangeCount, cp);
}

// Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorables) and
// none after.
bool is_final_sigma(const std::u32string& text, size_t index) {
    bool cased_before = false;
    for (size_t i = index; i-- > 0;) {
        if (is_case_ignorable(text[i])) continue;
        cased_before = is_cased(text[i]);
        break;
    }
    if (!cased_before) return false;
    for (size_t i = index + 1; i < text.size(); ++i) {
        if (is_case_ignorable(text[i])) continue;
        return !is_cased(text[i]);
    }
    return true;
}

}  // namespace

bool is_letter(char32_t cp) {
    return in_ranges(unicode_data::kLetterRanges, unicode_data::kLetterRangeCount, cp);
}
bool is_number(char32_t cp) {
    return in_ranges(unicode_data::kNumberRanges, unicode_data::kNumberRangeCount, cp);
}
bool is_whitespace(char32_t cp) {
    return in_ranges(unicode_data::kWhitespaceRanges, unicode_data::kWhitespaceRangeCount, cp);
}
bool is_punctuation(char32_t cp) {
    return in_ranges(unicode_data::kPunctuationRanges, unicode_data::kPunctuationRangeCount, cp);
}
bool is_control(char32_t cp) {
    return in_ranges(unicode_data::kControlRanges, unicode_data::kControlRangeCount, cp);
}
bool is_nonspacing_mark(char32_t cp) {
    return in_ranges(unicode_data::kNonspacingMarkRanges, unicode_data::kNonspacingMarkRangeCount, cp);
}
bool is_mark(char32_t cp) {
    return in_ranges(unicode_data::kMarkRanges, unicode_data::kMarkRangeCount, cp);
}

bool is_bert_punctuation(char32_t cp) {
    if ((cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) ||
        (cp >= 0x7B && cp <= 0x7E)) {
        return true;
    }
    return is_punctuation(cp);
}

bool is_chinese_char(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
           (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

void append_lowercase(const std::u32string& text, size_t index, std::u32string& out) {
    const char32_t cp = text[index];
    if (cp == 0x03A3) {  // GREEK CAPITAL LETTER SIGMA
        out += is_final_sigma(text, index) ? char32_t(0x03C2) : char32_t(0x03C3);
        return;
    }
    const CodepointMapping* m = find_mapping(unicode_data::kLowercaseMappings,
                                             unicode_data::kLowercaseMappingCount, cp);
    if (!m) {
        out += cp;
        return;
    }
    out.append(unicode_data::kLowercasePool + m->offset, m->length);
}

std::u32string lowercase(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) append_lowercase(text, i, out);
    return out;
}

void append_canonical_decomposition(char32_t cp, std::u32string& out) {
    // Hangul syllables: algorithmic decomposition (Unicode chapter 3.12).
    constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
    constexpr char32_t kVCount = 21, kTCount = 28, kSCount = 11172;
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t index = cp - kSBase;
        out += kLBase + index / (kVCount * kTCount);
        out += kVBase + (index % (kVCount * kTCount)) / kTCount;
        if (index % kTCount != 0) out += kTBase + index % kTCount;
        return;
    }
    const CodepointMapping* m = find_mapping(unicode_data::kCanonicalDecompositionMappings,
                                             unicode_data::kCanonicalDecompositionMappingCount, cp);
    if (!m) {
        out += cp;
        return;
    }
    out.append(unicode_data::kCanonicalDecompositionPool + m->offset, m->length);
}

AlignedText AlignedText::from_original(std::string_view original, size_t base_offset) {
    AlignedText out;
    out.text = std::string(original);
    out.origin.resize(original.size());
    // Every byte of a character maps to the whole character.
    size_t pos = 0;
    while (pos < original.size()) {
        char32_t cp;
        size_t length;
        utf8::decode(original, pos, cp, length);
        for (size_t i = 0; i < length; ++i) {
            out.origin[pos + i] = {base_offset + pos, base_offset + pos + length};
        }
        pos += length;
    }
    return out;
}

void AlignedText::append(std::string_view bytes, Span from) {
    text.append(bytes);
    origin.insert(origin.end(), bytes.size(), from);
}

void AlignedText::append(char32_t cp, Span from) {
    const size_t before = text.size();
    utf8::append(text, cp);
    origin.insert(origin.end(), text.size() - before, from);
}

AlignedText AlignedText::slice(size_t byte_begin, size_t byte_end) const {
    AlignedText out;
    out.text = text.substr(byte_begin, byte_end - byte_begin);
    out.origin.assign(origin.begin() + byte_begin, origin.begin() + byte_end);
    return out;
}

Span AlignedText::original_span(size_t byte_begin, size_t byte_end) const {
    bool found = false;
    Span span{0, 0};
    for (size_t i = byte_begin; i < byte_end && i < origin.size(); ++i) {
        const Span& o = origin[i];
        if (o.start == o.end) continue;  // inserted byte (a prefix space, a metaspace)
        if (!found) {
            span = o;
            found = true;
        } else {
            span.start = std::min(span.start, o.start);
            span.end = std::max(span.end, o.end);
        }
    }
    if (found) return span;
    // Only inserted bytes: anchor an empty span where they were inserted.
    if (byte_begin < origin.size()) return {origin[byte_begin].start, origin[byte_begin].start};
    if (!origin.empty()) return {origin.back().end, origin.back().end};
    return {0, 0};
}

}  // namespace iglens::unicode
