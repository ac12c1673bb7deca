// The task-specific steps of TaskJob on plain numbers: answer spans, entity groups, zero-shot scores.
#include <algorithm>
#include <cmath>

#include "iglens/error.h"
#include "iglens/task_job.h"

namespace iglens {

namespace {

// Softmax of `logits` over the entries where `allowed` is true (0 elsewhere).
std::vector<double> masked_softmax(const std::vector<double>& logits, const std::vector<bool>& allowed) {
    double max = -INFINITY;
    for (size_t i = 0; i < logits.size(); ++i)
        if (allowed[i]) max = std::max(max, logits[i]);
    std::vector<double> p(logits.size(), 0.0);
    double total = 0.0;
    for (size_t i = 0; i < logits.size(); ++i)
        if (allowed[i]) total += p[i] = std::exp(logits[i] - max);
    for (double& v : p) v /= total;
    return p;
}

}  // namespace

AnswerSpan best_answer_span(const std::vector<double>& start_logits, const std::vector<double>& end_logits,
                            const std::vector<bool>& allowed, int max_tokens) {
    if (start_logits.size() != allowed.size() || end_logits.size() != allowed.size())
        throw Error("the answer logits do not match the text's tokens");
    if (std::find(allowed.begin(), allowed.end(), true) == allowed.end())
        throw Error("the context is empty (no tokens left for the answer after the question): give a longer "
                    "context or a shorter question");
    AnswerSpan best;
    double best_sum = -INFINITY;
    const int64_t n = static_cast<int64_t>(allowed.size());
    for (int64_t s = 0; s < n; ++s) {
        if (!allowed[s]) continue;
        for (int64_t e = s; e < n && e < s + max_tokens; ++e) {
            if (!allowed[e]) continue;
            const double sum = start_logits[s] + end_logits[e];
            if (sum > best_sum) {
                best_sum = sum;
                best.start = s;
                best.end = e;
            }
        }
    }
    best.start_logit = start_logits[best.start];
    best.end_logit = end_logits[best.end];
    best.score = masked_softmax(start_logits, allowed)[best.start] * masked_softmax(end_logits, allowed)[best.end];
    return best;
}

std::vector<EntityGroup> group_entities(const std::vector<std::string>& word_tags, const std::vector<double>& word_scores) {
    std::vector<EntityGroup> groups;
    std::vector<int64_t> counts;
    bool open = false;
    for (size_t w = 0; w < word_tags.size(); ++w) {
        const std::string& tag = word_tags[w];
        if (tag == "O") {
            open = false;
            continue;
        }
        const bool prefixed = tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-';
        const std::string type = prefixed ? tag.substr(2) : tag;
        const bool begins = prefixed && tag[0] == 'B';
        if (open && !begins && groups.back().label == type) {
            groups.back().last_word = static_cast<int64_t>(w);
            groups.back().score += word_scores[w];
            ++counts.back();
        } else {
            groups.push_back(EntityGroup{type, word_scores[w], static_cast<int64_t>(w), static_cast<int64_t>(w)});
            counts.push_back(1);
            open = true;
        }
    }
    for (size_t g = 0; g < groups.size(); ++g) groups[g].score /= static_cast<double>(counts[g]);
    return groups;
}

std::vector<double> zero_shot_scores(const std::vector<std::vector<double>>& nli_logits, int64_t entailment,
                                     int64_t contradiction, bool multi_label) {
    std::vector<double> scores;
    if (multi_label) {
        for (const auto& logits : nli_logits) {
            const double e = logits.at(entailment), c = logits.at(contradiction), m = std::max(e, c);
            scores.push_back(std::exp(e - m) / (std::exp(e - m) + std::exp(c - m)));
        }
        return scores;
    }
    std::vector<double> entailed;
    for (const auto& logits : nli_logits) entailed.push_back(logits.at(entailment));
    return masked_softmax(entailed, std::vector<bool>(entailed.size(), true));
}

}  // namespace iglens
