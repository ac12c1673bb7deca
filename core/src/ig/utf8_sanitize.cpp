#include "utf8_sanitize.h"

namespace iglens {

std::string sanitize_utf8(const std::string& text) {
    static const char kReplacement[] = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t size = text.size();
    size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        size_t length = 0;
        unsigned min_second = 0x80, max_second = 0xBF;
        if (lead < 0x80) length = 1;
        else if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) min_second = 0xA0;   // no overlong forms
            if (lead == 0xED) max_second = 0x9F;   // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) min_second = 0x90;
            if (lead == 0xF4) max_second = 0x8F;   // <= U+10FFFF
        }
        bool valid = length > 0 && i + length <= size;
        for (size_t k = 1; valid && k < length; ++k) {
            const unsigned char next = bytes[i + k];
            const unsigned low = k == 1 ? min_second : 0x80, high = k == 1 ? max_second : 0xBF;
            valid = next >= low && next <= high;
        }
        if (valid) {
            out.append(text, i, length);
            i += length;
        } else {
            out += kReplacement;
            i += 1;
        }
    }
    return out;
}

}  // namespace iglens
