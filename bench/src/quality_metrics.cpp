#include "quality_metrics.h"

#include <algorithm>
#include <numeric>

namespace iglens::bench {

std::vector<size_t> ranked_positions(const std::vector<double>& scores, const std::vector<bool>& special) {
    std::vector<size_t> order;
    for (size_t t = 0; t < scores.size(); ++t)
        if (!special[t]) order.push_back(t);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    return order;
}

size_t top_fifth(size_t n) { return std::min(n, std::max<size_t>(1, n / 5)); }

std::vector<std::set<size_t>> aopc_rationales(const std::vector<size_t>& ranked, const std::vector<double>& scores) {
    std::vector<std::set<size_t>> bins;
    const size_t n = ranked.size();
    for (size_t bin = 1; bin <= 10; ++bin) {
        std::set<size_t> rationale;
        for (size_t i = 0; i < bin * n / 10; ++i)
            if (scores[ranked[i]] > 0) rationale.insert(ranked[i]);
        if (rationale.empty() || (!bins.empty() && rationale == bins.back())) continue;
        bins.push_back(std::move(rationale));
    }
    return bins;
}

std::vector<int64_t> edited(const std::vector<int64_t>& ids, const std::vector<bool>& special, const std::set<size_t>& chosen,
                            Edit edit, int64_t pad) {
    std::vector<int64_t> out;
    for (size_t t = 0; t < ids.size(); ++t) {
        const bool in = chosen.count(t) > 0;
        if (special[t] || (edit == Edit::Remove && !in) || (edit == Edit::KeepOnly && in)) out.push_back(ids[t]);
        else if (edit == Edit::ReplaceWithPad) out.push_back(in ? pad : ids[t]);
    }
    return out;
}

double top_k_precision(const std::vector<double>& scores, const std::vector<bool>& gold, size_t k) {
    if (k == 0) return 0.0;
    const std::vector<size_t> order = ranked_positions(scores, std::vector<bool>(scores.size(), false));
    size_t hits = 0;
    for (size_t i = 0; i < std::min(k, order.size()); ++i) hits += gold[order[i]];
    return static_cast<double>(hits) / static_cast<double>(k);
}

double average_precision(const std::vector<double>& scores, const std::vector<bool>& gold) {
    const size_t positives = static_cast<size_t>(std::count(gold.begin(), gold.end(), true));
    if (positives == 0) return 0.0;
    const std::vector<size_t> order = ranked_positions(scores, std::vector<bool>(scores.size(), false));
    double ap = 0, recall_before = 0;
    size_t hits = 0;
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) hits += gold[order[j++]];
        const double recall = static_cast<double>(hits) / static_cast<double>(positives);
        ap += (recall - recall_before) * static_cast<double>(hits) / static_cast<double>(j);
        recall_before = recall;
        i = j;
    }
    return ap;
}

}  // namespace iglens::bench
