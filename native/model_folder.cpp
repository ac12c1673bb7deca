#include "model_folder.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "iglens/error.h"

namespace iglens {

namespace fs = std::filesystem;

std::string read_file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error("error while reading '" + path + "'");
    return ss.str();
}

ModelFolder read_model_folder(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        throw Error("'" + path + "' is not a model folder (expected a directory with config.json, "
                    "tokenizer files and onnx/model.onnx)");
    if (!fs::exists(fs::path(path) / "config.json", ec))
        throw Error("'" + path + "' has no config.json: point --model at an exported model folder");
    ModelFolder folder;
    folder.path = path;
    // Tokenizer vocabularies are a few MB at most; weights stay on disk until a runner loads them.
    constexpr std::uintmax_t kMaxSmallFile = 64u << 20;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (!entry.is_regular_file() || entry.file_size() > kMaxSmallFile) continue;
        std::string name = entry.path().filename().string();
        auto ext = entry.path().extension().string();
        if (ext == ".json" || ext == ".model" || ext == ".txt")
            folder.files[name] = read_file_bytes(entry.path().string());
    }
    return folder;
}

std::string ModelFolder::onnx_path() const { return (fs::path(path) / "onnx" / "model.onnx").string(); }
std::string ModelFolder::prepared_onnx_path() const {
    return (fs::path(path) / "onnx" / "model_iglens.onnx").string();
}

std::function<std::string(const std::string&)> external_data_loader(const ModelFolder& folder) {
    const fs::path onnx_dir = fs::path(folder.path) / "onnx";
    return [onnx_dir](const std::string& location) {
        fs::path relative(location);
        if (relative.is_absolute() || relative.lexically_normal().string().rfind("..", 0) == 0)
            throw Error("the model names external data outside its folder ('" + location + "'): refused");
        return read_file_bytes((onnx_dir / relative).string());
    };
}

const std::string& ModelFolder::file(const std::string& name) const {
    auto it = files.find(name);
    if (it == files.end()) throw Error("model folder '" + path + "' has no " + name);
    return it->second;
}

}  // namespace iglens
