#include <gtest/gtest.h>

#include <cmath>

#include "iglens/error.h"
#include "iglens/ig_memory.h"
#include "iglens/ig_random.h"

namespace iglens {
namespace {

TEST(SeededRandom, IsSplitMix64BitForBit) {
    // Reference outputs of splitmix64 from seed 0 (Vigna's reference implementation): the same
    // numbers natively and in WebAssembly.
    SeededRandom random(0);
    EXPECT_EQ(random.next_u64(), 0xE220A8397B1DCDAFULL);
    EXPECT_EQ(random.next_u64(), 0x6E789E6AA1B965F4ULL);
    EXPECT_EQ(random.next_u64(), 0x06C45D188009454FULL);
}

TEST(SeededRandom, GaussianNoiseHasTheRequestedSpread) {
    const std::vector<float> noise = gaussian_noise(3, 0, 200000, 0.5);
    double mean = 0.0, square = 0.0;
    for (float v : noise) {
        mean += v;
        square += static_cast<double>(v) * v;
    }
    mean /= noise.size();
    const double stdev = std::sqrt(square / noise.size() - mean * mean);
    EXPECT_NEAR(mean, 0.0, 0.005);
    EXPECT_NEAR(stdev, 0.5, 0.005);
    EXPECT_EQ(noise, gaussian_noise(3, 0, 200000, 0.5));
    EXPECT_NE(gaussian_noise(3, 1, 10, 0.5), gaussian_noise(3, 0, 10, 0.5));
    // A sample's noise does not depend on how much was drawn.
    const std::vector<float> prefix = gaussian_noise(3, 0, 10, 0.5);
    EXPECT_EQ(prefix, std::vector<float>(noise.begin(), noise.begin() + 10));
}

TEST(SeededRandom, BoundedDrawsStayInRange) {
    SeededRandom random(9);
    for (int i = 0; i < 10000; ++i) {
        const int64_t v = random.next_below(7);
        EXPECT_GE(v, 0);
        EXPECT_LT(v, 7);
    }
    EXPECT_THROW(random.next_below(0), Error);
}

TEST(MemoryBudget, BertBaseEstimateMatchesTheNotes) {
    const ModelDims bert;  // 12 layers, 12 heads, hidden 768
    const int64_t per_row = estimate_bytes_per_row(bert, 128);
    // notes/gradients.md §7.5: 16 rows at T = 128 ~ 150 MB per layer, ~1.8 GB in all.
    EXPECT_GT(16 * per_row, 1600LL << 20);
    EXPECT_LT(16 * per_row, 2000LL << 20);
    EXPECT_EQ(rows_per_run(bert, 128, 256LL << 20, 0), 2);
    EXPECT_EQ(rows_per_run(bert, 512, 256LL << 20, 0), 1);  // never 0
    EXPECT_EQ(rows_per_run(bert, 16, 4LL << 30, 8), 8);      // capped by max_rows
    EXPECT_GT(estimate_bytes_per_row(bert, 256), 2 * per_row);  // attention grows with T^2
    EXPECT_THROW(estimate_bytes_per_row(bert, 0), Error);
    // The largest single tensor: [heads, T, T] at T = 512 is 12 MiB per row, so 10 rows fit a
    // 128 MiB binding even when the total budget would allow more.
    EXPECT_EQ(largest_tensor_bytes_per_row(bert, 512), 4LL * 12 * 512 * 512);
    EXPECT_EQ(rows_per_run(bert, 512, 64LL << 30, 0, 128LL << 20), 10);
    EXPECT_EQ(rows_per_run(bert, 64, 64LL << 30, 0, 128LL << 20), (128LL << 20) / (4LL * 64 * 3072));
    EXPECT_EQ(rows_per_run(bert, 512, 64LL << 30, 0, 1), 1);  // never 0
    EXPECT_THROW(rows_per_run(bert, 16, 0, 0), Error);
}

}  // namespace
}  // namespace iglens
