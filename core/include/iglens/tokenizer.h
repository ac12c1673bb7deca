// Text -> tokens with ids, offsets, special flags, word and segment indices.
//
// Two families of tokenizer files are supported, both loaded from bytes (no file access):
//   * Hugging Face tokenizer.json: WordPiece (BERT), byte-level BPE (GPT-2/RoBERTa), BPE and
//     Unigram with Metaspace (sentencepiece-style, including the Precompiled normalizer), with
//     the TemplateProcessing / BertProcessing / RobertaProcessing post-processors.
//   * sentencepiece .model files (Unigram or BPE), encoded by the sentencepiece library itself.
// Anything else (an unknown normalizer, pre-tokenizer or model type) is refused with an
// iglens::Error that names the component, never silently approximated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iglens {

struct Token {
    int32_t id = 0;
    std::string piece;       // the vocabulary string of the token ("##ing", "Ġthe", "▁the", "[CLS]")
    size_t byte_start = 0;   // span in the original text (of its own segment), UTF-8 bytes
    size_t byte_end = 0;
    size_t utf16_start = 0;  // the same span in UTF-16 code units (JavaScript string indices)
    size_t utf16_end = 0;
    bool special = false;    // added by the template ([CLS], </s>) or a special added token
    bool from_template = false;  // inserted by the template (it covers no text)
    int32_t word = -1;       // index of the pre-tokenizer word, counted through the whole
                             // encoding (segment 1 continues after segment 0); -1 for specials
    int32_t segment = 0;     // 0 = first text, 1 = second text (also for the specials around it)
    int32_t type_id = 0;     // token_type_id the model expects (from the template)
};

struct Encoding {
    std::vector<Token> tokens;
    bool truncated = false;          // true when tokens were dropped to fit max_length
    size_t untruncated_length = 0;   // number of tokens (specials included) before truncation

    std::vector<int64_t> input_ids() const;
    std::vector<int64_t> attention_mask() const;   // all ones (no padding is added)
    std::vector<int64_t> token_type_ids() const;
};

// Special tokens and limits a model folder declares (tokenizer_config.json,
// special_tokens_map.json, config.json). Names are vocabulary pieces; they are looked up in
// the tokenizer's vocabulary.
struct SpecialTokens {
    std::optional<std::string> cls, sep, bos, eos, pad, unk, mask;
    std::optional<size_t> model_max_length;
    std::optional<std::string> tokenizer_class;  // "AlbertTokenizer", "XLMRobertaTokenizer", ...

    // Reads the special-token names from tokenizer_config.json / special_tokens_map.json
    // contents (either may be empty). Values may be plain strings or {"content": ...} objects.
    static SpecialTokens from_config_json(std::string_view tokenizer_config_json,
                                          std::string_view special_tokens_map_json);
};

class Tokenizer {
public:
    virtual ~Tokenizer();

    // A Hugging Face tokenizer.json. `config` adds what the json does not carry
    // (model_max_length, names of the special tokens).
    static std::unique_ptr<Tokenizer> from_tokenizer_json(std::string_view json,
                                                          const SpecialTokens& config = {});

    // A sentencepiece .model file. The template around the pieces follows this rule:
    //   0. tokenizer_class names the family: *Roberta*/Camembert/Bart -> layout 2,
    //      T5/MT5/Pegasus -> layout 3, anything with "Bert" (Albert, DistilBert, ...) -> layout 1;
    //      otherwise:
    //   1. config names cls and sep          -> [CLS] A [SEP] (B [SEP]), types 0/1 (BERT, ALBERT)
    //   2. config names bos and eos (no cls) -> <s> A </s> (</s> B </s>), types 0 (RoBERTa)
    //   3. config names only eos             -> A </s> (B </s>), types 0 (T5, Pegasus)
    //   4. no config: the model's pieces decide in the same order: "[CLS]"+"[SEP]" (1), else
    //      the model's bos+eos pieces (2), else its eos piece (3), else no special tokens.
    // Layout 1 takes cls/sep, layouts 2 and 3 take bos/eos (falling back to cls/sep); a special
    // token the layout needs but the model lacks is an error.
    static std::unique_ptr<Tokenizer> from_sentencepiece(std::string_view model_bytes,
                                                         const SpecialTokens& config = {});

    // max_length arguments: a number of tokens (special tokens included), or one of these.
    static constexpr size_t kModelMaxLength = 0;           // model_max_length() if known, else no limit
    static constexpr size_t kNoLimit = static_cast<size_t>(-1);

    // Encodes one text. Truncation drops tokens from the end and is reported in
    // Encoding::truncated / untruncated_length.
    Encoding encode(std::string_view text, size_t max_length = kModelMaxLength) const;

    // Encodes a text pair (sentence pair / premise-hypothesis). Truncation is longest-first
    // (a token is removed from the longer sequence, from the second one on ties), like Hugging Face.
    Encoding encode_pair(std::string_view first, std::string_view second,
                         size_t max_length = kModelMaxLength) const;

    std::optional<int32_t> token_to_id(std::string_view piece) const;
    std::optional<std::string> id_to_token(int32_t id) const;
    size_t vocab_size() const;

    std::optional<int32_t> pad_id() const { return pad_id_; }
    std::optional<int32_t> unk_id() const { return unk_id_; }
    std::optional<int32_t> mask_id() const { return mask_id_; }
    std::optional<int32_t> cls_id() const { return cls_id_; }
    std::optional<int32_t> sep_id() const { return sep_id_; }   // sep, else eos
    std::optional<int32_t> bos_id() const { return bos_id_; }
    std::optional<int32_t> eos_id() const { return eos_id_; }
    std::optional<size_t> model_max_length() const { return model_max_length_; }

    // Short description for logs and the UI: "tokenizer.json WordPiece", "sentencepiece Unigram".
    const std::string& kind() const { return kind_; }

    // Number of special tokens the template adds around one text / a pair.
    size_t num_special_tokens(bool pair) const;

    // Implementation interface (internal; public so that the implementation files can derive).
    struct TextToken {
        int32_t id;
        std::string piece;
        size_t byte_start, byte_end;  // in the text given to tokenize_text
        bool special;                 // a special added token found inside the text
        int32_t word;                 // word index within this text, -1 for specials
    };
    struct TemplateItem {
        bool is_sequence;             // a placeholder for text A or B ...
        int sequence;                 // ... 0 = A, 1 = B
        std::vector<int32_t> ids;     // ... or these special token ids
        std::vector<std::string> pieces;
        int32_t type_id;
    };

protected:
    Tokenizer() = default;
    // Tokenizes one text without template; `text` is valid UTF-8.
    virtual std::vector<TextToken> tokenize_text(std::string_view text) const = 0;
    virtual std::optional<int32_t> lookup_piece(std::string_view piece) const = 0;
    virtual std::optional<std::string> lookup_id(int32_t id) const = 0;
    virtual size_t lookup_vocab_size() const = 0;

    // Set by the factories.
    void set_special_ids(const SpecialTokens& config);
    std::vector<TemplateItem> single_template_;
    std::vector<TemplateItem> pair_template_;
    std::string kind_;
    std::optional<int32_t> pad_id_, unk_id_, mask_id_, cls_id_, sep_id_, bos_id_, eos_id_;
    std::optional<size_t> model_max_length_;

private:
    Encoding assemble(std::string_view first, const std::string_view* second,
                      size_t max_length) const;
};

// Loads the tokenizer of a model folder given as filename -> file bytes (only the file names
// matter, not folders). Picks tokenizer.json if present, else the single *.model
// (sentencepiece) file; tokenizer_config.json, special_tokens_map.json and config.json (for
// max_position_embeddings when model_max_length is absent) complete it. Throws iglens::Error
// listing the files it looked for when there is no tokenizer.
std::unique_ptr<Tokenizer> load_tokenizer(const std::map<std::string, std::string>& files);

}  // namespace iglens
