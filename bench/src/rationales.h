// Movie reviews with human rationales (Zaidan et al. 2007, the data behind ERASER "movies"):
// ../shared/data/movie-rationales/withRats_pos|neg/*.txt, whitespace-tokenized text in which
// <POS> ... </POS> (positive reviews) or <NEG> ... </NEG> (negative reviews) enclose the
// passages an annotator marked as the reason for the review's label.
#pragma once

#include <string>
#include <vector>

namespace iglens::bench {

struct RationaleWord {
    size_t start = 0, end = 0;  // byte span in Review::text
    bool rationale = false;     // inside a tag of the review's own label
};

struct Review {
    std::string file;            // name inside the data folder, e.g. withRats_pos/posR_000.txt
    std::string label;           // POSITIVE or NEGATIVE
    std::string text;            // the words joined by single spaces, tags removed
    std::vector<RationaleWord> words;
};

// Parses one review file's contents (tags are separate whitespace tokens). iglens::Error for a
// tag that is never closed or closed without being opened.
Review parse_review(const std::string& contents, const std::string& label);

// `count` reviews (half positive, half negative) drawn with `seed` from `folder`'s withRats_pos
// and withRats_neg; iglens::Error naming the folder when it holds none.
std::vector<Review> sample_reviews(const std::string& folder, int count, uint64_t seed);

}  // namespace iglens::bench
