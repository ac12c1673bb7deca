// Shared helpers of the tokenizer tests: loading the real tokenizer files of ../shared and
// checking the invariants every encoding must satisfy.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "iglens/tokenizer.h"

namespace iglens::test {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("test data missing: " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::string shared_path(const std::string& relative) { return std::string(IGLENS_SHARED_DIR) + "/" + relative; }

// The tokenizer files of ../shared/tokenizers, loaded as a model folder would be.
inline std::map<std::string, std::string> tokenizer_folder(const std::string& name) {
    std::map<std::string, std::string> files;
    const std::string dir = shared_path("tokenizers/" + name);
    for (const char* file : {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "config.json",
                             "30k-clean.model", "spiece.model"}) {
        std::ifstream probe(dir + "/" + file, std::ios::binary);
        if (probe) files[file] = read_file(dir + "/" + file);
    }
    return files;
}

inline const std::vector<std::string>& all_tokenizer_names() {
    static const std::vector<std::string> names = {"bert-base-uncased", "bpe-byte-level", "unigram-pegasus",
                                                   "spm-bpe-vit5",      "spm-albert-30k", "spm-en-hi-te"};
    return names;
}

// Loading the large tokenizer.json files takes a moment: load each once per test binary.
inline const Tokenizer& shared_tokenizer(const std::string& name) {
    static std::map<std::string, std::unique_ptr<Tokenizer>> cache;
    auto& slot = cache[name];
    if (!slot) slot = load_tokenizer(tokenizer_folder(name));
    return *slot;
}

inline std::vector<std::string> hard_cases() {
    // The same hard cases as the reference test (a JSON array of strings).
    const std::string json = read_file(std::string(IGLENS_SOURCE_DIR) + "/tests/tokenize_reference/hard_cases.json");
    return nlohmann::json::parse(json).get<std::vector<std::string>>();
}

// Invariants of any encoding of `texts` (first, and optional second): spans inside the text,
// on character boundaries, UTF-16 offsets consistent with the bytes, words increasing,
// specials without word, segments ordered.
inline void expect_well_formed(const Encoding& encoding, const std::string& first, const std::string* second) {
    const std::vector<size_t> utf16[2] = {utf8::utf16_offsets(first),
                                          utf8::utf16_offsets(second ? *second : std::string())};
    const std::string* texts[2] = {&first, second};
    int32_t last_word = -1;
    int32_t last_segment = 0;
    for (const Token& t : encoding.tokens) {
        ASSERT_TRUE(t.segment == 0 || (t.segment == 1 && second != nullptr));
        ASSERT_GE(t.segment, last_segment) << "segments must not go back";
        last_segment = t.segment;
        const std::string& text = *texts[t.segment];
        ASSERT_LE(t.byte_start, t.byte_end);
        ASSERT_LE(t.byte_end, text.size());
        ASSERT_EQ(t.utf16_start, utf16[t.segment][t.byte_start]);
        ASSERT_EQ(t.utf16_end, utf16[t.segment][t.byte_end]);
        if (t.byte_start < text.size()) {
            ASSERT_NE(static_cast<unsigned char>(text[t.byte_start]) & 0xC0, 0x80) << "span starts inside a character";
        }
        if (t.byte_end < text.size()) {
            ASSERT_NE(static_cast<unsigned char>(text[t.byte_end]) & 0xC0, 0x80) << "span ends inside a character";
        }
        if (t.from_template) {
            ASSERT_TRUE(t.special);
            ASSERT_EQ(t.byte_start, t.byte_end);
        }
        if (t.special) {
            ASSERT_EQ(t.word, -1);
        } else {
            ASSERT_GE(t.word, 0);
            ASSERT_TRUE(t.word == last_word || t.word == last_word + 1) << "words must be numbered in order";
            last_word = t.word;
        }
    }
    if (!encoding.truncated) ASSERT_EQ(encoding.untruncated_length, encoding.tokens.size());
}

}  // namespace iglens::test
