#include <iostream>

#include "commands.h"
#include "iglens/model_config.h"
#include "model_folder.h"

namespace iglens::cli {

int run_info(const std::vector<std::string>& argv) {
    Args args(argv, {"model"}, {});
    ModelFolder folder = read_model_folder(args.require("model"));
    ModelConfig config = parse_model_config(folder.file("config.json"));
    std::cout << "model_type: " << config.model_type << "\n"
              << "task: " << task_name(config.task) << "\n"
              << "labels:";
    for (size_t i = 0; i < config.labels.size(); ++i) std::cout << " " << i << "=" << config.labels[i];
    std::cout << "\nmax tokens: " << config.max_position_embeddings << "\nfiles:";
    for (const auto& [name, bytes] : folder.files) std::cout << " " << name;
    std::cout << "\n";
    return 0;
}

}  // namespace iglens::cli
