#include "iglens/model_inputs.h"

#include "iglens/error.h"

namespace iglens {

NamedTensors model_inputs(const Encoding& encoding, const std::vector<std::string>& graph_inputs) {
    const int64_t length = static_cast<int64_t>(encoding.tokens.size());
    bool has_text = false;
    for (const Token& t : encoding.tokens) has_text = has_text || !t.special;
    if (!has_text) throw Error("the text is empty (it produced no tokens besides the special ones): enter some text");
    NamedTensors inputs;
    for (const std::string& name : graph_inputs) {
        if (name == "input_ids")
            inputs.emplace_back(name, Tensor::ints({1, length}, encoding.input_ids()));
        else if (name == "attention_mask")
            inputs.emplace_back(name, Tensor::ints({1, length}, encoding.attention_mask()));
        else if (name == "token_type_ids")
            inputs.emplace_back(name, Tensor::ints({1, length}, encoding.token_type_ids()));
        else
            throw Error("the model has an input '" + name +
                        "' that IG Lens cannot fill: exported classifiers take input_ids, attention_mask "
                        "and optionally token_type_ids");
    }
    return inputs;
}

}  // namespace iglens
