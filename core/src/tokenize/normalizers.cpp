#include "tokenize/normalizers.h"

#include <vector>

#include "common/utf8.h"
#include "iglens/error.h"
#include "tokenize/precompiled_charsmap.h"

namespace iglens::tokenize {
namespace {

using unicode::AlignedText;

std::u32string strip_nonspacing_marks_after_nfd(const std::u32string& chars) {
    std::u32string decomposed;
    for (char32_t cp : chars) unicode::append_canonical_decomposition(cp, decomposed);
    std::u32string out;
    for (char32_t cp : decomposed) {
        if (!unicode::is_nonspacing_mark(cp)) out += cp;
    }
    return out;
}

// BERT's normalizer: drop control characters, turn whitespace into spaces, put spaces around
// CJK ideographs, lowercase, and strip accents (NFD, then drop nonspacing marks). Lowercasing
// comes before accent stripping, as in the reference implementation.
class BertNormalizer : public Normalizer {
public:
    explicit BertNormalizer(const nlohmann::json& c)
        : clean_text_(c.value("clean_text", true)),
          handle_chinese_chars_(c.value("handle_chinese_chars", true)),
          lowercase_(c.value("lowercase", true)) {
        const auto it = c.find("strip_accents");
        const bool explicit_strip = it != c.end() && it->is_boolean();
        // strip_accents: null follows lowercase.
        strip_accents_ = explicit_strip ? it->get<bool>() : lowercase_;
    }

    AlignedText normalize(const AlignedText& input) const override {
        AlignedText text = input;
        if (clean_text_) {
            text = unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
                const char32_t cp = cps[i];
                if (cp == 0 || cp == 0xFFFD) return;
                if (cp == '\t' || cp == '\n' || cp == '\r') {
                    out += ' ';
                    return;
                }
                if (unicode::is_control(cp)) return;
                out += unicode::is_whitespace(cp) ? char32_t(' ') : cp;
            });
        }
        if (handle_chinese_chars_) {
            text = unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
                if (unicode::is_chinese_char(cps[i])) {
                    out += ' ';
                    out += cps[i];
                    out += ' ';
                } else {
                    out += cps[i];
                }
            });
        }
        if (lowercase_) {
            text = unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
                unicode::append_lowercase(cps, i, out);
            });
        }
        if (strip_accents_) {
            text = unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
                out += strip_nonspacing_marks_after_nfd(std::u32string(1, cps[i]));
            });
        }
        return text;
    }

private:
    bool clean_text_, handle_chinese_chars_, lowercase_, strip_accents_;
};

class LowercaseNormalizer : public Normalizer {
public:
    AlignedText normalize(const AlignedText& text) const override {
        return unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
            unicode::append_lowercase(cps, i, out);
        });
    }
};

class NfdNormalizer : public Normalizer {
public:
    AlignedText normalize(const AlignedText& text) const override {
        return unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
            unicode::append_canonical_decomposition(cps[i], out);
        });
    }
};

// Removes combining marks (it is meant to follow NFD).
class StripAccentsNormalizer : public Normalizer {
public:
    AlignedText normalize(const AlignedText& text) const override {
        return unicode::map_chars(text, [](const std::u32string& cps, size_t i, std::u32string& out) {
            if (!unicode::is_mark(cps[i])) out += cps[i];
        });
    }
};

class PrecompiledNormalizer : public Normalizer {
public:
    explicit PrecompiledNormalizer(const nlohmann::json& c) {
        const auto it = c.find("precompiled_charsmap");
        if (it == c.end() || !it->is_string()) {
            throw Error("tokenizer.json: Precompiled normalizer without a precompiled_charsmap string; "
                        "re-export the tokenizer with the transformers library");
        }
        charsmap_ = std::make_unique<PrecompiledCharsmap>(base64_decode(it->get<std::string>()));
    }
    AlignedText normalize(const AlignedText& text) const override { return charsmap_->apply(text); }

private:
    std::unique_ptr<PrecompiledCharsmap> charsmap_;
};

// Replace: a literal string, or a regex of the one shape tokenizer files use for whitespace
// cleanup, a character repeated at least n times ("X{n,}" or "X+"). Other regexes are refused.
class ReplaceNormalizer : public Normalizer {
public:
    explicit ReplaceNormalizer(const nlohmann::json& c) {
        const auto& pattern = c.at("pattern");
        content_ = c.value("content", std::string());
        if (pattern.contains("String")) {
            literal_ = pattern["String"].get<std::string>();
            if (literal_.empty()) throw Error("tokenizer.json: Replace normalizer with an empty pattern");
            return;
        }
        const std::string regex = pattern.at("Regex").get<std::string>();
        const std::u32string cps = utf8::to_u32(regex);
        const bool plain = !cps.empty() && std::u32string(U"\\^$.|?*+()[]{}").find(cps[0]) == std::u32string::npos;
        if (plain && cps.size() == 2 && cps[1] == '+') {
            repeated_ = cps[0];
            min_repeat_ = 1;
            return;
        }
        if (plain && cps.size() >= 5 && cps[1] == '{' && cps.substr(cps.size() - 2) == U",}") {
            const std::u32string digits = cps.substr(2, cps.size() - 4);
            if (!digits.empty() && digits.find_first_not_of(U"0123456789") == std::u32string::npos) {
                repeated_ = cps[0];
                min_repeat_ = std::stoul(std::string(digits.begin(), digits.end()));
                if (min_repeat_ > 0) return;
            }
        }
        throw Error("tokenizer.json: Replace normalizer regex '" + regex +
                    "' is not supported (only literal strings and 'X{n,}' / 'X+' repetitions are)");
    }

    AlignedText normalize(const AlignedText& text) const override {
        AlignedText out;
        const std::string& s = text.text;
        size_t pos = 0;
        while (pos < s.size()) {
            const size_t match = match_length(s, pos);
            if (match > 0) {
                out.append(content_, text.original_span(pos, pos + match));
                pos += match;
            } else {
                out.append(std::string_view(s).substr(pos, 1), text.origin[pos]);
                ++pos;
            }
        }
        return out;
    }

private:
    size_t match_length(const std::string& s, size_t pos) const {
        if (!literal_.empty()) return s.compare(pos, literal_.size(), literal_) == 0 ? literal_.size() : 0;
        std::string unit;
        utf8::append(unit, repeated_);
        size_t count = 0, end = pos;
        while (s.compare(end, unit.size(), unit) == 0) {
            ++count;
            end += unit.size();
        }
        return count >= min_repeat_ ? end - pos : 0;
    }

    std::string literal_;
    char32_t repeated_ = 0;
    size_t min_repeat_ = 0;
    std::string content_;
};

class SequenceNormalizer : public Normalizer {
public:
    explicit SequenceNormalizer(const nlohmann::json& c) {
        for (const auto& item : c.at("normalizers")) {
            if (auto n = make_normalizer(item)) steps_.push_back(std::move(n));
        }
    }
    AlignedText normalize(const AlignedText& text) const override {
        AlignedText current = text;
        for (const auto& step : steps_) current = step->normalize(current);
        return current;
    }

private:
    std::vector<std::unique_ptr<Normalizer>> steps_;
};

}  // namespace

std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& config) {
    if (config.is_null()) return nullptr;
    const std::string type = config.value("type", "");
    if (type == "BertNormalizer") return std::make_unique<BertNormalizer>(config);
    if (type == "Precompiled") return std::make_unique<PrecompiledNormalizer>(config);
    if (type == "Sequence") return std::make_unique<SequenceNormalizer>(config);
    if (type == "Lowercase") return std::make_unique<LowercaseNormalizer>();
    if (type == "NFD") return std::make_unique<NfdNormalizer>();
    if (type == "StripAccents") return std::make_unique<StripAccentsNormalizer>();
    if (type == "Replace") return std::make_unique<ReplaceNormalizer>(config);
    throw Error("tokenizer.json: normalizer type '" + type +
                "' is not supported (supported: BertNormalizer, Precompiled, Sequence, Lowercase, "
                "NFD, StripAccents, Replace); use a tokenizer with one of these or a sentencepiece .model file");
}

}  // namespace iglens::tokenize
