// The subword models of Hugging Face tokenizer.json files: WordPiece, BPE and Unigram. A model
// turns one pre-tokenized word into tokens; positions are byte ranges inside that word.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace iglens::tokenize {

struct ModelToken {
    int32_t id;
    size_t begin;  // byte range inside the word
    size_t end;
};

// Piece <-> id tables shared by all models (and extended by added tokens).
class Vocabulary {
public:
    void add(std::string piece, int32_t id);
    std::optional<int32_t> find(std::string_view piece) const;
    std::optional<std::string> piece(int32_t id) const;
    size_t size() const { return pieces_.size(); }  // one past the largest id

private:
    std::unordered_map<std::string, int32_t> ids_;
    std::vector<std::optional<std::string>> pieces_;
};

class Model {
public:
    virtual ~Model() = default;
    // Appends the tokens of one word (UTF-8) to `out`.
    virtual void tokenize(std::string_view word, std::vector<ModelToken>& out) const = 0;
    const Vocabulary& vocabulary() const { return vocab_; }
    Vocabulary& vocabulary() { return vocab_; }
    const std::string& type() const { return type_; }

protected:
    Vocabulary vocab_;
    std::string type_;
};

// Builds the model described by tokenizer.json's "model" entry.
std::unique_ptr<Model> make_model(const nlohmann::json& config);

}  // namespace iglens::tokenize
