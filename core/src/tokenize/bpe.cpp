// BPE: start from the characters of a word and repeatedly apply the highest-priority merge
// (lowest rank, leftmost on ties). A heap with lazy invalidation keeps this O(n log n), so a
// 100k-character word without spaces is still fast.
#include <queue>

#include "common/utf8.h"
#include "iglens/error.h"
#include "tokenize/models_impl.h"

namespace iglens::tokenize {
namespace {

struct Merge {
    uint32_t rank;
    int32_t new_id;
};

struct Symbol {
    int32_t id;
    size_t begin, end;  // bytes of the word
    long prev, next;    // neighbours in the linked list, -1 at the ends
    bool alive;
    bool unknown;
};

struct Candidate {
    uint32_t rank;
    size_t pos;
    int32_t new_id;
    bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
};

uint64_t pair_key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

class Bpe : public Model {
public:
    explicit Bpe(const nlohmann::json& c) {
        type_ = "BPE";
        for (const auto& [piece, id] : c.at("vocab").items()) vocab_.add(piece, id.get<int32_t>());
        if (c.contains("unk_token") && c["unk_token"].is_string()) {
            const std::string unk = c["unk_token"].get<std::string>();
            unk_id_ = vocab_.find(unk);
            if (!unk_id_) throw Error("tokenizer.json: BPE unk_token '" + unk + "' is not in the vocabulary");
        }
        fuse_unk_ = c.value("fuse_unk", false) == true;
        byte_fallback_ = c.contains("byte_fallback") && c["byte_fallback"].is_boolean() && c["byte_fallback"].get<bool>();
        if (c.contains("continuing_subword_prefix") && c["continuing_subword_prefix"].is_string())
            prefix_ = c["continuing_subword_prefix"].get<std::string>();
        if (c.contains("end_of_word_suffix") && c["end_of_word_suffix"].is_string())
            suffix_ = c["end_of_word_suffix"].get<std::string>();
        if (c.value("ignore_merges", false)) ignore_merges_ = true;
        uint32_t rank = 0;
        for (const auto& m : c.at("merges")) {
            std::string left, right;
            if (m.is_string()) {
                const std::string s = m.get<std::string>();
                const size_t space = s.find(' ');
                if (space == std::string::npos) throw Error("tokenizer.json: BPE merge '" + s + "' has no space");
                left = s.substr(0, space);
                right = s.substr(space + 1);
            } else {
                left = m.at(0).get<std::string>();
                right = m.at(1).get<std::string>();
            }
            const auto a = vocab_.find(left);
            const auto b = vocab_.find(right);
            const std::string right_body =
                (!prefix_.empty() && right.compare(0, prefix_.size(), prefix_) == 0) ? right.substr(prefix_.size()) : right;
            const auto merged = vocab_.find(left + right_body);
            if (!a || !b || !merged) {
                throw Error("tokenizer.json: BPE merge '" + left + " " + right +
                            "' uses a token that is not in the vocabulary; the file is inconsistent");
            }
            merges_.emplace(pair_key(*a, *b), Merge{rank++, *merged});
        }
    }

    void tokenize(std::string_view word, std::vector<ModelToken>& out) const override {
        if (word.empty()) return;
        if (ignore_merges_) {
            if (const auto id = vocab_.find(word)) {
                out.push_back({*id, 0, word.size()});
                return;
            }
        }
        const std::vector<size_t> bounds = char_boundaries(word);
        std::vector<Symbol> symbols;
        symbols.reserve(bounds.size());
        std::string piece;
        for (size_t i = 0; i + 1 < bounds.size(); ++i) {
            const size_t begin = bounds[i], end = bounds[i + 1];
            piece.assign(i > 0 ? prefix_ : std::string());
            piece.append(word.substr(begin, end - begin));
            if (i + 2 == bounds.size()) piece += suffix_;
            if (const auto id = vocab_.find(piece)) {
                push(symbols, *id, begin, end, false);
                continue;
            }
            if (byte_fallback_ && add_byte_fallback(symbols, word, begin, end)) continue;
            if (!unk_id_) continue;  // no unknown token: the character is dropped, as in the reference
            if (fuse_unk_ && !symbols.empty() && symbols.back().unknown) {
                symbols.back().end = end;
                continue;
            }
            push(symbols, *unk_id_, begin, end, true);
        }
        merge_all(symbols);
        for (const Symbol& s : symbols) {
            if (s.alive) out.push_back({s.id, s.begin, s.end});
        }
    }

private:
    static void push(std::vector<Symbol>& symbols, int32_t id, size_t begin, size_t end, bool unknown) {
        const long index = static_cast<long>(symbols.size());
        if (!symbols.empty()) symbols.back().next = index;
        symbols.push_back({id, begin, end, index - 1, -1, true, unknown});
    }

    bool add_byte_fallback(std::vector<Symbol>& symbols, std::string_view word, size_t begin, size_t end) const {
        std::vector<int32_t> ids;
        for (size_t b = begin; b < end; ++b) {
            char name[8];
            std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned char>(word[b]));
            const auto id = vocab_.find(name);
            if (!id) return false;
            ids.push_back(*id);
        }
        for (int32_t id : ids) push(symbols, id, begin, end, false);
        return true;
    }

    void merge_all(std::vector<Symbol>& symbols) const {
        std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
        const auto consider = [&](long left) {
            if (left < 0) return;
            const long right = symbols[static_cast<size_t>(left)].next;
            if (right < 0) return;
            const auto it = merges_.find(pair_key(symbols[static_cast<size_t>(left)].id,
                                                  symbols[static_cast<size_t>(right)].id));
            if (it != merges_.end()) queue.push({it->second.rank, static_cast<size_t>(left), it->second.new_id});
        };
        for (size_t i = 0; i + 1 < symbols.size(); ++i) consider(static_cast<long>(i));
        while (!queue.empty()) {
            const Candidate top = queue.top();
            queue.pop();
            Symbol& left = symbols[top.pos];
            if (!left.alive || left.next < 0) continue;
            Symbol& right = symbols[static_cast<size_t>(left.next)];
            // Skip stale entries: the pair at this position must still produce this merge.
            const auto it = merges_.find(pair_key(left.id, right.id));
            if (it == merges_.end() || it->second.new_id != top.new_id) continue;
            left.id = top.new_id;
            left.end = right.end;
            left.unknown = false;
            right.alive = false;
            left.next = right.next;
            if (right.next >= 0) symbols[static_cast<size_t>(right.next)].prev = static_cast<long>(top.pos);
            consider(left.prev);
            consider(static_cast<long>(top.pos));
        }
    }

    std::unordered_map<uint64_t, Merge> merges_;
    std::optional<int32_t> unk_id_;
    bool fuse_unk_ = false;
    bool byte_fallback_ = false;
    bool ignore_merges_ = false;
    std::string prefix_, suffix_;
};

}  // namespace

std::unique_ptr<Model> make_bpe(const nlohmann::json& config) { return std::make_unique<Bpe>(config); }

}  // namespace iglens::tokenize
