// tokenizer.json tokenizers: known encodings, templates, words, segments, truncation, and the
// inputs on which the JavaScript reference differs (tests/tokenize_reference/known_differences.ts).
#include <gtest/gtest.h>

#include "iglens/error.h"
#include "core/tokenize/tokenizer_fixtures.h"

namespace iglens {
namespace {

using test::expect_well_formed;
using test::shared_tokenizer;

std::vector<int64_t> ids(const Encoding& e) { return e.input_ids(); }

std::vector<std::string> pieces(const Encoding& e) {
    std::vector<std::string> out;
    for (const auto& t : e.tokens) out.push_back(t.piece);
    return out;
}

TEST(BertTokenizer, EncodesLikeBert) {
    const Tokenizer& bert = shared_tokenizer("bert-base-uncased");
    const Encoding e = bert.encode("Hello, world! Naïve CAFÉ.");
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "hello", ",", "world", "!", "naive", "cafe", ".", "[SEP]"}));
    EXPECT_EQ(ids(e), (std::vector<int64_t>{101, 7592, 1010, 2088, 999, 15743, 7668, 1012, 102}));
    EXPECT_EQ(bert.cls_id(), 101);
    EXPECT_EQ(bert.sep_id(), 102);
    EXPECT_EQ(bert.pad_id(), 0);
    EXPECT_EQ(bert.mask_id(), 103);
    EXPECT_EQ(bert.unk_id(), 100);
    EXPECT_EQ(bert.model_max_length(), 512u);
    EXPECT_EQ(bert.vocab_size(), 30522u);
    EXPECT_EQ(bert.token_to_id("[MASK]"), 103);
    EXPECT_EQ(bert.token_to_id("no-such-piece"), std::nullopt);
    expect_well_formed(e, "Hello, world! Naïve CAFÉ.", nullptr);
}

TEST(BertTokenizer, SubwordsShareTheirWordAndSpans) {
    const Tokenizer& bert = shared_tokenizer("bert-base-uncased");
    const std::string text = "unaffable tokenization";
    const Encoding e = bert.encode(text);
    ASSERT_GE(e.tokens.size(), 5u);
    // Every sub-token of a word points into that word; the word's tokens cover it exactly.
    std::map<int32_t, std::pair<size_t, size_t>> word_spans;
    for (const auto& t : e.tokens) {
        if (t.special) continue;
        auto [it, inserted] = word_spans.emplace(t.word, std::make_pair(t.byte_start, t.byte_end));
        if (!inserted) {
            EXPECT_EQ(it->second.second, t.byte_start) << "sub-tokens of a word must be contiguous";
            it->second.second = t.byte_end;
        }
    }
    ASSERT_EQ(word_spans.size(), 2u);
    EXPECT_EQ(text.substr(word_spans[0].first, word_spans[0].second - word_spans[0].first), "unaffable");
    EXPECT_EQ(text.substr(word_spans[1].first, word_spans[1].second - word_spans[1].first), "tokenization");
}

TEST(BertTokenizer, PairTemplateSegmentsAndTypes) {
    const Tokenizer& bert = shared_tokenizer("bert-base-uncased");
    const Encoding e = bert.encode_pair("A man sleeps.", "Nobody sleeps");
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "a", "man", "sleeps", ".", "[SEP]", "nobody", "sleeps", "[SEP]"}));
    EXPECT_EQ(e.token_type_ids(), (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 1, 1, 1}));
    std::vector<int32_t> segments, words;
    for (const auto& t : e.tokens) {
        segments.push_back(t.segment);
        words.push_back(t.word);
    }
    EXPECT_EQ(segments, (std::vector<int32_t>{0, 0, 0, 0, 0, 0, 1, 1, 1}));
    EXPECT_EQ(words, (std::vector<int32_t>{-1, 0, 1, 2, 3, -1, 4, 5, -1}));
    EXPECT_EQ(e.attention_mask(), std::vector<int64_t>(9, 1));
    const std::string a = "A man sleeps.", b = "Nobody sleeps";
    expect_well_formed(e, a, &b);
    // Offsets of the second text are relative to the second text.
    EXPECT_EQ(e.tokens[6].byte_start, 0u);
    EXPECT_EQ(e.tokens[6].byte_end, 6u);
}

TEST(BertTokenizer, EmptySecondTextKeepsThePairTemplate) {
    // Hugging Face tokenizers: [CLS] A [SEP] [SEP] (tokenizers.js falls back to the single template).
    const Encoding e = shared_tokenizer("bert-base-uncased").encode_pair("yes", "");
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "yes", "[SEP]", "[SEP]"}));
    EXPECT_EQ(e.token_type_ids(), (std::vector<int64_t>{0, 0, 0, 1}));
}

TEST(BertTokenizer, SplitsIdeographsAboveTheBmp) {
    // U+20000 is a CJK Extension B ideograph: BERT isolates it like any other ideograph.
    const Encoding e = shared_tokenizer("bert-base-uncased").encode("a\xF0\xA0\x80\x80" "b");
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "a", "[UNK]", "b", "[SEP]"}));
    EXPECT_EQ(e.tokens[2].byte_start, 1u);
    EXPECT_EQ(e.tokens[2].byte_end, 5u);
    EXPECT_EQ(e.tokens[2].utf16_start, 1u);
    EXPECT_EQ(e.tokens[2].utf16_end, 3u);
}

TEST(BertTokenizer, SpecialTokenTypedInTheTextIsRecognised) {
    const Encoding e = shared_tokenizer("bert-base-uncased").encode("a [MASK] b");
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "a", "[MASK]", "b", "[SEP]"}));
    EXPECT_TRUE(e.tokens[2].special);
    EXPECT_FALSE(e.tokens[2].from_template);
    EXPECT_EQ(e.tokens[2].word, -1);
    EXPECT_EQ(e.tokens[2].byte_start, 2u);
    EXPECT_EQ(e.tokens[2].byte_end, 8u);
}

TEST(ByteLevelBpe, EncodesWithPrefixSpaceAndByteMapping) {
    const Tokenizer& bpe = shared_tokenizer("bpe-byte-level");
    const std::string text = "Hello world, it's naïve";
    const Encoding e = bpe.encode(text);
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "ĠHello", "Ġworld", ",", "Ġit", "'s", "ĠnaÃ¯ve", "[SEP]"}));
    // The prefix space is not part of the text: "Hello" spans bytes 0..5.
    EXPECT_EQ(e.tokens[1].byte_start, 0u);
    EXPECT_EQ(e.tokens[1].byte_end, 5u);
    EXPECT_EQ(e.tokens[2].byte_start, 5u);  // " world" includes its space
    EXPECT_EQ(e.tokens[6].byte_end, text.size());
    expect_well_formed(e, text, nullptr);
}

TEST(ByteLevelBpe, MaskTokenStripsTheSpaceBeforeIt) {
    // [MASK] is declared lstrip: the space before it belongs to no token.
    const Encoding e = shared_tokenizer("bpe-byte-level").encode("the [MASK] sat");
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "Ġthe", "[MASK]", "Ġsat", "[SEP]"}));
}

TEST(MetaspaceTokenizers, PrecompiledNormalizerFollowsTheCharsmap) {
    // nmt_nfkc: fullwidth letters and ligatures fold (NFKC), U+200B becomes a space, but
    // U+200D ZERO WIDTH JOINER is left as is (sentencepiece's builder comments that rule out).
    const Tokenizer& vit5 = shared_tokenizer("spm-bpe-vit5");
    const Encoding folded = vit5.encode("\xEF\xBC\xA1\xEF\xAC\x81");  // "Ａﬁ"
    const Encoding plain = vit5.encode("Afi");
    EXPECT_EQ(folded.input_ids(), plain.input_ids());
    const Encoding zwsp = vit5.encode("a\xE2\x80\x8B" "b");
    EXPECT_EQ(zwsp.input_ids(), vit5.encode("a b").input_ids());
    const Encoding zwj = vit5.encode("a\xE2\x80\x8D" "b");
    EXPECT_NE(zwj.input_ids(), vit5.encode("a b").input_ids());
}

TEST(MetaspaceTokenizers, WordsFollowTheMetaspace) {
    for (const char* name : {"unigram-pegasus", "spm-bpe-vit5"}) {
        const Tokenizer& tok = shared_tokenizer(name);
        const std::string text = "Tokenization of   antidisestablishmentarianism";
        const Encoding e = tok.encode(text);
        int32_t max_word = -1;
        for (const auto& t : e.tokens) {
            if (t.special) continue;
            max_word = std::max(max_word, t.word);
            // A token starting with the metaspace starts a word.
            if (t.piece.rfind("\xE2\x96\x81", 0) == 0 && &t != &e.tokens.front()) {
                EXPECT_TRUE(t.word == 0 || (&t)[-1].word == t.word - 1) << name << " " << t.piece;
            }
        }
        EXPECT_EQ(max_word, 2) << name;
        EXPECT_EQ(e.tokens.back().piece, "</s>") << name;
        expect_well_formed(e, text, nullptr);
    }
}

TEST(Truncation, SingleTextIsCutAndReported) {
    const Tokenizer& bert = shared_tokenizer("bert-base-uncased");
    const Encoding full = bert.encode("one two three four five six");
    ASSERT_EQ(full.tokens.size(), 8u);
    EXPECT_FALSE(full.truncated);
    const Encoding cut = bert.encode("one two three four five six", 5);
    EXPECT_TRUE(cut.truncated);
    EXPECT_EQ(cut.untruncated_length, 8u);
    EXPECT_EQ(pieces(cut), (std::vector<std::string>{"[CLS]", "one", "two", "three", "[SEP]"}));
    const Encoding exact = bert.encode("one two three four five six", 8);
    EXPECT_FALSE(exact.truncated);
}

TEST(Truncation, PairIsCutLongestFirst) {
    const Tokenizer& bert = shared_tokenizer("bert-base-uncased");
    // 6 + 2 text tokens + 3 specials = 11; max 8 removes 3 from the longer first text.
    const Encoding e = bert.encode_pair("one two three four five six", "seven eight", 8);
    EXPECT_TRUE(e.truncated);
    EXPECT_EQ(e.untruncated_length, 11u);
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "one", "two", "three", "[SEP]", "seven", "eight", "[SEP]"}));
    // Equal lengths: the second text loses a token first.
    const Encoding tie = bert.encode_pair("one two", "three four", 6);
    EXPECT_EQ(pieces(tie), (std::vector<std::string>{"[CLS]", "one", "two", "[SEP]", "three", "[SEP]"}));
}

TEST(Truncation, TextCanBeCutToNothingButTheTemplateMustFit) {
    const Encoding e = shared_tokenizer("bert-base-uncased").encode("some words here", 2);
    EXPECT_EQ(pieces(e), (std::vector<std::string>{"[CLS]", "[SEP]"}));
    EXPECT_TRUE(e.truncated);
    EXPECT_EQ(e.untruncated_length, 5u);
}

TEST(Truncation, MaxLengthBelowTheTemplateIsAnError) {
    const Tokenizer& bert = shared_tokenizer("bert-base-uncased");
    try {
        bert.encode("some words here", 1);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("special tokens"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace iglens
