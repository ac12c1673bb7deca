// iglens_bench speed|steps|multilabel|faithfulness|plausibility|peak [options]: see commands.h.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const char* usage =
        "usage: iglens_bench speed|steps|multilabel|faithfulness --model DIR --texts TSV [options]\n"
        "       iglens_bench plausibility --model DIR --rationales DIR [options]\n"
        "       iglens_bench peak [--repeats N]\n"
        "  speed      --lengths 16,64,... --steps 8,16,... --repeats N --adaptive-texts N\n"
        "  steps      --limit N (0 = every sentence) --steps 8,16,... --quadratures gauss_legendre,...\n"
        "  multilabel --tokens N --steps N --repeats N\n"
        "  faithfulness --limit N (0 = every sentence) --methods ig:pad,gxi,... --seed N\n"
        "  plausibility --reviews N --methods ig:pad,gxi,... --seed N\n";
    if (args.empty()) {
        std::cerr << usage;
        return 2;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (args[0] == "speed") return iglens::bench::run_speed(rest);
        if (args[0] == "steps") return iglens::bench::run_steps(rest);
        if (args[0] == "multilabel") return iglens::bench::run_multilabel(rest);
        if (args[0] == "faithfulness") return iglens::bench::run_faithfulness(rest);
        if (args[0] == "plausibility") return iglens::bench::run_plausibility(rest);
        if (args[0] == "peak") return iglens::bench::run_peak(rest);
        std::cerr << "unknown command '" << args[0] << "'\n" << usage;
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "iglens_bench: " << error.what() << "\n";
        return 1;
    }
}
