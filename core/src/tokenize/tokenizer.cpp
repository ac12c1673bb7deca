// What every tokenizer kind shares: the template around the texts, truncation, word and
// segment numbering, UTF-16 offsets.
#include "iglens/tokenizer.h"

#include <algorithm>
#include <map>

#include "common/utf8.h"
#include "iglens/error.h"

namespace iglens {

Tokenizer::~Tokenizer() = default;

std::vector<int64_t> Encoding::input_ids() const {
    std::vector<int64_t> out;
    for (const auto& t : tokens) out.push_back(t.id);
    return out;
}

std::vector<int64_t> Encoding::attention_mask() const { return std::vector<int64_t>(tokens.size(), 1); }

std::vector<int64_t> Encoding::token_type_ids() const {
    std::vector<int64_t> out;
    for (const auto& t : tokens) out.push_back(t.type_id);
    return out;
}

std::optional<int32_t> Tokenizer::token_to_id(std::string_view piece) const { return lookup_piece(piece); }
std::optional<std::string> Tokenizer::id_to_token(int32_t id) const { return lookup_id(id); }
size_t Tokenizer::vocab_size() const { return lookup_vocab_size(); }

size_t Tokenizer::num_special_tokens(bool pair) const {
    size_t count = 0;
    for (const auto& item : pair ? pair_template_ : single_template_) {
        if (!item.is_sequence) count += item.ids.size();
    }
    return count;
}

void Tokenizer::set_special_ids(const SpecialTokens& config) {
    const auto pick = [&](const std::optional<std::string>& configured,
                          std::initializer_list<const char*> conventional) -> std::optional<int32_t> {
        if (configured) {
            if (auto id = lookup_piece(*configured)) return id;
        }
        for (const char* name : conventional) {
            if (auto id = lookup_piece(name)) return id;
        }
        return std::nullopt;
    };
    // Configured names win; without configuration the conventional names of BERT-style and
    // sentencepiece-style vocabularies are tried.
    if (!pad_id_) pad_id_ = pick(config.pad, {"[PAD]", "<pad>"});
    if (!unk_id_) unk_id_ = pick(config.unk, {"[UNK]", "<unk>"});
    if (!mask_id_) mask_id_ = pick(config.mask, {"[MASK]", "<mask>"});
    if (!cls_id_) cls_id_ = pick(config.cls, {"[CLS]"});
    if (!bos_id_) bos_id_ = pick(config.bos, {"<s>"});
    if (!eos_id_) eos_id_ = pick(config.eos, {"</s>"});
    if (!sep_id_) sep_id_ = pick(config.sep, {"[SEP]"});
    if (!sep_id_) sep_id_ = eos_id_;
    if (!cls_id_ && config.bos) cls_id_ = bos_id_;
    if (config.model_max_length) model_max_length_ = config.model_max_length;
}

Encoding Tokenizer::encode(std::string_view text, size_t max_length) const {
    return assemble(text, nullptr, max_length);
}

Encoding Tokenizer::encode_pair(std::string_view first, std::string_view second, size_t max_length) const {
    return assemble(first, &second, max_length);
}

Encoding Tokenizer::assemble(std::string_view first, const std::string_view* second, size_t max_length) const {
    utf8::require_valid(first, second ? "the first text" : "the text");
    if (second) utf8::require_valid(*second, "the second text");

    std::vector<TextToken> texts[2];
    texts[0] = tokenize_text(first);
    if (second) texts[1] = tokenize_text(*second);

    const bool pair = second != nullptr;
    const size_t specials = num_special_tokens(pair);
    if (max_length == kModelMaxLength) max_length = model_max_length_.value_or(kNoLimit);
    Encoding encoding;
    encoding.untruncated_length = texts[0].size() + texts[1].size() + specials;
    if (encoding.untruncated_length > max_length) {
        // Text may be cut down to nothing (reported), but the template itself must fit.
        if (max_length < specials) {
            throw Error("max_length " + std::to_string(max_length) + " is smaller than the template: it adds " +
                        std::to_string(specials) + " special tokens; use a larger max_length");
        }
        size_t keep[2] = {texts[0].size(), texts[1].size()};
        for (size_t excess = encoding.untruncated_length - max_length; excess > 0; --excess) {
            // Longest first; the second sequence loses a token on ties.
            if (keep[0] > keep[1]) {
                --keep[0];
            } else {
                --keep[1];
            }
        }
        texts[0].resize(keep[0]);
        texts[1].resize(keep[1]);
        encoding.truncated = true;
    }

    const std::vector<size_t> utf16[2] = {utf8::utf16_offsets(first),
                                          second ? utf8::utf16_offsets(*second) : std::vector<size_t>{0}};
    std::map<std::pair<int, int32_t>, int32_t> global_word;
    int current_segment = 0;
    for (const TemplateItem& item : pair ? pair_template_ : single_template_) {
        if (item.is_sequence) {
            current_segment = item.sequence;
            for (const TextToken& t : texts[item.sequence]) {
                Token token;
                token.id = t.id;
                token.piece = t.piece;
                token.byte_start = t.byte_start;
                token.byte_end = t.byte_end;
                token.utf16_start = utf16[item.sequence][t.byte_start];
                token.utf16_end = utf16[item.sequence][t.byte_end];
                token.special = t.special;
                token.segment = item.sequence;
                token.type_id = item.type_id;
                if (t.word >= 0) {
                    const auto key = std::make_pair(item.sequence, t.word);
                    auto it = global_word.find(key);
                    if (it == global_word.end()) {
                        it = global_word.emplace(key, static_cast<int32_t>(global_word.size())).first;
                    }
                    token.word = it->second;
                }
                encoding.tokens.push_back(std::move(token));
            }
            continue;
        }
        for (size_t i = 0; i < item.ids.size(); ++i) {
            Token token;
            token.id = item.ids[i];
            token.piece = item.pieces[i];
            token.special = true;
            token.from_template = true;
            token.segment = current_segment;
            token.type_id = item.type_id;
            // A template token has no text; anchor it at the end of what precedes it.
            const auto& prev = encoding.tokens;
            if (!prev.empty() && prev.back().segment == current_segment && !prev.back().special) {
                token.byte_start = token.byte_end = prev.back().byte_end;
                token.utf16_start = token.utf16_end = prev.back().utf16_end;
            }
            encoding.tokens.push_back(std::move(token));
        }
    }
    return encoding;
}

}  // namespace iglens
