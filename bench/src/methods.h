// The attribution methods the quality benchmarks compare (faithfulness and plausibility): IG with
// each of the engine's baselines, Gradient x Input, Saliency, SmoothGrad — each explained through
// the Explainer exactly as the CLI does — and a seeded random attribution as the floor every
// method must beat.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session.h"

namespace iglens::bench {

// Method names: ig:pad, ig:mask, ig:unk, ig:zero, ig:mean, ig:random (IG with that --baseline),
// gxi, saliency, smoothgrad (engine defaults: 10 samples, stdev 0.01), random.
// IG and SmoothGrad use the product's default steps (adaptive Gauss-Legendre to <= 1 %).
const std::vector<std::string>& quality_methods();
// A human-readable name for tables ("IG, PAD baseline").
std::string method_label(const std::string& method);

struct MethodScores {
    std::vector<double> token_scores;  // one per token of the encoding, specials included
    double total_ms = 0;               // explanation time (0 for random)
    int steps = 0;                     // quadrature nodes used (IG, SmoothGrad)
    bool complete = false;             // completeness within 1 % (IG only; false where not applicable)
};

// Token scores of `method` for `text` toward class `target` (an index). `seed` seeds the random
// floor: uniform in [-1, 1] per non-special token, 0 on special tokens. iglens::Error for an
// unknown method name (listing the known ones) or when the explanation's tokens do not match
// `expected_tokens` (the caller's encoding of the same text).
MethodScores method_scores(BenchModel& model, const std::string& method, const std::string& text, int64_t target,
                           size_t expected_tokens, uint64_t seed);

}  // namespace iglens::bench
