// Summaries. Timings: the machine is shared, so medians and the interquartile range, never
// means. Quality measures (per-text scores averaged over a data set): the mean with its standard
// error and a seeded percentile-bootstrap 95 % interval.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

namespace iglens::bench {

// Linear interpolation between order statistics (the "type 7" quantile of R and numpy).
inline double quantile(std::vector<double> values, double q) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const size_t below = static_cast<size_t>(position);
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

inline nlohmann::json summary(const std::vector<double>& values) {
    return {{"median", quantile(values, 0.5)},
            {"q1", quantile(values, 0.25)},
            {"q3", quantile(values, 0.75)},
            {"min", values.empty() ? 0.0 : *std::min_element(values.begin(), values.end())},
            {"n", values.size()}};
}

// {mean, se, ci95: [low, high], n} over the values; `resamples` bootstrap resamples of the mean
// drawn with `seed`, so a rerun reproduces the interval exactly.
inline nlohmann::json mean_summary(const std::vector<double>& values, uint64_t seed = 1, int resamples = 1000) {
    const size_t n = values.size();
    if (n == 0) return {{"mean", nullptr}, {"se", nullptr}, {"ci95", nullptr}, {"n", 0}};
    double sum = 0;
    for (double v : values) sum += v;
    const double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    const double se = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1) / static_cast<double>(n)) : 0.0;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    std::vector<double> means;
    means.reserve(static_cast<size_t>(resamples));
    for (int r = 0; r < resamples; ++r) {
        double s = 0;
        for (size_t i = 0; i < n; ++i) s += values[pick(rng)];
        means.push_back(s / static_cast<double>(n));
    }
    return {{"mean", mean}, {"se", se}, {"ci95", {quantile(means, 0.025), quantile(means, 0.975)}}, {"n", n}};
}

}  // namespace iglens::bench
