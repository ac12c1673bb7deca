// Reads an exported model folder (Hugging Face / Optimum / transformers.js layout) from disk:
//   config.json, tokenizer files (tokenizer.json | *.model, tokenizer_config.json,
//   special_tokens_map.json), onnx/model.onnx (+ external data), onnx/model_iglens.onnx once prepared.
// The browser reads the same files with fetch() or from a picked folder; the core gets bytes.
#pragma once

#include <functional>
#include <map>
#include <string>

namespace iglens {

struct ModelFolder {
    std::string path;
    // Small text files of the folder root by file name (config, tokenizer files).
    std::map<std::string, std::string> files;

    std::string onnx_path() const;           // onnx/model.onnx
    std::string prepared_onnx_path() const;  // onnx/model_iglens.onnx
    const std::string& file(const std::string& name) const;  // iglens::Error when absent
};

// Reads the external-data files an ONNX model names, from beside onnx/model.onnx. Locations that
// leave the onnx/ folder (absolute paths, "..") are refused.
std::function<std::string(const std::string&)> external_data_loader(const ModelFolder& folder);

// iglens::Error when the folder or its config.json is missing.
ModelFolder read_model_folder(const std::string& path);

// The whole file; iglens::Error naming the path when it cannot be read.
std::string read_file_bytes(const std::string& path);

}  // namespace iglens
