// Finding the tokenizer among a model folder's files, and reading special tokens and the
// maximum length from its configuration files.
#include <nlohmann/json.hpp>

#include "iglens/error.h"
#include "iglens/tokenizer.h"

namespace iglens {
namespace {

nlohmann::json parse_optional(std::string_view text, const char* name) {
    if (text.empty()) return nlohmann::json::object();
    try {
        auto json = nlohmann::json::parse(text);
        return json.is_object() ? json : nlohmann::json::object();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string(name) + " is not valid JSON (" + e.what() + "); fix or remove it");
    }
}

std::optional<std::string> token_name(const nlohmann::json& config, const char* key) {
    const auto it = config.find(key);
    if (it == config.end()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) {
        return (*it)["content"].get<std::string>();
    }
    return std::nullopt;
}

std::string base_name(const std::string& path) {
    const size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

SpecialTokens SpecialTokens::from_config_json(std::string_view tokenizer_config_json,
                                              std::string_view special_tokens_map_json) {
    const nlohmann::json config = parse_optional(tokenizer_config_json, "tokenizer_config.json");
    const nlohmann::json map = parse_optional(special_tokens_map_json, "special_tokens_map.json");
    SpecialTokens tokens;
    const auto read = [&](const char* key) {
        if (auto name = token_name(map, key)) return name;
        return token_name(config, key);
    };
    tokens.cls = read("cls_token");
    tokens.sep = read("sep_token");
    tokens.bos = read("bos_token");
    tokens.eos = read("eos_token");
    tokens.pad = read("pad_token");
    tokens.unk = read("unk_token");
    tokens.mask = read("mask_token");
    if (config.contains("tokenizer_class") && config["tokenizer_class"].is_string()) {
        tokens.tokenizer_class = config["tokenizer_class"].get<std::string>();
    }
    // transformers writes a huge sentinel (1e30) when a tokenizer has no limit.
    const auto it = config.find("model_max_length");
    if (it != config.end() && it->is_number() && it->get<double>() > 0 && it->get<double>() < 1e9) {
        tokens.model_max_length = static_cast<size_t>(it->get<double>());
    }
    return tokens;
}

std::unique_ptr<Tokenizer> load_tokenizer(const std::map<std::string, std::string>& files) {
    const std::string* tokenizer_json = nullptr;
    const std::string* tokenizer_config = nullptr;
    const std::string* special_tokens_map = nullptr;
    const std::string* model_config = nullptr;
    std::vector<std::pair<std::string, const std::string*>> sentencepiece_models;
    for (const auto& [path, bytes] : files) {
        const std::string name = base_name(path);
        if (name == "tokenizer.json") tokenizer_json = &bytes;
        else if (name == "tokenizer_config.json") tokenizer_config = &bytes;
        else if (name == "special_tokens_map.json") special_tokens_map = &bytes;
        else if (name == "config.json") model_config = &bytes;
        else if (ends_with(name, ".model") && name != "model.onnx") sentencepiece_models.push_back({name, &bytes});
    }
    SpecialTokens special = SpecialTokens::from_config_json(tokenizer_config ? *tokenizer_config : "",
                                                            special_tokens_map ? *special_tokens_map : "");
    if (!special.model_max_length && model_config) {
        const nlohmann::json config = parse_optional(*model_config, "config.json");
        const auto it = config.find("max_position_embeddings");
        if (it != config.end() && it->is_number_integer() && it->get<long long>() > 0) {
            long long limit = it->get<long long>();
            // RoBERTa-family position ids start after the padding index: two positions are unusable.
            const std::string type = config.value("model_type", "");
            if ((type == "roberta" || type == "xlm-roberta" || type == "camembert") && limit > 2) limit -= 2;
            special.model_max_length = static_cast<size_t>(limit);
        }
    }
    if (tokenizer_json) return Tokenizer::from_tokenizer_json(*tokenizer_json, special);
    if (sentencepiece_models.size() == 1) return Tokenizer::from_sentencepiece(*sentencepiece_models[0].second, special);
    if (sentencepiece_models.size() > 1) {
        std::string names;
        for (const auto& m : sentencepiece_models) names += (names.empty() ? "" : ", ") + m.first;
        throw Error("the model folder has several sentencepiece models (" + names +
                    "); keep only the one the model was trained with, or add a tokenizer.json");
    }
    throw Error("the model folder has no tokenizer: expected tokenizer.json or a sentencepiece *.model file "
                "(e.g. spiece.model), with tokenizer_config.json / special_tokens_map.json for the special tokens");
}

}  // namespace iglens
