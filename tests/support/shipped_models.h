// The model folders shipped in models/: every folder there with a config.json, so a suite that
// loops over them tests a new model on arrival.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iglens::testing {

const std::filesystem::path& shipped_models_dir();
// Folder names, sorted.
std::vector<std::string> shipped_model_names();

}  // namespace iglens::testing
