// Word grouping and display normalisation of attribution scores.
#include <algorithm>
#include <cmath>
#include <map>

#include "iglens/error.h"
#include "iglens/explain_result.h"

namespace iglens {

std::vector<WordSpan> group_words(const std::string& text, const std::vector<TokenInfo>& tokens) {
    std::vector<WordSpan> words;
    std::map<int64_t, size_t> slot_of_word;
    for (size_t t = 0; t < tokens.size(); ++t) {
        const TokenInfo& token = tokens[t];
        if (token.special || token.word < 0) continue;
        auto [slot, inserted] = slot_of_word.emplace(token.word, words.size());
        if (inserted) {
            WordSpan word;
            word.start = token.start;
            word.end = token.end;
            words.push_back(word);
        }
        WordSpan& word = words[slot->second];
        word.start = std::min(word.start, token.start);
        word.end = std::max(word.end, token.end);
        word.tokens.push_back(static_cast<int64_t>(t));
    }
    for (WordSpan& word : words) {
        if (word.start >= 0 && word.end >= word.start && word.end <= static_cast<int64_t>(text.size())) {
            // Some tokenizers' offsets take in the space before a word (sentencepiece's "▁").
            auto is_space = [&](int64_t i) {
                const char c = text[static_cast<size_t>(i)];
                return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
            };
            while (word.start < word.end && is_space(word.start)) ++word.start;
            while (word.end > word.start && is_space(word.end - 1)) --word.end;
            word.text = text.substr(static_cast<size_t>(word.start), static_cast<size_t>(word.end - word.start));
        } else {
            for (int64_t t : word.tokens) word.text += tokens[t].text;
        }
    }
    return words;
}

std::vector<double> word_scores(const std::vector<WordSpan>& words, const std::vector<double>& token_scores) {
    std::vector<double> scores(words.size(), 0.0);
    for (size_t w = 0; w < words.size(); ++w)
        for (int64_t t : words[w].tokens) scores[w] += token_scores.at(static_cast<size_t>(t));
    return scores;
}

const char* normalization_name(Normalization mode) {
    switch (mode) {
        case Normalization::Raw: return "raw";
        case Normalization::L1: return "l1";
        case Normalization::L2: return "l2";
        case Normalization::MaxAbs: return "max_abs";
    }
    return "unknown";
}

Normalization parse_normalization(const std::string& name) {
    for (Normalization mode : {Normalization::Raw, Normalization::L1, Normalization::L2, Normalization::MaxAbs})
        if (name == normalization_name(mode)) return mode;
    throw Error("unknown normalisation '" + name + "'; choose raw, l1, l2 or max_abs");
}

std::vector<double> normalized_scores(const std::vector<double>& scores, Normalization mode) {
    double scale = 0.0;
    switch (mode) {
        case Normalization::Raw: return scores;
        case Normalization::L1:
            for (double s : scores) scale += std::fabs(s);
            break;
        case Normalization::L2:
            for (double s : scores) scale += s * s;
            scale = std::sqrt(scale);
            break;
        case Normalization::MaxAbs:
            for (double s : scores) scale = std::max(scale, std::fabs(s));
            break;
    }
    std::vector<double> normalized = scores;
    if (scale > 0.0)
        for (double& s : normalized) s /= scale;
    return normalized;
}

const char* stop_reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::FixedSteps: return "fixed_steps";
        case StopReason::TargetReached: return "target_reached";
        case StopReason::StepCapReached: return "step_cap_reached";
        case StopReason::NotApplicable: return "not_applicable";
    }
    return "unknown";
}

}  // namespace iglens
