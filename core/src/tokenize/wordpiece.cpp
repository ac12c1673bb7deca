// WordPiece: greedy longest-match-first over the characters of a word; continuation pieces
// carry the "##" prefix; a word with any unmatchable part becomes a single unknown token.
#include "common/utf8.h"
#include "iglens/error.h"
#include "tokenize/models_impl.h"

namespace iglens::tokenize {

std::vector<size_t> char_boundaries(std::string_view text) {
    std::vector<size_t> bounds{0};
    size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp;
        size_t length;
        utf8::decode(text, pos, cp, length);
        pos += length;
        bounds.push_back(pos);
    }
    return bounds;
}

namespace {

class WordPiece : public Model {
public:
    explicit WordPiece(const nlohmann::json& c) {
        type_ = "WordPiece";
        for (const auto& [piece, id] : c.at("vocab").items()) vocab_.add(piece, id.get<int32_t>());
        prefix_ = c.value("continuing_subword_prefix", std::string("##"));
        max_chars_ = c.value("max_input_chars_per_word", size_t(100));
        const std::string unk = c.value("unk_token", std::string("[UNK]"));
        const auto unk_id = vocab_.find(unk);
        if (!unk_id) throw Error("tokenizer.json: WordPiece unk_token '" + unk + "' is not in the vocabulary");
        unk_id_ = *unk_id;
    }

    void tokenize(std::string_view word, std::vector<ModelToken>& out) const override {
        const std::vector<size_t> bounds = char_boundaries(word);
        const size_t chars = bounds.size() - 1;
        if (chars == 0) return;
        if (chars > max_chars_) {
            out.push_back({unk_id_, 0, word.size()});
            return;
        }
        std::vector<ModelToken> pieces;
        std::string candidate;
        size_t start = 0;
        while (start < chars) {
            size_t end = chars;
            std::optional<int32_t> found;
            while (start < end) {
                candidate.assign(start > 0 ? prefix_ : std::string());
                candidate.append(word.substr(bounds[start], bounds[end] - bounds[start]));
                found = vocab_.find(candidate);
                if (found) break;
                --end;
            }
            if (!found) {
                out.push_back({unk_id_, 0, word.size()});
                return;
            }
            pieces.push_back({*found, bounds[start], bounds[end]});
            start = end;
        }
        out.insert(out.end(), pieces.begin(), pieces.end());
    }

private:
    std::string prefix_;
    size_t max_chars_;
    int32_t unk_id_;
};

}  // namespace

std::unique_ptr<Model> make_wordpiece(const nlohmann::json& config) {
    return std::make_unique<WordPiece>(config);
}

}  // namespace iglens::tokenize
