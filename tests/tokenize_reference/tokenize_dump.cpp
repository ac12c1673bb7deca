// tokenize_dump: encodes texts with the IG Lens tokenizers and prints one JSON object per text,
// for the reference tests that compare against independent implementations
// (tests/web/tokenizer_reference.test.ts).
//
//   tokenize_dump <model folder | tokenizer.json | file.model> <texts> [--max-length N]
// Without --max-length texts are not truncated.
//
// <texts> is a JSON array (strings, or [first, second] pairs) or, if it does not start with
// '[', one text per line. Output per text: ids, pieces, special/template flags, words, segments,
// type ids, byte and UTF-16 offsets, truncation; or {"error": message}.
#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "iglens/error.h"
#include "iglens/tokenizer.h"

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool is_directory(const std::string& path) {
    struct stat st{};
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::map<std::string, std::string> tokenizer_files(const std::string& path) {
    std::map<std::string, std::string> files;
    if (!is_directory(path)) {
        const size_t slash = path.find_last_of('/');
        files[slash == std::string::npos ? path : path.substr(slash + 1)] = read_file(path);
        return files;
    }
    DIR* dir = opendir(path.c_str());
    if (!dir) throw std::runtime_error("cannot list " + path);
    while (dirent* entry = readdir(dir)) {
        const std::string name = entry->d_name;
        const bool wanted = name == "tokenizer.json" || name == "tokenizer_config.json" ||
                            name == "special_tokens_map.json" || name == "config.json" ||
                            (name.size() > 6 && name.compare(name.size() - 6, 6, ".model") == 0);
        if (wanted) files[name] = read_file(path + "/" + name);
    }
    closedir(dir);
    return files;
}

nlohmann::json dump(const iglens::Encoding& encoding) {
    nlohmann::json out;
    out["ids"] = nlohmann::json::array();
    for (const char* key : {"pieces", "special", "template", "words", "segments", "types", "byte_offsets", "utf16_offsets"})
        out[key] = nlohmann::json::array();
    for (const auto& t : encoding.tokens) {
        out["ids"].push_back(t.id);
        out["pieces"].push_back(t.piece);
        out["special"].push_back(t.special);
        out["template"].push_back(t.from_template);
        out["words"].push_back(t.word);
        out["segments"].push_back(t.segment);
        out["types"].push_back(t.type_id);
        out["byte_offsets"].push_back({t.byte_start, t.byte_end});
        out["utf16_offsets"].push_back({t.utf16_start, t.utf16_end});
    }
    out["truncated"] = encoding.truncated;
    out["untruncated_length"] = encoding.untruncated_length;
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: tokenize_dump <model folder | tokenizer.json | file.model> <texts> [--max-length N]\n";
        return 2;
    }
    size_t max_length = iglens::Tokenizer::kNoLimit;
    for (int i = 3; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--max-length") max_length = std::stoul(argv[i + 1]);
    }
    try {
        const auto tokenizer = iglens::load_tokenizer(tokenizer_files(argv[1]));
        const std::string texts = read_file(argv[2]);
        nlohmann::json inputs = nlohmann::json::array();
        if (!texts.empty() && texts[0] == '[') {
            inputs = nlohmann::json::parse(texts);
        } else {
            std::istringstream lines(texts);
            for (std::string line; std::getline(lines, line);) inputs.push_back(line);
        }
        // Invalid UTF-8 inside JSON strings is kept as is, so that error paths can be exercised.
        for (const auto& input : inputs) {
            nlohmann::json result;
            try {
                if (input.is_array()) {
                    result = dump(tokenizer->encode_pair(input.at(0).get<std::string>(), input.at(1).get<std::string>(), max_length));
                } else {
                    result = dump(tokenizer->encode(input.get<std::string>(), max_length));
                }
            } catch (const iglens::Error& e) {
                result = {{"error", e.what()}};
            }
            std::cout << result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
    } catch (const std::exception& e) {
        std::cerr << "tokenize_dump: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
