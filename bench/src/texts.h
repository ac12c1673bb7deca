// Benchmark inputs: SST-2 sentences (a GLUE-format TSV: header, then sentence<TAB>label), and
// texts of an exact token count built by concatenating them and cutting at a token boundary.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "iglens/explainer.h"

namespace iglens::bench {

// The sentences of the TSV in file order (the first column; the header line is skipped).
std::vector<std::string> read_sentences(const std::string& tsv_path);

// `limit` indices (all when limit <= 0) spread evenly over 0..available-1, in order: a subset
// still covers short and long sentences alike, and reruns pick the same ones.
std::vector<size_t> evenly_spread(size_t available, int limit);

// A text whose encoding (specials included) is exactly `tokens` long: sentences from `first`
// on, joined by spaces, cut after a token. iglens::Error when the sentences run out or no cut
// re-encodes to the exact length.
std::string text_of_length(const Explainer& explainer, const std::vector<std::string>& sentences, size_t tokens,
                           size_t first = 0);

}  // namespace iglens::bench
