#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "iglens/error.h"
#include "iglens/model_config.h"
#include "iglens/model_inputs.h"
#include "iglens/prediction.h"
#include "iglens/tokenizer.h"
#include "model_folder.h"
#include "ort_runner.h"

namespace iglens::cli {

int run_predict(const std::vector<std::string>& argv) {
    Args args(argv, {"model", "pair"}, {"json"});
    const std::string text = args.text();
    ModelFolder folder = read_model_folder(args.require("model"));
    ModelConfig config = parse_model_config(folder.file("config.json"));
    if (config.task == Task::TokenClassification || config.task == Task::QuestionAnswering)
        throw Error(std::string("predict shows a whole-text prediction; this is a ") + task_name(config.task) +
                    " model: run `iglens explain` (its --json result holds the per-token labels and entities, or "
                    "the answer)");
    auto tokenizer = load_tokenizer(folder.files);
    const size_t max_tokens = static_cast<size_t>(config.max_position_embeddings);
    auto pair = args.get("pair");
    Encoding encoding = pair ? tokenizer->encode_pair(text, *pair, max_tokens) : tokenizer->encode(text, max_tokens);

    OrtRunner runner = OrtRunner::from_file(folder.onnx_path());
    NamedTensors outputs = runner.run(model_inputs(encoding, runner.input_names()), {"logits"});
    const Tensor& logits = find_tensor(outputs, "logits");
    Prediction prediction = predict_from_logits(config, logits.f32);

    if (args.has("json")) {
        nlohmann::json tokens = nlohmann::json::array();
        for (const Token& t : encoding.tokens)
            tokens.push_back({{"id", t.id}, {"text", t.piece}, {"start", t.utf16_start}, {"end", t.utf16_end},
                              {"special", t.special}});
        nlohmann::json out = {
            {"prediction", {{"label", prediction.label}, {"index", prediction.index},
                            {"probabilities", prediction.probabilities}, {"logits", prediction.logits}}},
            {"labels", config.labels},
            {"tokens", tokens},
            {"truncated", encoding.truncated},
        };
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << prediction.label << "\n";
        for (size_t i = 0; i < config.labels.size(); ++i)
            std::cout << "  " << config.labels[i] << "\t" << prediction.probabilities[i] << "\n";
        if (encoding.truncated)
            std::cout << "(the text was truncated to " << max_tokens << " tokens; the rest was not read)\n";
    }
    return 0;
}

}  // namespace iglens::cli
