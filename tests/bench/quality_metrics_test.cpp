// The arithmetic behind the faithfulness and plausibility tables (bench/src/quality_metrics.h)
// and the reading of the rationale-annotated reviews (bench/src/rationales.h).
#include "quality_metrics.h"
#include "rationales.h"

#include <gtest/gtest.h>

#include "iglens/error.h"

namespace iglens::bench {
namespace {

TEST(RankedPositions, SkipsSpecialTokensAndKeepsTextOrderOnTies) {
    //                       [CLS] a    b    c    d    [SEP]
    const std::vector<double> scores = {9.0, 0.5, 2.0, 0.5, -1.0, 9.0};
    const std::vector<bool> special = {true, false, false, false, false, true};
    EXPECT_EQ(ranked_positions(scores, special), (std::vector<size_t>{2, 1, 3, 4}));
}

TEST(TopFifth, IsAtLeastOneAndAtMostN) {
    EXPECT_EQ(top_fifth(0), 0u);
    EXPECT_EQ(top_fifth(3), 1u);
    EXPECT_EQ(top_fifth(10), 2u);
    EXPECT_EQ(top_fifth(24), 4u);
}

TEST(Edited, NeverTouchesSpecialTokens) {
    const std::vector<int64_t> ids = {101, 7, 8, 9, 102};
    const std::vector<bool> special = {true, false, false, false, true};
    const std::set<size_t> chosen = {0, 2};  // position 0 is special: it stays in every edit
    EXPECT_EQ(edited(ids, special, chosen, Edit::Remove, 0), (std::vector<int64_t>{101, 7, 9, 102}));
    EXPECT_EQ(edited(ids, special, chosen, Edit::KeepOnly, 0), (std::vector<int64_t>{101, 8, 102}));
    EXPECT_EQ(edited(ids, special, chosen, Edit::ReplaceWithPad, 3), (std::vector<int64_t>{101, 7, 3, 9, 102}));
}

TEST(AopcRationales, FollowFerretsBinsOverPositiveScoresOnly) {
    // Ten tokens, three positive: bins 10 %, 20 %, 30 % add one token each; from 40 % on the set
    // stops growing (only negative tokens join), so those bins repeat and are left out.
    std::vector<double> scores = {0.3, -0.1, 0.9, -0.2, 0.5, -0.3, -0.4, -0.5, -0.6, -0.7};
    const std::vector<size_t> ranked = ranked_positions(scores, std::vector<bool>(10, false));
    const std::vector<std::set<size_t>> bins = aopc_rationales(ranked, scores);
    ASSERT_EQ(bins.size(), 3u);
    EXPECT_EQ(bins[0], (std::set<size_t>{2}));
    EXPECT_EQ(bins[1], (std::set<size_t>{2, 4}));
    EXPECT_EQ(bins[2], (std::set<size_t>{0, 2, 4}));
    EXPECT_TRUE(aopc_rationales(ranked, std::vector<double>(10, -1.0)).empty());
}

TEST(TopKPrecision, CountsGoldAmongTheHighestScores) {
    const std::vector<double> scores = {0.9, 0.1, 0.8, 0.2};
    const std::vector<bool> gold = {true, true, false, false};
    EXPECT_DOUBLE_EQ(top_k_precision(scores, gold, 2), 0.5);
    EXPECT_DOUBLE_EQ(top_k_precision(scores, gold, 1), 1.0);
}

TEST(AveragePrecision, MatchesSklearnsDefinition) {
    // sklearn.metrics.average_precision_score([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) = 0.8333...
    EXPECT_NEAR(average_precision({0.9, 0.8, 0.7, 0.1}, {true, false, true, false}), 5.0 / 6.0, 1e-12);
    // Ties form one threshold: average_precision_score([1, 0, 1], [0.5, 0.5, 0.1]) = 0.5*0.5 + 0.5*(2/3)
    EXPECT_NEAR(average_precision({0.5, 0.5, 0.1}, {true, false, true}), 0.25 + 1.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(average_precision({0.9, 0.1}, {true, false}), 1.0);
    EXPECT_DOUBLE_EQ(average_precision({0.9, 0.1}, {false, false}), 0.0);
}

TEST(ParseReview, MarksTheWordsInsideTheReviewsOwnTags) {
    const Review review = parse_review("a <POS> fine film </POS> ,\nbut <NEG> dull </NEG> .", "POSITIVE");
    EXPECT_EQ(review.text, "a fine film , but dull .");
    std::vector<bool> rationale;
    for (const RationaleWord& w : review.words) rationale.push_back(w.rationale);
    EXPECT_EQ(rationale, (std::vector<bool>{false, true, true, false, false, false, false}));
    EXPECT_EQ(review.text.substr(review.words[2].start, review.words[2].end - review.words[2].start), "film");
}

TEST(ParseReview, RefusesUnbalancedTags) {
    EXPECT_THROW(parse_review("a <POS> fine film", "POSITIVE"), Error);
    EXPECT_THROW(parse_review("a fine </POS> film", "POSITIVE"), Error);
    EXPECT_THROW(parse_review("<POS> a <NEG> b </NEG> </POS>", "POSITIVE"), Error);
}

}  // namespace
}  // namespace iglens::bench
