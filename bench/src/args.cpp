#include "args.h"

#include <algorithm>
#include <sstream>

#include "iglens/error.h"

namespace iglens::bench {

BenchArgs::BenchArgs(const std::vector<std::string>& argv, const std::vector<std::string>& known) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg.rfind("--", 0) != 0) throw Error("unexpected argument '" + arg + "': options are --name value");
        const std::string name = arg.substr(2);
        if (std::find(known.begin(), known.end(), name) == known.end()) throw Error("unknown option --" + name);
        if (i + 1 >= argv.size()) throw Error("option --" + name + " needs a value");
        values_[name] = argv[++i];
    }
}

std::string BenchArgs::get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::string BenchArgs::require(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw Error("option --" + name + " is required");
    return it->second;
}

int BenchArgs::get_int(const std::string& name, int fallback) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    try {
        return std::stoi(it->second);
    } catch (const std::exception&) {
        throw Error("--" + name + " takes a whole number, not '" + it->second + "'");
    }
}

std::vector<std::string> BenchArgs::get_list(const std::string& name, const std::vector<std::string>& fallback) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    std::vector<std::string> items;
    std::stringstream stream(it->second);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) items.push_back(item);
    if (items.empty()) throw Error("--" + name + " needs a comma-separated list");
    return items;
}

std::vector<int> BenchArgs::get_ints(const std::string& name, const std::vector<int>& fallback) const {
    if (values_.find(name) == values_.end()) return fallback;
    std::vector<int> numbers;
    for (const std::string& item : get_list(name, {})) {
        try {
            numbers.push_back(std::stoi(item));
        } catch (const std::exception&) {
            throw Error("--" + name + " takes whole numbers separated by commas, not '" + item + "'");
        }
    }
    return numbers;
}

}  // namespace iglens::bench
