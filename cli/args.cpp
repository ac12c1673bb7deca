#include "args.h"

#include <iostream>
#include <iterator>

namespace iglens::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2), value;
            bool inline_value = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                inline_value = true;
            }
            if (valued.count(name)) {
                if (!inline_value) {
                    if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs a value");
                    value = argv[++i];
                }
                values_[name].push_back(value);
            } else if (flags.count(name) && !inline_value) {
                flags_.insert(name);
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else {
            positionals_.push_back(a);
        }
    }
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::all(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::require(const std::string& name) const {
    auto value = get(name);
    if (!value) throw UsageError("--" + name + " is required");
    return *value;
}

bool Args::has(const std::string& flag) const { return flags_.count(flag) > 0; }

std::string Args::text() const {
    if (positionals_.size() != 1)
        throw UsageError("expected exactly one TEXT argument (use '-' to read the text from standard input)");
    if (positionals_[0] != "-") return positionals_[0];
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

}  // namespace iglens::cli
