// Tokenizer for sentencepiece .model files: the sentencepiece library encodes (so ids match
// spm_encode exactly); this file adds words, specials and the template.
#include "sentencepiece_processor.h"

#include "common/utf8.h"
#include "iglens/error.h"
#include "iglens/tokenizer.h"
#include "tokenize/template.h"

namespace iglens {
namespace {

const char* const kMetaspace = "\xE2\x96\x81";

class SentencePieceTokenizer : public Tokenizer {
public:
    SentencePieceTokenizer(std::string_view model_bytes, const SpecialTokens& config) {
        if (model_bytes.empty()) throw Error("the sentencepiece model is empty; pass the bytes of the .model file");
        const auto status = processor_.LoadFromSerializedProto(model_bytes);
        if (!status.ok()) {
            throw Error("could not load the sentencepiece model (" + status.ToString() +
                        "); pass the bytes of a sentencepiece .model file");
        }
        kind_ = "sentencepiece";
        // Ids sentencepiece itself declares come first; configured names may refine them.
        const auto own = [&](int id) -> std::optional<int32_t> {
            if (id < 0 || id >= processor_.GetPieceSize()) return std::nullopt;
            return id;
        };
        unk_id_ = own(processor_.unk_id());
        pad_id_ = own(processor_.pad_id());
        // A configured special token the vocabulary lacks would silently change the template.
        for (const auto* name : {&config.cls, &config.sep, &config.bos, &config.eos}) {
            if (*name && !lookup_piece(**name)) {
                throw Error("the tokenizer configuration names special token '" + **name +
                            "', which the sentencepiece model does not contain; fix tokenizer_config.json / "
                            "special_tokens_map.json or train the model with that piece (--control_symbols)");
            }
        }
        if (!config.bos) bos_id_ = own(processor_.bos_id());
        if (!config.eos) eos_id_ = own(processor_.eos_id());
        set_special_ids(config);
        build_template(config);
    }

protected:
    std::vector<TextToken> tokenize_text(std::string_view text) const override {
        std::vector<TextToken> tokens;
        if (text.empty()) return tokens;
        const auto encoded = processor_.EncodeAsImmutableProto(text);
        int32_t word = -1;
        for (const auto& piece : encoded.pieces()) {
            const int32_t id = static_cast<int32_t>(piece.id());
            // A user-defined piece typed in the text ("[MASK]") is special when it is one of
            // the model's special tokens, as added tokens are in tokenizer.json files.
            const bool special = processor_.IsControl(id) || (!processor_.IsUnknown(id) && is_special_id(id));
            const bool starts_word = piece.piece().compare(0, 3, kMetaspace) == 0;
            if (!special && (starts_word || word < 0)) ++word;
            tokens.push_back({id, piece.piece(), piece.begin(), piece.end(), special, special ? -1 : word});
        }
        return tokens;
    }

    std::optional<int32_t> lookup_piece(std::string_view piece) const override {
        const int id = processor_.PieceToId(std::string(piece));
        // PieceToId answers unk_id for unknown pieces: only a real match counts.
        if (id < 0 || (id == processor_.unk_id() && processor_.IdToPiece(id) != piece)) return std::nullopt;
        return id;
    }
    std::optional<std::string> lookup_id(int32_t id) const override {
        if (id < 0 || id >= processor_.GetPieceSize()) return std::nullopt;
        return processor_.IdToPiece(id);
    }
    size_t lookup_vocab_size() const override { return static_cast<size_t>(processor_.GetPieceSize()); }

private:
    bool is_special_id(int32_t id) const {
        for (const auto& known : {mask_id_, cls_id_, sep_id_, bos_id_, eos_id_, pad_id_, unk_id_}) {
            if (known == id) return true;
        }
        return false;
    }

    void build_template(const SpecialTokens& config) {
        using tokenize::sequence_item;
        using tokenize::special_item;
        const auto piece = [&](int32_t id) { return processor_.IdToPiece(id); };
        enum class Layout { kBert, kRoberta, kEosOnly, kNone } layout = Layout::kNone;
        const std::string family = config.tokenizer_class.value_or("");
        const auto names = [&](const char* part) { return family.find(part) != std::string::npos; };
        const bool configured = config.cls || config.sep || config.bos || config.eos;
        if (names("Roberta") || names("Camembert") || names("Bart")) {
            layout = Layout::kRoberta;
        } else if (names("T5") || names("Pegasus")) {
            layout = Layout::kEosOnly;
        } else if (names("Bert")) {
            layout = Layout::kBert;
        } else if (configured) {
            if (config.cls && config.sep) {
                layout = Layout::kBert;
            } else if (config.bos && config.eos) {
                layout = Layout::kRoberta;
            } else if (config.eos) {
                layout = Layout::kEosOnly;
            }
        } else if (lookup_piece("[CLS]") && lookup_piece("[SEP]")) {
            cls_id_ = lookup_piece("[CLS]");
            sep_id_ = lookup_piece("[SEP]");
            layout = Layout::kBert;
        } else if (bos_id_ && eos_id_) {
            layout = Layout::kRoberta;
        } else if (eos_id_) {
            layout = Layout::kEosOnly;
        }
        // The ids each layout needs; bos/eos fall back to cls/sep (XLM-R names <s> as both).
        const std::optional<int32_t> begin = bos_id_ ? bos_id_ : cls_id_;
        const std::optional<int32_t> end = eos_id_ ? eos_id_ : sep_id_;
        const auto require = [&](const std::optional<int32_t>& id, const char* what) {
            if (!id) {
                throw Error(std::string("the sentencepiece model has no ") + what + " token, which the " +
                            (family.empty() ? std::string("configured") : family) +
                            " template needs; name it in tokenizer_config.json / special_tokens_map.json");
            }
        };
        if (layout == Layout::kBert) {
            require(cls_id_, "cls");
            require(sep_id_, "sep");
        } else if (layout == Layout::kRoberta) {
            require(begin, "bos (or cls)");
            require(end, "eos (or sep)");
            bos_id_ = begin;
            eos_id_ = end;
        } else if (layout == Layout::kEosOnly) {
            require(end, "eos (or sep)");
            eos_id_ = end;
        }
        switch (layout) {
            case Layout::kBert: {
                const int32_t cls = *cls_id_, sep = *sep_id_;
                single_template_ = {special_item(cls, piece(cls), 0), sequence_item(0, 0), special_item(sep, piece(sep), 0)};
                pair_template_ = {special_item(cls, piece(cls), 0), sequence_item(0, 0), special_item(sep, piece(sep), 0),
                                  sequence_item(1, 1), special_item(sep, piece(sep), 1)};
                kind_ += " [CLS] A [SEP] B [SEP]";
                break;
            }
            case Layout::kRoberta: {
                const int32_t bos = *bos_id_, eos = *eos_id_;
                cls_id_ = bos;
                sep_id_ = eos;
                single_template_ = {special_item(bos, piece(bos), 0), sequence_item(0, 0), special_item(eos, piece(eos), 0)};
                pair_template_ = {special_item(bos, piece(bos), 0), sequence_item(0, 0), special_item(eos, piece(eos), 0),
                                  special_item(eos, piece(eos), 0), sequence_item(1, 0), special_item(eos, piece(eos), 0)};
                kind_ += " <s> A </s></s> B </s>";
                break;
            }
            case Layout::kEosOnly: {
                const int32_t eos = *eos_id_;
                sep_id_ = eos;
                single_template_ = {sequence_item(0, 0), special_item(eos, piece(eos), 0)};
                pair_template_ = {sequence_item(0, 0), special_item(eos, piece(eos), 0), sequence_item(1, 0),
                                  special_item(eos, piece(eos), 0)};
                kind_ += " A </s>";
                break;
            }
            case Layout::kNone:
                single_template_ = {sequence_item(0, 0)};
                pair_template_ = {sequence_item(0, 0), sequence_item(1, 1)};
                kind_ += " (no special tokens)";
                break;
        }
    }

    sentencepiece::SentencePieceProcessor processor_;
};

}  // namespace

std::unique_ptr<Tokenizer> Tokenizer::from_sentencepiece(std::string_view model_bytes, const SpecialTokens& config) {
    return std::unique_ptr<Tokenizer>(new SentencePieceTokenizer(model_bytes, config));
}

}  // namespace iglens
