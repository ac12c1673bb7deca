#include "iglens/ig_random.h"

#include <cmath>

#include "iglens/error.h"

namespace iglens {

SeededRandom::SeededRandom(uint64_t seed) : state_(seed) {}

uint64_t SeededRandom::next_u64() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double SeededRandom::next_unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double SeededRandom::next_gaussian() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    // 1 - u keeps the logarithm finite.
    const double radius = std::sqrt(-2.0 * std::log(1.0 - next_unit()));
    const double angle = 6.283185307179586476925 * next_unit();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
}

int64_t SeededRandom::next_below(int64_t bound) {
    if (bound <= 0) throw Error("random draw needs a positive bound");
    const uint64_t range = static_cast<uint64_t>(bound);
    const uint64_t limit = UINT64_MAX - UINT64_MAX % range;  // reject the biased tail
    uint64_t value;
    do value = next_u64();
    while (value >= limit);
    return static_cast<int64_t>(value % range);
}

std::vector<float> gaussian_noise(uint64_t seed, int sample, int64_t count, double stdev) {
    // Each sample gets its own stream so samples do not depend on each other's sizes.
    SeededRandom random(seed ^ (0xA24BAED4963EE407ULL * static_cast<uint64_t>(sample + 1)));
    std::vector<float> noise(static_cast<size_t>(count));
    for (auto& value : noise) value = static_cast<float>(stdev * random.next_gaussian());
    return noise;
}

}  // namespace iglens
