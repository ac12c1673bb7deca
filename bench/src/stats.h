// Robust summaries of repeated timings: the machine is shared, so medians and the interquartile
// range are reported, never means.
#pragma once

#include <algorithm>
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

}  // namespace iglens::bench
