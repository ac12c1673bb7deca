// Bounded-time fuzzing of the loader: random mutations of a valid model must either load or
// fail with iglens::Error (no crash, hang or other exception).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "iglens/error.h"
#include "iglens/onnx_model.h"
#include "support/tiny_transformers.h"

namespace iglens::onnx {
namespace {

std::string mutate(const std::string& in, std::mt19937& rng) {
    std::string s = in;
    std::uniform_int_distribution<int> kind(0, 4), byte(0, 255);
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
        size_t pos = rng() % s.size();
        switch (kind(rng)) {
            case 0: s[pos] = static_cast<char>(byte(rng)); break;
            case 1: s[pos] = static_cast<char>(s[pos] ^ (1 << (rng() % 8))); break;
            case 2: s.erase(pos, 1 + rng() % 8); break;
            case 3: s.insert(pos, std::string(1 + rng() % 4, static_cast<char>(byte(rng)))); break;
            case 4: s.resize(pos); break;
        }
    }
    return s;
}

TEST(OnnxFuzz, MutatedModelsLoadOrFailCleanly) {
    testing::TinyConfig config;
    config.layers = 1;
    const std::string valid = write_model(testing::make_tiny_transformer(config));
    // IGLENS_FUZZ_SEED picks another reproducible run.
    const char* seed_env = std::getenv("IGLENS_FUZZ_SEED");
    std::mt19937 rng(seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 12345u);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(2000);
    int loaded = 0, refused = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string bytes = mutate(valid, rng);
        try {
            Model m = read_model(bytes);
            write_model(m);
            ++loaded;
        } catch (const Error&) {
            ++refused;
        } catch (const std::exception& e) {
            FAIL() << "a mutated model raised a non-iglens exception: " << e.what();
        }
    }
    EXPECT_GT(loaded + refused, 100);
    EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace iglens::onnx
