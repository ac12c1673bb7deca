// iglens: the command-line front end of the core. Each subcommand reads files, hands their bytes
// to the core, and runs the model through native ONNX Runtime.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "iglens/error.h"

namespace {

constexpr const char* kUsage =
    "usage: iglens <command> [options]\n"
    "\n"
    "commands:\n"
    "  info     --model DIR          what the model folder holds (task, labels, files)\n"
    "  predict  --model DIR [--pair TEXT2] [--json] TEXT\n"
    "                                the model's prediction for TEXT ('-' reads stdin)\n"
    "  prepare  MODEL_DIR\n"
    "                                write the prepared gradient graph onnx/model_iglens.onnx\n"
    "  explain  --model DIR [--task TASK] [--target LABEL|INDEX|all]... [--pair TEXT2]\n"
    "           [--method ig|saliency|gxi|smoothgrad]\n"
    "           [--steps N|auto] [--baseline auto|pad|mask|unk|zero|mean|random|TEXT]\n"
    "           [--objective logit|prob|logprob] [--quadrature gauss_legendre|riemann_trapezoid|...]\n"
    "           [--samples N] [--stdev S] [--flip-sign] [--attention] [--json] [--html FILE]\n"
    "           zero-shot:      --labels A,B,C [--hypothesis-template 'This example is {}.'] [--multi-label]\n"
    "           token classes:  [--position N]... [--ignored-labels O,...]\n"
    "           question answering: --question TEXT [--max-answer-tokens N] (TEXT is the context)\n"
    "           TEXT | --batch FILE\n"
    "                                attributions of each word of TEXT ('-' reads stdin), or of\n"
    "                                every line of FILE with --batch. TASK: sequence-classification,\n"
    "                                pair-classification, multi-label, zero-shot, token-classification,\n"
    "                                question-answering (default: from the model's config.json)\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "iglens " << IGLENS_VERSION << "\n";
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "info") return iglens::cli::run_info(args);
        if (command == "predict") return iglens::cli::run_predict(args);
        if (command == "prepare") return iglens::cli::run_prepare(args);
        if (command == "explain") return iglens::cli::run_explain(args);
        std::cerr << "iglens: unknown command '" << command << "'\n\n" << kUsage;
        return 2;
    } catch (const iglens::cli::UsageError& e) {
        std::cerr << "iglens " << command << ": " << e.what() << "\n";
        return 2;
    } catch (const iglens::Error& e) {
        std::cerr << "iglens " << command << ": " << e.what() << "\n";
        return 1;
    }
}
