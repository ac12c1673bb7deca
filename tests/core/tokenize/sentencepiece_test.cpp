// sentencepiece .model tokenizers: the template rule, words, offsets, and model loading errors.
#include <gtest/gtest.h>

#include "iglens/error.h"
#include "core/tokenize/tokenizer_fixtures.h"

namespace iglens {
namespace {

using test::read_file;
using test::shared_path;

std::vector<std::string> pieces(const Encoding& e) {
    std::vector<std::string> out;
    for (const auto& t : e.tokens) out.push_back(t.piece);
    return out;
}

TEST(SentencePiece, AlbertModelGetsTheBertTemplateFromItsPieces) {
    const auto albert = Tokenizer::from_sentencepiece(read_file(shared_path("tokenizers/spm-albert-30k/30k-clean.model")));
    const Encoding e = albert->encode_pair("Hello world", "Bye");
    EXPECT_EQ(e.tokens.front().piece, "[CLS]");
    EXPECT_EQ(albert->cls_id(), 2);
    EXPECT_EQ(albert->sep_id(), 3);
    EXPECT_EQ(albert->pad_id(), 0);
    EXPECT_EQ(albert->unk_id(), 1);
    std::vector<int64_t> types = e.token_type_ids();
    EXPECT_EQ(types.front(), 0);
    EXPECT_EQ(types.back(), 1);
    EXPECT_EQ(e.tokens.back().piece, "[SEP]");
    EXPECT_EQ(e.tokens.back().segment, 1);
    EXPECT_NE(albert->kind().find("[CLS] A [SEP]"), std::string::npos) << albert->kind();
}

TEST(SentencePiece, ConfigDecidesTheTemplate) {
    const std::string model = read_file(shared_path("tokenizers/spm-en-hi-te/spiece.model"));
    // Without configuration this model has no special pieces: no template.
    const auto bare = Tokenizer::from_sentencepiece(model);
    const Encoding plain = bare->encode("hello");
    for (const auto& t : plain.tokens) EXPECT_FALSE(t.special);

    // A tokenizer_config.json naming eos only gives the T5 layout "A </s>" — here with <pad>
    // standing in as the eos piece, since this vocabulary has no </s>.
    const SpecialTokens eos_only = SpecialTokens::from_config_json(R"({"eos_token": "<pad>", "model_max_length": 128})", "");
    const auto t5_style = Tokenizer::from_sentencepiece(model, eos_only);
    const Encoding e = t5_style->encode("hello");
    EXPECT_EQ(e.tokens.back().piece, "<pad>");
    EXPECT_TRUE(e.tokens.back().from_template);
    EXPECT_EQ(t5_style->model_max_length(), 128u);
}

TEST(SentencePiece, TokenizerClassPicksTheFamilyTemplate) {
    const std::string model = read_file(shared_path("tokenizers/spm-albert-30k/30k-clean.model"));
    // An XLM-R style configuration (bos = cls, eos = sep): <s> A </s></s> B </s>, all type 0.
    const SpecialTokens roberta = SpecialTokens::from_config_json(
        R"({"tokenizer_class": "XLMRobertaTokenizer", "bos_token": "[CLS]", "eos_token": "[SEP]",
            "cls_token": "[CLS]", "sep_token": "[SEP]"})", "");
    const Encoding e = Tokenizer::from_sentencepiece(model, roberta)->encode_pair("a", "b");
    std::vector<std::string> specials;
    for (const auto& t : e.tokens) {
        if (t.from_template) specials.push_back(t.piece);
        EXPECT_EQ(t.type_id, 0);
    }
    EXPECT_EQ(specials, (std::vector<std::string>{"[CLS]", "[SEP]", "[SEP]", "[SEP]"}));

    const SpecialTokens albert = SpecialTokens::from_config_json(R"({"tokenizer_class": "AlbertTokenizer"})", "");
    const Encoding bert_style = Tokenizer::from_sentencepiece(model, albert)->encode_pair("a", "b");
    EXPECT_EQ(bert_style.token_type_ids().back(), 1);

    // T5 needs an eos token; this vocabulary has none.
    const std::string no_eos = read_file(shared_path("tokenizers/spm-en-hi-te/spiece.model"));
    const SpecialTokens t5 = SpecialTokens::from_config_json(R"({"tokenizer_class": "T5Tokenizer"})", "");
    EXPECT_THROW(Tokenizer::from_sentencepiece(no_eos, t5), Error);
}

TEST(SentencePiece, ConfiguredSpecialTokenMissingFromTheModelIsAnError) {
    const std::string model = read_file(shared_path("tokenizers/spm-en-hi-te/spiece.model"));
    const SpecialTokens config = SpecialTokens::from_config_json(R"({"cls_token": "[CLS]", "sep_token": "[SEP]"})", "");
    try {
        Tokenizer::from_sentencepiece(model, config);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'[CLS]'"), std::string::npos) << e.what();
    }
}

TEST(SentencePiece, LoadTokenizerReadsTheFolderConfiguration) {
    std::map<std::string, std::string> files;
    files["models/mine/spiece.model"] = read_file(shared_path("tokenizers/spm-albert-30k/30k-clean.model"));
    files["models/mine/tokenizer_config.json"] = R"({"cls_token": "[CLS]", "sep_token": {"content": "[SEP]"}})";
    files["models/mine/config.json"] = R"({"max_position_embeddings": 256, "model_type": "bert"})";
    const auto tok = load_tokenizer(files);
    EXPECT_EQ(tok->model_max_length(), 256u);
    const Encoding e = tok->encode("A test.", 0);
    EXPECT_EQ(e.tokens.front().piece, "[CLS]");
    EXPECT_EQ(e.tokens.back().piece, "[SEP]");
}

TEST(SentencePiece, WordsAndOffsets) {
    const auto albert = Tokenizer::from_sentencepiece(read_file(shared_path("tokenizers/spm-albert-30k/30k-clean.model")));
    const std::string text = "Tokenizers are wonderful";
    const Encoding e = albert->encode(text);
    std::map<int32_t, std::string> words;
    for (const auto& t : e.tokens) {
        if (t.special) continue;
        words[t.word] += text.substr(t.byte_start, t.byte_end - t.byte_start);
    }
    ASSERT_EQ(words.size(), 3u);
    EXPECT_EQ(words[0], "Tokenizers");
    EXPECT_EQ(words[1], " are");
    EXPECT_EQ(words[2], " wonderful");
    test::expect_well_formed(e, text, nullptr);
}

TEST(SentencePiece, RejectsBytesThatAreNotAModel) {
    EXPECT_THROW(Tokenizer::from_sentencepiece(""), Error);
    EXPECT_THROW(Tokenizer::from_sentencepiece("definitely not a protobuf"), Error);
    const std::string model = read_file(shared_path("tokenizers/spm-albert-30k/30k-clean.model"));
    EXPECT_THROW(Tokenizer::from_sentencepiece(model.substr(0, model.size() / 3)), Error);
}

TEST(LoadTokenizer, PrefersTokenizerJsonAndExplainsMissingFiles) {
    auto files = test::tokenizer_folder("bert-base-uncased");
    files["spiece.model"] = read_file(shared_path("tokenizers/spm-albert-30k/30k-clean.model"));
    EXPECT_EQ(load_tokenizer(files)->kind(), "tokenizer.json WordPiece");
    try {
        load_tokenizer({{"config.json", "{}"}});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("tokenizer.json"), std::string::npos);
    }
}

}  // namespace
}  // namespace iglens
