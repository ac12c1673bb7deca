// The arithmetic of the quality benchmarks, apart from any model so it can be tested on its own
// (tests/bench/): which tokens a protocol removes, and how word rankings are scored against
// human rationales. faithfulness.cpp and plausibility.cpp state the protocols.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

namespace iglens::bench {

// Positions not marked `special`, ordered by score, highest first; equal scores keep text order.
std::vector<size_t> ranked_positions(const std::vector<double>& scores, const std::vector<bool>& special);

// The top-20 % count of DIG/SIG over n removable tokens: max(1, floor(0.2 n)), at most n.
size_t top_fifth(size_t n);

// ferret's AOPC rationales: for each fraction 10 %, ..., 100 %, the positively scored tokens among
// the top floor(fraction * n) of `ranked`; bins with none, or with the previous kept bin's set,
// are left out.
std::vector<std::set<size_t>> aopc_rationales(const std::vector<size_t>& ranked, const std::vector<double>& scores);

enum class Edit {
    Remove,          // delete the chosen tokens (comprehensiveness)
    KeepOnly,        // delete every other token (sufficiency)
    ReplaceWithPad,  // put `pad` in their place (log-odds)
};
// The ids after the edit; positions marked `special` always stay as they are.
std::vector<int64_t> edited(const std::vector<int64_t>& ids, const std::vector<bool>& special, const std::set<size_t>& chosen,
                            Edit edit, int64_t pad);

// Fraction of the k highest-scored items that are `gold` (equal scores keep order). With k = the
// number of gold items this is precision, recall and F1 at once.
double top_k_precision(const std::vector<double>& scores, const std::vector<bool>& gold, size_t k);

// Average precision of `scores` ranking the `gold` items, as sklearn's average_precision_score:
// sum over thresholds of (recall step) x precision, items with equal scores forming one threshold.
// 0 when there is no gold item.
double average_precision(const std::vector<double>& scores, const std::vector<bool>& gold);

}  // namespace iglens::bench
