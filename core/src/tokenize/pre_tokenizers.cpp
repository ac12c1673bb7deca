#include "tokenize/pre_tokenizers.h"

#include "common/utf8.h"
#include "iglens/error.h"

namespace iglens::tokenize {
namespace {

using unicode::AlignedText;
using unicode::Span;

const char* const kMetaspace = "\xE2\x96\x81";  // U+2581 LOWER ONE EIGHTH BLOCK

// BERT: whitespace separates words, every punctuation character is a word of its own.
class BertPreTokenizer : public PreTokenizer {
public:
    std::vector<AlignedText> split(std::vector<AlignedText> pieces, bool) const override {
        std::vector<AlignedText> out;
        for (const auto& piece : pieces) {
            for (auto& word : unicode::split_chars(piece, [](char32_t cp) {
                     if (unicode::is_whitespace(cp)) return 1;
                     return unicode::is_bert_punctuation(cp) ? 2 : 0;
                 })) {
                out.push_back(std::move(word));
            }
        }
        return out;
    }
};

class WhitespaceSplitPreTokenizer : public PreTokenizer {
public:
    std::vector<AlignedText> split(std::vector<AlignedText> pieces, bool) const override {
        std::vector<AlignedText> out;
        for (const auto& piece : pieces) {
            for (auto& word : unicode::split_chars(
                     piece, [](char32_t cp) { return unicode::is_whitespace(cp) ? 1 : 0; })) {
                out.push_back(std::move(word));
            }
        }
        return out;
    }
};

// sentencepiece-style: spaces become "▁", a "▁" is prepended, and every "▁" starts a new word.
class MetaspacePreTokenizer : public PreTokenizer {
public:
    explicit MetaspacePreTokenizer(const nlohmann::json& c) {
        const std::string replacement = c.value("replacement", std::string(kMetaspace));
        if (replacement != kMetaspace) {
            throw Error("tokenizer.json: Metaspace replacement other than U+2581 is not supported");
        }
        if (c.contains("prepend_scheme") && c["prepend_scheme"].is_string()) {
            prepend_scheme_ = c["prepend_scheme"].get<std::string>();
        } else if (c.contains("add_prefix_space") && c["add_prefix_space"].is_boolean()) {
            prepend_scheme_ = c["add_prefix_space"].get<bool>() ? "always" : "never";
        }
        split_ = c.value("split", true);
    }

    std::vector<AlignedText> split(std::vector<AlignedText> pieces, bool first_section) const override {
        std::vector<AlignedText> out;
        for (const auto& piece : pieces) {
            AlignedText replaced;
            const bool prepend = prepend_scheme_ == "always" || (prepend_scheme_ == "first" && first_section);
            if (prepend && piece.text.compare(0, 3, kMetaspace) != 0 && piece.text.compare(0, 1, " ") != 0) {
                const size_t at = piece.origin.empty() ? 0 : piece.origin.front().start;
                replaced.append(kMetaspace, Span{at, at});
            }
            unicode::for_each_char(piece, [&](char32_t cp, size_t begin, size_t end) {
                if (cp == ' ') {
                    replaced.append(kMetaspace, piece.original_span(begin, end));
                } else {
                    replaced.append(std::string_view(piece.text).substr(begin, end - begin),
                                    piece.original_span(begin, end));
                }
            });
            if (!split_) {
                if (!replaced.empty()) out.push_back(std::move(replaced));
                continue;
            }
            // Split before every metaspace (the metaspace stays with the word that follows).
            size_t word_begin = 0;
            for (size_t pos = 3; pos + 3 <= replaced.text.size(); ++pos) {
                if (replaced.text.compare(pos, 3, kMetaspace) == 0) {
                    out.push_back(replaced.slice(word_begin, pos));
                    word_begin = pos;
                    pos += 2;
                }
            }
            if (word_begin < replaced.text.size()) {
                out.push_back(replaced.slice(word_begin, replaced.text.size()));
            }
        }
        return out;
    }

private:
    std::string prepend_scheme_ = "always";
    bool split_ = true;
};

// GPT-2 byte level: optional prefix space, the GPT-2 regex split, then every UTF-8 byte is
// written as one printable character of the byte table.
class ByteLevelPreTokenizer : public PreTokenizer {
public:
    explicit ByteLevelPreTokenizer(const nlohmann::json& c)
        : add_prefix_space_(c.value("add_prefix_space", false)), use_regex_(c.value("use_regex", true)) {}

    std::vector<AlignedText> split(std::vector<AlignedText> pieces, bool) const override {
        std::vector<AlignedText> out;
        for (const auto& piece : pieces) {
            AlignedText text;
            if (add_prefix_space_ && piece.text.compare(0, 1, " ") != 0) {
                const size_t at = piece.origin.empty() ? 0 : piece.origin.front().start;
                text.append(" ", Span{at, at});
            }
            text.append(piece.text, Span{0, 0});
            std::copy(piece.origin.begin(), piece.origin.end(), text.origin.end() - piece.origin.size());
            std::vector<std::pair<size_t, size_t>> ranges;
            if (use_regex_) {
                ranges = gpt2_split(text.text);
            } else if (!text.empty()) {
                ranges.push_back({0, text.text.size()});
            }
            for (const auto& [begin, end] : ranges) {
                AlignedText mapped;
                for (size_t i = begin; i < end; ++i) {
                    mapped.append(byte_to_unicode(static_cast<unsigned char>(text.text[i])), text.origin[i]);
                }
                out.push_back(std::move(mapped));
            }
        }
        return out;
    }

private:
    bool add_prefix_space_;
    bool use_regex_;
};

class SequencePreTokenizer : public PreTokenizer {
public:
    explicit SequencePreTokenizer(const nlohmann::json& c) {
        for (const auto& item : c.at("pretokenizers")) {
            if (auto p = make_pre_tokenizer(item)) steps_.push_back(std::move(p));
        }
    }
    std::vector<AlignedText> split(std::vector<AlignedText> pieces, bool first_section) const override {
        for (const auto& step : steps_) pieces = step->split(std::move(pieces), first_section);
        return pieces;
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

}  // namespace

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& config) {
    if (config.is_null()) return nullptr;
    const std::string type = config.value("type", "");
    if (type == "BertPreTokenizer") return std::make_unique<BertPreTokenizer>();
    if (type == "WhitespaceSplit") return std::make_unique<WhitespaceSplitPreTokenizer>();
    if (type == "Metaspace") return std::make_unique<MetaspacePreTokenizer>(config);
    if (type == "ByteLevel") return std::make_unique<ByteLevelPreTokenizer>(config);
    if (type == "Sequence") return std::make_unique<SequencePreTokenizer>(config);
    throw Error("tokenizer.json: pre_tokenizer type '" + type +
                "' is not supported (supported: BertPreTokenizer, WhitespaceSplit, Metaspace, "
                "ByteLevel, Sequence)");
}

namespace {
struct ByteTable {
    char32_t to_unicode[256];
    ByteTable() {
        // Printable Latin-1 bytes stand for themselves; the others are shifted to 256 + n in order.
        int shifted = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            to_unicode[b] = printable ? char32_t(b) : char32_t(256 + shifted++);
        }
    }
};
const ByteTable& byte_table() {
    static const ByteTable table;
    return table;
}
}  // namespace

char32_t byte_to_unicode(unsigned char byte) { return byte_table().to_unicode[byte]; }

int unicode_to_byte(char32_t cp) {
    for (int b = 0; b < 256; ++b) {
        if (byte_table().to_unicode[b] == cp) return b;
    }
    return -1;
}

std::vector<std::pair<size_t, size_t>> gpt2_split(const std::string& text) {
    const std::u32string cps = utf8::to_u32(text);
    std::vector<size_t> offset(cps.size() + 1, 0);
    for (size_t i = 0; i < cps.size(); ++i) offset[i + 1] = offset[i] + [&] {
        std::string tmp;
        utf8::append(tmp, cps[i]);
        return tmp.size();
    }();
    const size_t n = cps.size();
    const auto is_space = [&](size_t i) { return unicode::is_whitespace(cps[i]); };
    const auto is_letter = [&](size_t i) { return unicode::is_letter(cps[i]); };
    const auto is_number = [&](size_t i) { return unicode::is_number(cps[i]); };
    const auto is_other = [&](size_t i) { return !is_space(i) && !is_letter(i) && !is_number(i); };

    std::vector<std::pair<size_t, size_t>> out;
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        // 's|'t|'re|'ve|'m|'ll|'d
        if (cps[i] == '\'') {
            static const char32_t* const kContractions[] = {U"s", U"t", U"re", U"ve", U"m", U"ll", U"d"};
            for (const char32_t* c : kContractions) {
                const std::u32string suffix(c);
                if (cps.compare(i + 1, suffix.size(), suffix) == 0 && i + 1 + suffix.size() <= n) {
                    end = i + 1 + suffix.size();
                    break;
                }
            }
        }
        // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+'
        if (end == i) {
            const size_t start = (cps[i] == ' ' && i + 1 < n) ? i + 1 : i;
            for (const auto& run_class : {+0, +1, +2}) {
                const auto member = [&](size_t k) {
                    return run_class == 0 ? is_letter(k) : run_class == 1 ? is_number(k) : is_other(k);
                };
                size_t k = start;
                if (k < n && member(k)) {
                    while (k < n && member(k)) ++k;
                    end = k;
                    break;
                }
                // Without the optional space the run must start at i itself.
                if (start != i && member(i)) {
                    k = i;
                    while (k < n && member(k)) ++k;
                    end = k;
                    break;
                }
            }
        }
        // '\s+(?!\S)' then '\s+'
        if (end == i && is_space(i)) {
            size_t k = i;
            while (k < n && is_space(k)) ++k;
            if (k == n || k - i == 1) {
                end = k;
            } else {
                end = k - 1;  // leave the last space to prefix the next word
            }
        }
        if (end == i) end = i + 1;  // unreachable by construction; guarantees progress
        out.push_back({offset[i], offset[end]});
        i = end;
    }
    return out;
}

}  // namespace iglens::tokenize
