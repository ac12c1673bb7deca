// Minimal option parsing shared by the subcommands: `--name value`, `--flag`, positionals.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace iglens::cli {

// A mistake in how the command was called (exit code 2), as opposed to iglens::Error (exit 1).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // `valued` lists the options that take a value, `flags` those that do not.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
         const std::set<std::string>& flags);

    // The last value given for `name` (or none); all() gives every value of a repeated option.
    std::optional<std::string> get(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
    std::string require(const std::string& name) const;
    bool has(const std::string& flag) const;
    const std::vector<std::string>& positionals() const { return positionals_; }
    // The one positional TEXT argument; '-' reads all of standard input.
    std::string text() const;

private:
    std::map<std::string, std::vector<std::string>> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positionals_;
};

}  // namespace iglens::cli
