#include "support/shipped_models.h"

#include <algorithm>

namespace iglens::testing {

const std::filesystem::path& shipped_models_dir() {
    static const std::filesystem::path dir = std::filesystem::path(IGLENS_SOURCE_DIR) / "models";
    return dir;
}

std::vector<std::string> shipped_model_names() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(shipped_models_dir()))
        if (std::filesystem::exists(entry.path() / "config.json")) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace iglens::testing
