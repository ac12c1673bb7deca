#include "tokenize/models.h"

#include "iglens/error.h"
#include "tokenize/models_impl.h"

namespace iglens::tokenize {

void Vocabulary::add(std::string piece, int32_t id) {
    if (id < 0) throw Error("tokenizer.json: negative token id " + std::to_string(id));
    if (static_cast<size_t>(id) >= pieces_.size()) pieces_.resize(static_cast<size_t>(id) + 1);
    pieces_[static_cast<size_t>(id)] = piece;
    ids_[std::move(piece)] = id;
}

std::optional<int32_t> Vocabulary::find(std::string_view piece) const {
    const auto it = ids_.find(std::string(piece));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Vocabulary::piece(int32_t id) const {
    if (id < 0 || static_cast<size_t>(id) >= pieces_.size()) return std::nullopt;
    return pieces_[static_cast<size_t>(id)];
}

std::unique_ptr<Model> make_model(const nlohmann::json& config) {
    const std::string type = config.value("type", "");
    if (type == "WordPiece") return make_wordpiece(config);
    if (type == "BPE") return make_bpe(config);
    if (type == "Unigram") return make_unigram(config);
    throw Error("tokenizer.json: model type '" + type +
                "' is not supported (supported: WordPiece, BPE, Unigram)");
}

}  // namespace iglens::tokenize
