// Fuzz-style robustness: random bytes and random Unicode through every tokenizer for a bounded
// time. Valid UTF-8 must encode into a well-formed encoding; invalid UTF-8 must raise
// iglens::Error; nothing may crash.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "iglens/error.h"
#include "core/tokenize/tokenizer_fixtures.h"

namespace iglens {
namespace {

std::string random_unicode(std::mt19937& rng) {
    static const std::vector<std::pair<char32_t, char32_t>> ranges = {
        {0x20, 0x7E},       {0x00, 0x20},       {0xA0, 0x24F},     {0x300, 0x36F},     {0x590, 0x6FF},
        {0x900, 0x97F},     {0xC00, 0xC7F},     {0x2000, 0x206F},  {0x2580, 0x2582},   {0x3000, 0x30FF},
        {0x4E00, 0x9FFF},   {0xAC00, 0xD7A3},   {0xFE00, 0xFFFD},  {0x1F300, 0x1FAFF}, {0x20000, 0x2A6DF},
        {0xE0000, 0xE007F}, {0x10000, 0x10FFFF}};
    static const std::vector<std::string> fragments = {"[MASK]", "[CLS]", "</s>", "<pad>", "<unk_2>", "\xE2\x96\x81",
                                                       "\xC4\xA0", "##", "'s", "  ", "\xE2\x80\x8D"};
    std::string out;
    const int length = std::uniform_int_distribution<int>(0, 60)(rng);
    for (int i = 0; i < length; ++i) {
        if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) {
            out += fragments[std::uniform_int_distribution<size_t>(0, fragments.size() - 1)(rng)];
            continue;
        }
        const auto& r = ranges[std::uniform_int_distribution<size_t>(0, ranges.size() - 1)(rng)];
        char32_t cp = std::uniform_int_distribution<char32_t>(r.first, r.second)(rng);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
        utf8::append(out, cp);
    }
    return out;
}

std::string random_bytes(std::mt19937& rng) {
    std::string out(std::uniform_int_distribution<size_t>(0, 40)(rng), '\0');
    for (char& c : out) c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
    return out;
}

TEST(Fuzz, RandomTextNeverCrashes) {
    std::mt19937 rng(20261124);
    // Load everything first so that the time budget goes to encoding.
    for (const auto& name : test::all_tokenizer_names()) test::shared_tokenizer(name);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
    size_t encoded = 0, rejected = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& name : test::all_tokenizer_names()) {
            const Tokenizer& tok = test::shared_tokenizer(name);
            const bool bytes = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
            const std::string first = bytes ? random_bytes(rng) : random_unicode(rng);
            const std::string second = random_unicode(rng);
            const bool pair = std::uniform_int_distribution<int>(0, 2)(rng) == 0;
            const size_t max_length = std::uniform_int_distribution<int>(0, 1)(rng) ? Tokenizer::kNoLimit : 8 + rng() % 40;
            const bool valid = utf8::find_invalid(first) == std::string::npos;
            try {
                const Encoding e = pair ? tok.encode_pair(first, second, max_length) : tok.encode(first, max_length);
                ASSERT_TRUE(valid) << name << ": invalid UTF-8 was accepted";
                test::expect_well_formed(e, first, pair ? &second : nullptr);
                ASSERT_LE(e.tokens.size(), max_length);
                ++encoded;
            } catch (const Error& e) {
                ASSERT_FALSE(valid) << name << ": valid text rejected: " << e.what();
                ++rejected;
            }
        }
    }
    EXPECT_GT(encoded, 100u);
    EXPECT_GT(rejected, 10u);
}

}  // namespace
}  // namespace iglens
