// Raw Unicode tables (generated into unicode_data.cpp). Use them through unicode_text.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace iglens::unicode_data {

struct CodepointRange {
    char32_t first;
    char32_t last;
};

// `from` maps to pool[offset .. offset+length).
struct CodepointMapping {
    char32_t from;
    uint32_t offset;
    uint32_t length;
};

#define IGLENS_UNICODE_CLASS(name)          \
    extern const CodepointRange name##Ranges[]; \
    extern const size_t name##RangeCount;
IGLENS_UNICODE_CLASS(kLetter)
IGLENS_UNICODE_CLASS(kNumber)
IGLENS_UNICODE_CLASS(kWhitespace)
IGLENS_UNICODE_CLASS(kPunctuation)
IGLENS_UNICODE_CLASS(kControl)
IGLENS_UNICODE_CLASS(kNonspacingMark)
IGLENS_UNICODE_CLASS(kMark)
IGLENS_UNICODE_CLASS(kCased)
IGLENS_UNICODE_CLASS(kCaseIgnorable)
#undef IGLENS_UNICODE_CLASS

#define IGLENS_UNICODE_MAPPING(name)               \
    extern const CodepointMapping name##Mappings[]; \
    extern const size_t name##MappingCount;        \
    extern const char32_t name##Pool[];
IGLENS_UNICODE_MAPPING(kLowercase)
IGLENS_UNICODE_MAPPING(kCanonicalDecomposition)
#undef IGLENS_UNICODE_MAPPING

}  // namespace iglens::unicode_data
