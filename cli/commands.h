// One function per subcommand; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "args.h"

namespace iglens::cli {

int run_info(const std::vector<std::string>& args);
int run_predict(const std::vector<std::string>& args);
int run_prepare(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);

}  // namespace iglens::cli
