#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "iglens/error.h"
#include "iglens/ig_baseline.h"
#include "job_fixture.h"

namespace iglens::testing {
namespace {

const std::vector<int64_t> kIds = {kCls, 11, 12, 13, kSep, kPad};
const std::vector<bool> kKeep = {true, false, false, false, true, true};  // specials and padding

std::vector<float> rows_of(const TinyVocabulary& vocabulary, const std::vector<int64_t>& ids) {
    std::vector<float> out;
    for (int64_t id : ids)
        for (int64_t h = 0; h < vocabulary.dim; ++h) out.push_back(vocabulary.rows[id * vocabulary.dim + h]);
    return out;
}

BaselineSpec spec_of(BaselineKind kind) {
    BaselineSpec spec;
    spec.kind = kind;
    return spec;
}

TEST(Baseline, PadKeepsSpecialTokensLikeTransformersInterpret) {
    TinyVocabulary vocabulary;
    const BaselineSpec pad = spec_of(BaselineKind::Pad);
    EXPECT_EQ(baseline_token_ids(pad, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              (std::vector<int64_t>{kCls, kPad, kPad, kPad, kSep, kPad}));
    EXPECT_EQ(build_baseline_embeddings(pad, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              rows_of(vocabulary, {kCls, kPad, kPad, kPad, kSep, kPad}));
    BaselineSpec all_pad = spec_of(BaselineKind::Pad);
    all_pad.keep_special_tokens = false;
    EXPECT_EQ(baseline_token_ids(all_pad, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              (std::vector<int64_t>(6, kPad)));
}

TEST(Baseline, MaskAndUnkReplaceOnlyOrdinaryTokens) {
    TinyVocabulary vocabulary;
    EXPECT_EQ(baseline_token_ids(spec_of(BaselineKind::Mask), vocabulary.table(), vocabulary.specials, kIds, kKeep),
              (std::vector<int64_t>{kCls, kMask, kMask, kMask, kSep, kPad}));
    EXPECT_EQ(baseline_token_ids(spec_of(BaselineKind::Unk), vocabulary.table(), vocabulary.specials, kIds, kKeep),
              (std::vector<int64_t>{kCls, kUnk, kUnk, kUnk, kSep, kPad}));
}

TEST(Baseline, DefaultIsMaskWhenTheTokenizerHasOneElsePad) {
    TinyVocabulary vocabulary;
    const BaselineSpec by_default;
    EXPECT_EQ(by_default.kind, BaselineKind::Auto);
    EXPECT_EQ(resolve_baseline(by_default, vocabulary.specials).kind, BaselineKind::Mask);
    EXPECT_EQ(build_baseline_embeddings(by_default, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              rows_of(vocabulary, {kCls, kMask, kMask, kMask, kSep, kPad}));
    SpecialTokenIds no_mask = vocabulary.specials;
    no_mask.mask = -1;
    EXPECT_EQ(resolve_baseline(by_default, no_mask).kind, BaselineKind::Pad);
    EXPECT_EQ(baseline_token_ids(by_default, vocabulary.table(), no_mask, kIds, kKeep),
              (std::vector<int64_t>{kCls, kPad, kPad, kPad, kSep, kPad}));
    // Only Auto is resolved: an explicit kind is kept as asked.
    EXPECT_EQ(resolve_baseline(spec_of(BaselineKind::Pad), vocabulary.specials).kind, BaselineKind::Pad);
    EXPECT_EQ(parse_baseline_kind("auto"), BaselineKind::Auto);
}

TEST(Baseline, MissingSpecialTokenIsAClearError) {
    TinyVocabulary vocabulary;
    SpecialTokenIds no_mask = vocabulary.specials;
    no_mask.mask = -1;
    try {
        build_baseline_embeddings(spec_of(BaselineKind::Mask), vocabulary.table(), no_mask, kIds, kKeep);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("MASK"), std::string::npos);
    }
}

TEST(Baseline, ZeroAndMeanEmbeddings) {
    TinyVocabulary vocabulary;
    const std::vector<float> zero =
        build_baseline_embeddings(spec_of(BaselineKind::Zero), vocabulary.table(), vocabulary.specials, kIds, kKeep);
    const std::vector<float> mean = build_baseline_embeddings(spec_of(BaselineKind::MeanEmbedding), vocabulary.table(),
                                                              vocabulary.specials, kIds, kKeep);
    const std::vector<float> cls = rows_of(vocabulary, {kCls});
    for (int64_t h = 0; h < 3; ++h) {
        double expected_mean = 0.0;
        for (int64_t id = 0; id < vocabulary.vocab; ++id) expected_mean += vocabulary.rows[id * 3 + h];
        expected_mean /= vocabulary.vocab;
        EXPECT_EQ(zero[h], cls[h]);  // special kept
        EXPECT_EQ(mean[h], cls[h]);
        for (int t = 1; t <= 3; ++t) {
            EXPECT_EQ(zero[t * 3 + h], 0.0f);
            EXPECT_NEAR(mean[t * 3 + h], expected_mean, 1e-6);
        }
    }
    BaselineSpec pure_zero = spec_of(BaselineKind::Zero);
    pure_zero.keep_special_tokens = false;
    for (float v : build_baseline_embeddings(pure_zero, vocabulary.table(), vocabulary.specials, kIds, kKeep))
        EXPECT_EQ(v, 0.0f);
}

TEST(Baseline, UniformRandomIsSeededAndAvoidsSpecialIds) {
    TinyVocabulary vocabulary;
    std::vector<int64_t> long_ids(200, 11);
    std::vector<bool> keep(200, false);
    keep[0] = true;
    long_ids[0] = kCls;
    BaselineSpec random = spec_of(BaselineKind::UniformRandom);
    random.seed = 17;
    const std::vector<int64_t> first = baseline_token_ids(random, vocabulary.table(), vocabulary.specials, long_ids, keep);
    EXPECT_EQ(first, baseline_token_ids(random, vocabulary.table(), vocabulary.specials, long_ids, keep));
    EXPECT_EQ(first[0], kCls);
    std::set<int64_t> distinct;
    for (size_t t = 1; t < first.size(); ++t) {
        EXPECT_GT(first[t], kMask);  // ids 0..4 are the specials
        EXPECT_LT(first[t], vocabulary.vocab);
        distinct.insert(first[t]);
    }
    EXPECT_EQ(distinct.size(), 15u);  // all 15 ordinary ids appear in 199 draws
    random.seed = 18;
    EXPECT_NE(first, baseline_token_ids(random, vocabulary.table(), vocabulary.specials, long_ids, keep));
    const std::vector<BaselineSpec> several = random_token_baselines(3, 40);
    ASSERT_EQ(several.size(), 3u);
    EXPECT_EQ(several[2].seed, 42u);
}

TEST(Baseline, TokenIdsMustMatchTheLengthUnlessPaddingIsAllowed) {
    TinyVocabulary vocabulary;
    BaselineSpec given = spec_of(BaselineKind::TokenIds);
    given.token_ids = {kCls, 14, 15, kSep};
    EXPECT_THROW(build_baseline_embeddings(given, vocabulary.table(), vocabulary.specials, kIds, kKeep), Error);
    given.length_policy = BaselineLengthPolicy::PadOrTruncate;
    EXPECT_EQ(baseline_token_ids(given, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              (std::vector<int64_t>{kCls, 14, 15, kSep, kPad, kPad}));
    given.token_ids = {kCls, 14, 15, 16, 17, 18, 19, kSep};
    EXPECT_EQ(baseline_token_ids(given, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              (std::vector<int64_t>{kCls, 14, 15, 16, 17, 18}));
    given.token_ids = {kCls, 14, 15, 16, kSep, kPad};
    given.length_policy = BaselineLengthPolicy::Exact;
    EXPECT_EQ(build_baseline_embeddings(given, vocabulary.table(), vocabulary.specials, kIds, kKeep),
              rows_of(vocabulary, given.token_ids));
    given.token_ids[2] = 500;
    EXPECT_THROW(build_baseline_embeddings(given, vocabulary.table(), vocabulary.specials, kIds, kKeep), Error);
}

TEST(Baseline, CorruptOrMissingTableIsAnError) {
    TinyVocabulary vocabulary;
    vocabulary.rows[12 * 3 + 1] = std::nanf("");
    EXPECT_THROW(lookup_embeddings(vocabulary.table(), {kCls, 12}), Error);
    EXPECT_THROW(build_baseline_embeddings(spec_of(BaselineKind::MeanEmbedding), vocabulary.table(), vocabulary.specials,
                                           kIds, kKeep),
                 Error);
    EXPECT_THROW(lookup_embeddings(EmbeddingTable{}, {1}), Error);
    EXPECT_THROW(parse_baseline_kind("blur"), Error);
    EXPECT_EQ(parse_baseline_kind("random"), BaselineKind::UniformRandom);
    for (BaselineKind kind : {BaselineKind::Pad, BaselineKind::Mask, BaselineKind::Unk, BaselineKind::Zero,
                              BaselineKind::MeanEmbedding, BaselineKind::UniformRandom, BaselineKind::TokenIds})
        EXPECT_EQ(parse_baseline_kind(baseline_kind_name(kind)), kind);
}

}  // namespace
}  // namespace iglens::testing
