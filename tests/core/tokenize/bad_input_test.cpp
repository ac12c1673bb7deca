// Bad input: invalid UTF-8, NUL and control characters, empty and very long text, malformed or
// unsupported tokenizer files. No crash; sane output or a clear iglens::Error.
#include <gtest/gtest.h>

#include <chrono>

#include "iglens/error.h"
#include "core/tokenize/tokenizer_fixtures.h"

namespace iglens {
namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(BadInput, InvalidUtf8IsAClearError) {
    for (const auto& name : test::all_tokenizer_names()) {
        const Tokenizer& tok = test::shared_tokenizer(name);
        for (const std::string bad : {std::string("\xFF"), std::string("abc\xC3"), std::string("\xC0\xAF"),
                                      std::string("x\xED\xA0\x80y"), std::string("\xF4\x90\x80\x80")}) {
            const std::string message = error_of([&] { tok.encode(bad); });
            EXPECT_NE(message.find("not valid UTF-8"), std::string::npos) << name << ": " << message;
            const std::string pair_message = error_of([&] { tok.encode_pair("fine", bad); });
            EXPECT_NE(pair_message.find("second text"), std::string::npos) << name << ": " << pair_message;
        }
    }
}

TEST(BadInput, EmptyNulAndControlCharacters) {
    for (const auto& name : test::all_tokenizer_names()) {
        const Tokenizer& tok = test::shared_tokenizer(name);
        for (const std::string text : {std::string(), std::string(1, '\0'), std::string("a\0b", 3),
                                       std::string("\x01\x02\x7F"), std::string(" \t\r\n ")}) {
            const Encoding e = tok.encode(text);
            test::expect_well_formed(e, text, nullptr);
            for (const auto& t : e.tokens) EXPECT_TRUE(t.id >= 0 && static_cast<size_t>(t.id) < tok.vocab_size()) << name;
        }
        // Empty text: only the template.
        const Encoding empty = tok.encode("");
        for (const auto& t : empty.tokens) EXPECT_TRUE(t.from_template) << name;
    }
}

TEST(BadInput, HundredThousandCharactersAreTruncatedQuickly) {
    std::string words;
    const char* vocabulary[] = {"the ", "naïve ", "café, ", "你好 ", "🙂 ", "مرحبا ", "tokenization ", "e\xCC\x81 "};
    for (size_t i = 0; words.size() < 100000; ++i) words += vocabulary[(i * 7) % 8];
    const std::string one_word(100000, 'a');
    for (const auto& name : test::all_tokenizer_names()) {
        const Tokenizer& tok = test::shared_tokenizer(name);
        for (const std::string* text : {static_cast<const std::string*>(&words), &one_word}) {
            const auto start = std::chrono::steady_clock::now();
            const Encoding e = tok.encode(*text, 512);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            EXPECT_LT(seconds, 5.0) << name;
            EXPECT_LE(e.tokens.size(), 512u) << name;
            if (text == &words) {
                EXPECT_TRUE(e.truncated) << name;
                EXPECT_GT(e.untruncated_length, 512u) << name;
                EXPECT_EQ(e.tokens.size(), 512u) << name;
            }
            test::expect_well_formed(e, *text, nullptr);
        }
    }
}

TEST(BadInput, LongTextIsTruncatedToTheModelMaximumByDefault) {
    std::string text;
    while (text.size() < 20000) text += "word ";
    const Tokenizer& bert = test::shared_tokenizer("bert-base-uncased");  // model_max_length 512
    const Encoding e = bert.encode(text);
    EXPECT_EQ(e.tokens.size(), 512u);
    EXPECT_TRUE(e.truncated);
    EXPECT_EQ(e.untruncated_length, 4002u);
    EXPECT_EQ(e.tokens.back().piece, "[SEP]");
    const Encoding all = bert.encode(text, Tokenizer::kNoLimit);
    EXPECT_EQ(all.tokens.size(), 4002u);
    EXPECT_FALSE(all.truncated);
}

TEST(BadInput, MalformedTokenizerJson) {
    EXPECT_NE(error_of([] { Tokenizer::from_tokenizer_json("{"); }).find("not valid JSON"), std::string::npos);
    EXPECT_NE(error_of([] { Tokenizer::from_tokenizer_json("[]"); }).find("no \"model\""), std::string::npos);
    EXPECT_NE(error_of([] { Tokenizer::from_tokenizer_json(R"({"model": {"type": "CharLevel"}})"); }).find("CharLevel"),
              std::string::npos);
    EXPECT_NE(error_of([] { Tokenizer::from_tokenizer_json("\xFF\xFE{}"); }).find("UTF-8"), std::string::npos);
    const std::string wordpiece = R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}},
        "normalizer": {"type": "NFKC"}})";
    EXPECT_NE(error_of([&] { Tokenizer::from_tokenizer_json(wordpiece); }).find("'NFKC' is not supported"), std::string::npos);
    const std::string missing_unk = R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"a": 0}}})";
    EXPECT_NE(error_of([&] { Tokenizer::from_tokenizer_json(missing_unk); }).find("unk_token"), std::string::npos);
    const std::string bad_regex = R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0}},
        "normalizer": {"type": "Replace", "pattern": {"Regex": "[a-z]+"}, "content": ""}})";
    EXPECT_NE(error_of([&] { Tokenizer::from_tokenizer_json(bad_regex); }).find("not supported"), std::string::npos);
    const std::string broken_merge = R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}})";
    EXPECT_NE(error_of([&] { Tokenizer::from_tokenizer_json(broken_merge); }).find("merge"), std::string::npos);
}

TEST(BadInput, MinimalTokenizerJsonWithoutPostProcessor) {
    // A tiny hand-written WordPiece file: no template, whitespace words.
    const std::string json = R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
        "vocab": {"[UNK]": 0, "play": 1, "##ing": 2, "go": 3}},
        "pre_tokenizer": {"type": "WhitespaceSplit"}, "normalizer": {"type": "Lowercase"}})";
    const auto tok = Tokenizer::from_tokenizer_json(json);
    const Encoding e = tok->encode("Playing GO xyz");
    EXPECT_EQ(e.input_ids(), (std::vector<int64_t>{1, 2, 3, 0}));
    std::vector<int32_t> words;
    for (const auto& t : e.tokens) words.push_back(t.word);
    EXPECT_EQ(words, (std::vector<int32_t>{0, 0, 1, 2}));
}

}  // namespace
}  // namespace iglens
