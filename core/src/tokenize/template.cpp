#include "tokenize/template.h"

#include "iglens/error.h"

namespace iglens::tokenize {

Tokenizer::TemplateItem sequence_item(int sequence, int32_t type_id) {
    return {true, sequence, {}, {}, type_id};
}

Tokenizer::TemplateItem special_item(int32_t id, const std::string& piece, int32_t type_id) {
    return {false, 0, {id}, {piece}, type_id};
}

namespace {

std::vector<Tokenizer::TemplateItem> parse_template(const nlohmann::json& items, const nlohmann::json& specials) {
    std::vector<Tokenizer::TemplateItem> out;
    for (const auto& item : items) {
        if (item.contains("Sequence")) {
            const auto& s = item["Sequence"];
            const std::string which = s.value("id", "A");
            out.push_back(sequence_item(which == "B" ? 1 : 0, s.value("type_id", 0)));
        } else if (item.contains("SpecialToken")) {
            const auto& s = item["SpecialToken"];
            const std::string name = s.at("id").get<std::string>();
            const auto it = specials.find(name);
            if (it == specials.end()) {
                throw Error("tokenizer.json: TemplateProcessing uses special token '" + name +
                            "' that its special_tokens table does not define");
            }
            Tokenizer::TemplateItem special{false, 0, {}, {}, s.value("type_id", 0)};
            special.ids = it->at("ids").get<std::vector<int32_t>>();
            special.pieces = it->at("tokens").get<std::vector<std::string>>();
            if (special.ids.size() != special.pieces.size()) {
                throw Error("tokenizer.json: special token '" + name + "' has different numbers of ids and tokens");
            }
            out.push_back(std::move(special));
        } else {
            throw Error("tokenizer.json: TemplateProcessing item is neither Sequence nor SpecialToken");
        }
    }
    return out;
}

// BertProcessing / RobertaProcessing carry [piece, id] pairs.
std::pair<std::string, int32_t> named_id(const nlohmann::json& value) {
    return {value.at(0).get<std::string>(), value.at(1).get<int32_t>()};
}

}  // namespace

Templates parse_post_processor(const nlohmann::json& config) {
    Templates t;
    if (config.is_null()) {
        t.single = {sequence_item(0, 0)};
        t.pair = {sequence_item(0, 0), sequence_item(1, 1)};
        return t;
    }
    const std::string type = config.value("type", "");
    if (type == "TemplateProcessing") {
        const nlohmann::json specials = config.value("special_tokens", nlohmann::json::object());
        t.single = parse_template(config.at("single"), specials);
        t.pair = parse_template(config.at("pair"), specials);
        return t;
    }
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        const auto [cls, cls_id] = named_id(config.at("cls"));
        const auto [sep, sep_id] = named_id(config.at("sep"));
        t.single = {special_item(cls_id, cls, 0), sequence_item(0, 0), special_item(sep_id, sep, 0)};
        if (type == "BertProcessing") {
            t.pair = {special_item(cls_id, cls, 0), sequence_item(0, 0), special_item(sep_id, sep, 0),
                      sequence_item(1, 1), special_item(sep_id, sep, 1)};
        } else {
            // RoBERTa: <s> A </s></s> B </s>, all type 0.
            t.pair = {special_item(cls_id, cls, 0), sequence_item(0, 0), special_item(sep_id, sep, 0),
                      special_item(sep_id, sep, 0), sequence_item(1, 0), special_item(sep_id, sep, 0)};
        }
        return t;
    }
    if (type == "ByteLevel") return parse_post_processor(nlohmann::json());  // offsets only
    if (type == "Sequence") {
        Templates result = parse_post_processor(nlohmann::json());
        int templating = 0;
        for (const auto& step : config.at("processors")) {
            if (step.value("type", "") == "ByteLevel") continue;
            result = parse_post_processor(step);
            ++templating;
        }
        if (templating > 1) throw Error("tokenizer.json: a Sequence post-processor with several templates is not supported");
        return result;
    }
    throw Error("tokenizer.json: post_processor type '" + type +
                "' is not supported (supported: TemplateProcessing, BertProcessing, RobertaProcessing, "
                "ByteLevel, Sequence)");
}

}  // namespace iglens::tokenize
