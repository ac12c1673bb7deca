// Tokenizer for Hugging Face tokenizer.json files: added tokens are cut out of the text
// first, every other section goes through normalizer -> pre-tokenizer -> model.
#include <algorithm>

#include "common/utf8.h"
#include "iglens/error.h"
#include "iglens/tokenizer.h"
#include "tokenize/models.h"
#include "tokenize/normalizers.h"
#include "tokenize/pre_tokenizers.h"
#include "tokenize/template.h"

namespace iglens {
namespace {

using unicode::AlignedText;

struct AddedToken {
    std::string content;
    int32_t id;
    bool special;
    bool lstrip;
    bool rstrip;
};

// A section of the input: either plain text or one added token.
struct Section {
    size_t begin, end;
    const AddedToken* added;
};

class HfTokenizer : public Tokenizer {
public:
    HfTokenizer(std::string_view json_text, const SpecialTokens& config) {
        nlohmann::json json;
        try {
            json = nlohmann::json::parse(json_text);
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("tokenizer.json is not valid JSON (") + e.what() +
                        "); pass the file's bytes unchanged");
        }
        if (!json.is_object() || !json.contains("model")) {
            throw Error("tokenizer.json has no \"model\" entry; is this a Hugging Face tokenizer.json file?");
        }
        try {
            model_ = tokenize::make_model(json["model"]);
            normalizer_ = tokenize::make_normalizer(json.value("normalizer", nlohmann::json()));
            pre_tokenizer_ = tokenize::make_pre_tokenizer(json.value("pre_tokenizer", nlohmann::json()));
            for (const auto& a : json.value("added_tokens", nlohmann::json::array())) {
                AddedToken token{a.at("content").get<std::string>(), a.at("id").get<int32_t>(),
                                 a.value("special", false), a.value("lstrip", false), a.value("rstrip", false)};
                if (token.content.empty()) continue;
                model_->vocabulary().add(token.content, token.id);
                added_.push_back(std::move(token));
            }
            const auto templates = tokenize::parse_post_processor(json.value("post_processor", nlohmann::json()));
            single_template_ = templates.single;
            pair_template_ = templates.pair;
            if (json.contains("truncation") && json["truncation"].is_object() &&
                json["truncation"].value("max_length", 0) > 0) {
                model_max_length_ = json["truncation"]["max_length"].get<size_t>();
            }
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("tokenizer.json has an unexpected structure (") + e.what() + ")");
        }
        // Longest content first so that the scan below finds the longest match.
        std::sort(added_.begin(), added_.end(),
                  [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
        kind_ = "tokenizer.json " + model_->type();
        set_special_ids(config);
    }

protected:
    std::vector<TextToken> tokenize_text(std::string_view text) const override {
        std::vector<TextToken> tokens;
        const std::vector<Section> sections = split_added_tokens(text);
        int32_t word = 0;
        std::vector<tokenize::ModelToken> model_tokens;
        for (size_t s = 0; s < sections.size(); ++s) {
            const Section& section = sections[s];
            if (section.added) {
                tokens.push_back({section.added->id, section.added->content, section.begin, section.end,
                                  section.added->special, section.added->special ? -1 : word++});
                continue;
            }
            AlignedText piece = AlignedText::from_original(text.substr(section.begin, section.end - section.begin),
                                                           section.begin);
            if (normalizer_) piece = normalizer_->normalize(piece);
            if (piece.empty()) continue;
            std::vector<AlignedText> words;
            words.push_back(std::move(piece));
            if (pre_tokenizer_) words = pre_tokenizer_->split(std::move(words), s == 0);
            for (const AlignedText& w : words) {
                model_tokens.clear();
                model_->tokenize(w.text, model_tokens);
                if (model_tokens.empty()) continue;
                for (const auto& m : model_tokens) {
                    const auto span = w.original_span(m.begin, m.end);
                    tokens.push_back({m.id, model_->vocabulary().piece(m.id).value_or(""), span.start, span.end,
                                      false, word});
                }
                ++word;
            }
        }
        return tokens;
    }

    std::optional<int32_t> lookup_piece(std::string_view piece) const override {
        return model_->vocabulary().find(piece);
    }
    std::optional<std::string> lookup_id(int32_t id) const override { return model_->vocabulary().piece(id); }
    size_t lookup_vocab_size() const override { return model_->vocabulary().size(); }

private:
    // Finds added tokens in the raw text (longest match at each position), then applies their
    // lstrip/rstrip: whitespace next to such a token is dropped from the neighbouring text.
    std::vector<Section> split_added_tokens(std::string_view text) const {
        std::vector<Section> sections;
        size_t plain_begin = 0;
        size_t pos = 0;
        while (pos < text.size()) {
            const AddedToken* match = nullptr;
            for (const AddedToken& a : added_) {
                if (text.compare(pos, a.content.size(), a.content) == 0) {
                    match = &a;
                    break;
                }
            }
            if (!match) {
                ++pos;
                continue;
            }
            if (pos > plain_begin) sections.push_back({plain_begin, pos, nullptr});
            sections.push_back({pos, pos + match->content.size(), match});
            pos += match->content.size();
            plain_begin = pos;
        }
        if (plain_begin < text.size()) sections.push_back({plain_begin, text.size(), nullptr});

        for (size_t i = 0; i < sections.size(); ++i) {
            const AddedToken* a = sections[i].added;
            if (!a) continue;
            if (a->lstrip && i > 0 && !sections[i - 1].added) trim(text, sections[i - 1], false, true);
            if (a->rstrip && i + 1 < sections.size() && !sections[i + 1].added) trim(text, sections[i + 1], true, false);
        }
        return sections;
    }

    static void trim(std::string_view text, Section& section, bool front, bool back) {
        const std::u32string cps = utf8::to_u32(text.substr(section.begin, section.end - section.begin));
        std::vector<size_t> bounds{section.begin};
        for (char32_t cp : cps) {
            std::string tmp;
            utf8::append(tmp, cp);
            bounds.push_back(bounds.back() + tmp.size());
        }
        size_t first = 0, last = cps.size();
        if (front) {
            while (first < last && unicode::is_whitespace(cps[first])) ++first;
        }
        if (back) {
            while (last > first && unicode::is_whitespace(cps[last - 1])) --last;
        }
        section.end = bounds[last];
        section.begin = bounds[first];
    }

    std::unique_ptr<tokenize::Model> model_;
    std::unique_ptr<tokenize::Normalizer> normalizer_;
    std::unique_ptr<tokenize::PreTokenizer> pre_tokenizer_;
    std::vector<AddedToken> added_;
};

}  // namespace

std::unique_ptr<Tokenizer> Tokenizer::from_tokenizer_json(std::string_view json, const SpecialTokens& config) {
    utf8::require_valid(json, "tokenizer.json");
    return std::unique_ptr<Tokenizer>(new HfTokenizer(json, config));
}

}  // namespace iglens
