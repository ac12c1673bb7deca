// Offsets: the text under each token's span, normalized the tokenizer's way, is the token's piece.
#include <gtest/gtest.h>

#include <fstream>

#include "tokenize/normalizers.h"
#include "tokenize/pre_tokenizers.h"
#include "core/tokenize/tokenizer_fixtures.h"

namespace iglens {
namespace {

const std::string kMetaspace = "\xE2\x96\x81";

std::vector<std::string> offsets_corpus() {
    std::vector<std::string> texts = test::hard_cases();
    std::ifstream sst2(test::shared_path("data/sst2/glue_sst2_validation_872.tsv"));
    std::string line;
    std::getline(sst2, line);  // header
    for (int i = 0; i < 300 && std::getline(sst2, line); ++i) texts.push_back(line.substr(0, line.find('\t')));
    std::ifstream goemotions(test::shared_path("data/goemotions/dev.tsv"));
    for (int i = 0; i < 150 && std::getline(goemotions, line); ++i) texts.push_back(line.substr(0, line.find('\t')));
    return texts;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
    return s;
}

std::string trim_spaces(const std::string& s) {
    const size_t first = s.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

std::string strip_prefix(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : s;
}

class TokenizerJsonOffsets : public ::testing::TestWithParam<std::string> {};

TEST_P(TokenizerJsonOffsets, SpanTextNormalizedIsThePiece) {
    const std::string name = GetParam();
    const Tokenizer& tok = test::shared_tokenizer(name);
    const auto json = nlohmann::json::parse(test::read_file(test::shared_path("tokenizers/" + name + "/tokenizer.json")));
    const auto normalizer = tokenize::make_normalizer(json["normalizer"]);
    const std::string model = json["model"]["type"];
    const bool byte_level = json["pre_tokenizer"].value("type", "") == "ByteLevel";
    const auto normalize = [&](const std::string& s) {
        auto aligned = unicode::AlignedText::from_original(s);
        return normalizer ? normalizer->normalize(aligned).text : aligned.text;
    };
    // One character can normalize into several tokens (a Hangul syllable into jamo, "½" into
    // "1⁄2"), whose spans then overlap: such tokens are compared together with their joint span.
    const auto piece_text = [&](const Token& t) {
        if (model == "WordPiece") return strip_prefix(t.piece, "##");
        if (!byte_level) return t.piece;
        std::string bytes;
        for (char32_t cp : utf8::to_u32(t.piece)) bytes += static_cast<char>(tokenize::unicode_to_byte(cp));
        return bytes;
    };
    const auto is_unknown = [&](const Token& t) { return tok.unk_id() == std::optional<int32_t>(t.id); };
    size_t checked = 0;
    for (const std::string& text : offsets_corpus()) {
        const Encoding e = tok.encode(text);
        test::expect_well_formed(e, text, nullptr);
        for (size_t i = 0; i < e.tokens.size();) {
            const Token& t = e.tokens[i];
            std::string joined = piece_text(t);
            size_t span_end = t.byte_end;
            bool unknown = is_unknown(t);
            size_t next = i + 1;
            while (next < e.tokens.size() && !e.tokens[next].special && !t.special &&
                   e.tokens[next].byte_start < span_end) {
                joined += piece_text(e.tokens[next]);
                unknown = unknown || is_unknown(e.tokens[next]);
                span_end = std::max(span_end, e.tokens[next].byte_end);
                ++next;
            }
            const size_t group = next - i;
            i = next;
            if (t.special || unknown) continue;
            const std::string span = text.substr(t.byte_start, span_end - t.byte_start);
            if (model == "WordPiece") {
                // Final sigma depends on the next character, which lies outside the span.
                EXPECT_EQ(replace_all(joined, "\xCF\x82", "\xCF\x83"),
                          replace_all(trim_spaces(normalize(span)), "\xCF\x82", "\xCF\x83"))
                    << name << " in " << text;
            } else if (byte_level) {
                // The prefix space ByteLevel inserts is not in the text.
                if ((span.empty() || span[0] != ' ') && !joined.empty() && joined[0] == ' ') joined.erase(0, 1);
                if (utf8::find_invalid(joined) == std::string::npos) {
                    EXPECT_EQ(joined, span) << name << " in " << text;
                } else {
                    // Part of a multi-byte character: the span is that whole character.
                    EXPECT_NE(span.find(joined), std::string::npos) << name << " in " << text;
                }
            } else {
                const std::string expected = replace_all(normalize(span), " ", kMetaspace);
                EXPECT_TRUE(joined == expected || joined == kMetaspace + expected)
                    << name << ": piece " << joined << " span '" << span << "' normalized " << expected << " in " << text;
            }
            checked += group;
        }
    }
    EXPECT_GT(checked, 5000u);
}

INSTANTIATE_TEST_SUITE_P(AllTokenizerJson, TokenizerJsonOffsets,
                         ::testing::Values("bert-base-uncased", "bpe-byte-level", "unigram-pegasus", "spm-bpe-vit5"));

class SentencePieceOffsets : public ::testing::TestWithParam<std::string> {};

TEST_P(SentencePieceOffsets, SpanTextIsThePieceOnAsciiText) {
    // sentencepiece normalizes inside the library, so the piece is compared with the span on
    // ASCII text, where nmt_nfkc changes nothing but whitespace.
    const Tokenizer& tok = test::shared_tokenizer(GetParam());
    const auto squash = [](std::string s) {
        s = replace_all(s, kMetaspace, "");
        s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; }), s.end());
        return s;
    };
    size_t checked = 0;
    for (const std::string& text : offsets_corpus()) {
        const Encoding e = tok.encode(text);
        test::expect_well_formed(e, text, nullptr);
        const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
        if (!ascii) continue;
        for (const Token& t : e.tokens) {
            if (t.special || tok.unk_id() == std::optional<int32_t>(t.id)) continue;
            EXPECT_EQ(squash(t.piece), squash(text.substr(t.byte_start, t.byte_end - t.byte_start))) << text;
            ++checked;
        }
    }
    EXPECT_GT(checked, 3000u);
}

INSTANTIATE_TEST_SUITE_P(AllSentencePiece, SentencePieceOffsets, ::testing::Values("spm-albert-30k", "spm-en-hi-te"));

}  // namespace
}  // namespace iglens
