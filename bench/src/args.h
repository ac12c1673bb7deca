// Command-line options of iglens_bench: --name value pairs after a subcommand.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace iglens::bench {

class BenchArgs {
public:
    // iglens::Error for an option outside `known` or one without a value.
    BenchArgs(const std::vector<std::string>& argv, const std::vector<std::string>& known);
    std::string get(const std::string& name, const std::string& fallback) const;
    std::string require(const std::string& name) const;
    int get_int(const std::string& name, int fallback) const;
    // "16,64,128" -> {16, 64, 128}
    std::vector<int> get_ints(const std::string& name, const std::vector<int>& fallback) const;
    std::vector<std::string> get_list(const std::string& name, const std::vector<std::string>& fallback) const;

private:
    std::map<std::string, std::string> values_;
};

}  // namespace iglens::bench
