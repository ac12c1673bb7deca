// Unigram: the segmentation of a word with the highest total piece score (Viterbi over
// character positions). Characters no piece covers become the unknown token, scored
// min_score - 10 as in sentencepiece; consecutive unknowns are fused into one token.
#include <limits>

#include "iglens/error.h"
#include "tokenize/models_impl.h"

namespace iglens::tokenize {
namespace {

// A byte trie over the pieces for common-prefix search.
class PieceTrie {
public:
    void insert(std::string_view piece, int32_t id) {
        uint32_t node = 0;
        for (unsigned char c : piece) {
            const uint64_t key = (static_cast<uint64_t>(node) << 8) | c;
            auto it = children_.find(key);
            if (it == children_.end()) {
                values_.push_back(-1);
                it = children_.emplace(key, static_cast<uint32_t>(values_.size() - 1)).first;
            }
            node = it->second;
        }
        if (values_[node] < 0) values_[node] = id;
    }
    // Calls f(length, id) for every piece that is a prefix of text.
    template <typename F>
    void prefixes(std::string_view text, F&& f) const {
        uint32_t node = 0;
        for (size_t i = 0; i < text.size(); ++i) {
            const uint64_t key = (static_cast<uint64_t>(node) << 8) | static_cast<unsigned char>(text[i]);
            const auto it = children_.find(key);
            if (it == children_.end()) return;
            node = it->second;
            if (values_[node] >= 0) f(i + 1, values_[node]);
        }
    }

private:
    std::unordered_map<uint64_t, uint32_t> children_;
    std::vector<int32_t> values_{-1};
};

class Unigram : public Model {
public:
    explicit Unigram(const nlohmann::json& c) {
        type_ = "Unigram";
        const auto& vocab = c.at("vocab");
        double min_score = std::numeric_limits<double>::infinity();
        int32_t id = 0;
        for (const auto& entry : vocab) {
            const std::string piece = entry.at(0).get<std::string>();
            const double score = entry.at(1).get<double>();
            vocab_.add(piece, id);
            scores_.push_back(score);
            if (!piece.empty()) trie_.insert(piece, id);
            min_score = std::min(min_score, score);
            ++id;
        }
        if (scores_.empty()) throw Error("tokenizer.json: Unigram model with an empty vocabulary");
        if (!c.contains("unk_id") || !c["unk_id"].is_number_integer()) {
            throw Error("tokenizer.json: Unigram model without unk_id; texts with unknown characters "
                        "could not be encoded");
        }
        unk_id_ = c["unk_id"].get<int32_t>();
        if (unk_id_ < 0 || static_cast<size_t>(unk_id_) >= scores_.size())
            throw Error("tokenizer.json: Unigram unk_id is outside the vocabulary");
        unk_score_ = min_score - 10.0;
        byte_fallback_ = c.contains("byte_fallback") && c["byte_fallback"].is_boolean() && c["byte_fallback"].get<bool>();
    }

    void tokenize(std::string_view word, std::vector<ModelToken>& out) const override {
        if (word.empty()) return;
        const std::vector<size_t> bounds = char_boundaries(word);
        // best[b]: best path ending at byte b (only character boundaries are reached).
        struct Best {
            double score = 0;
            long from = -1;  // start byte of the last piece, -1 = unreached
            int32_t id = -1;
        };
        std::vector<Best> best(word.size() + 1);
        best[0].from = 0;
        for (size_t ci = 0; ci + 1 < bounds.size(); ++ci) {
            const size_t start = bounds[ci];
            if (best[start].from < 0 && start != 0) continue;
            const double base = best[start].score;
            const size_t char_length = bounds[ci + 1] - start;
            bool single_char_piece = false;
            trie_.prefixes(word.substr(start), [&](size_t length, int32_t id) {
                Best& target = best[start + length];
                const double candidate = base + scores_[static_cast<size_t>(id)];
                if (target.from < 0 || candidate > target.score) target = {candidate, static_cast<long>(start), id};
                if (length == char_length) single_char_piece = true;
            });
            if (!single_char_piece) {
                Best& target = best[start + char_length];
                const double candidate = base + unk_score_;
                if (target.from < 0 || candidate > target.score) target = {candidate, static_cast<long>(start), unk_id_};
            }
        }
        std::vector<ModelToken> reversed;
        for (size_t end = word.size(); end > 0;) {
            const Best& b = best[end];
            const size_t begin = static_cast<size_t>(b.from);
            reversed.push_back({b.id, begin, end});
            end = begin;
        }
        for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) {
            if (it->id == unk_id_ && byte_fallback_ && add_byte_fallback(word, *it, out)) continue;
            if (it->id == unk_id_ && !out.empty() && out.back().id == unk_id_ && out.back().end == it->begin) {
                out.back().end = it->end;  // fuse consecutive unknowns
                continue;
            }
            out.push_back(*it);
        }
    }

private:
    bool add_byte_fallback(std::string_view word, const ModelToken& unknown, std::vector<ModelToken>& out) const {
        std::vector<int32_t> ids;
        for (size_t b = unknown.begin; b < unknown.end; ++b) {
            char name[8];
            std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned char>(word[b]));
            const auto id = vocab_.find(name);
            if (!id) return false;
            ids.push_back(*id);
        }
        for (int32_t id : ids) out.push_back({id, unknown.begin, unknown.end});
        return true;
    }

    PieceTrie trie_;
    std::vector<double> scores_;
    int32_t unk_id_ = 0;
    double unk_score_ = 0;
    bool byte_fallback_ = false;
};

}  // namespace

std::unique_ptr<Model> make_unigram(const nlohmann::json& config) { return std::make_unique<Unigram>(config); }

}  // namespace iglens::tokenize
