// Deterministic pseudo-random numbers for the seeded parts of the engine (SmoothGrad noise,
// random-token baselines). std::normal_distribution differs between standard libraries (libstdc++
// natively, libc++ under Emscripten), so the same seed must not go through it: this generator is
// specified here bit for bit and gives the same numbers in the browser and natively.
#pragma once

#include <cstdint>
#include <vector>

namespace iglens {

class SeededRandom {
public:
    explicit SeededRandom(uint64_t seed);
    uint64_t next_u64();        // splitmix64
    double next_unit();         // uniform in [0, 1), 53 random bits
    double next_gaussian();     // standard normal (Box-Muller, both values used)
    int64_t next_below(int64_t bound);  // uniform in [0, bound), bound > 0, no modulo bias

private:
    uint64_t state_;
    bool has_spare_ = false;
    double spare_ = 0.0;
};

// The noise added to the input embeddings for SmoothGrad sample `sample` (0-based) of a job with
// seed `seed`: `count` values drawn from N(0, stdev^2). Public so that callers and tests can
// reproduce exactly what the engine used.
std::vector<float> gaussian_noise(uint64_t seed, int sample, int64_t count, double stdev);

}  // namespace iglens
