#include "texts.h"

#include <algorithm>
#include <fstream>

#include "iglens/error.h"

namespace iglens::bench {

std::vector<std::string> read_sentences(const std::string& tsv_path) {
    std::ifstream in(tsv_path, std::ios::binary);
    if (!in) throw Error("cannot read '" + tsv_path + "': pass --texts with an SST-2 TSV (sentence<TAB>label)");
    std::vector<std::string> sentences;
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (header) { header = false; continue; }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string sentence = line.substr(0, line.find('\t'));
        while (!sentence.empty() && sentence.back() == ' ') sentence.pop_back();
        if (!sentence.empty()) sentences.push_back(sentence);
    }
    if (sentences.empty()) throw Error("'" + tsv_path + "' holds no sentences");
    return sentences;
}

std::vector<size_t> evenly_spread(size_t available, int limit) {
    const size_t count = limit <= 0 ? available : std::min(available, static_cast<size_t>(limit));
    std::vector<size_t> indices;
    for (size_t i = 0; i < count; ++i) indices.push_back(i * available / count);
    return indices;
}

std::string text_of_length(const Explainer& explainer, const std::vector<std::string>& sentences, size_t tokens,
                           size_t first) {
    const Tokenizer& tokenizer = explainer.tokenizer();
    const size_t specials = tokenizer.num_special_tokens(false);
    if (tokens <= specials) throw Error("a text needs more than " + std::to_string(specials) + " tokens");
    std::string joined;
    for (size_t i = first; tokenizer.encode(joined, Tokenizer::kNoLimit).tokens.size() < tokens + 8; ++i) {
        if (i >= first + sentences.size()) throw Error("the sentences are too few for " + std::to_string(tokens) + " tokens");
        if (!joined.empty()) joined += ' ';
        joined += sentences[i % sentences.size()];
    }
    const Encoding full = tokenizer.encode(joined, Tokenizer::kNoLimit);
    std::vector<const Token*> content;
    for (const Token& token : full.tokens)
        if (!token.from_template) content.push_back(&token);
    // Cutting mid-word can re-tokenize the last word differently, so the cut point is nudged until
    // the cut text encodes to exactly the requested length.
    size_t keep = tokens - specials;
    for (int attempt = 0; attempt < 16 && keep >= 1 && keep <= content.size(); ++attempt) {
        std::string cut = joined.substr(0, content[keep - 1]->byte_end);
        const size_t length = tokenizer.encode(cut, Tokenizer::kNoLimit).tokens.size();
        if (length == tokens) return cut;
        keep = length > tokens ? keep - 1 : keep + 1;
    }
    throw Error("no cut of the sentences encodes to exactly " + std::to_string(tokens) + " tokens");
}

}  // namespace iglens::bench
