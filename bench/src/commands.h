// The subcommands of iglens_bench. Each prints one JSON document on stdout (progress on stderr);
// bench/report.mjs turns the documents into bench/RESULTS.md and the plots.
#pragma once

#include <string>
#include <vector>

namespace iglens::bench {

// Explanation time over sequence lengths x fixed Gauss-Legendre step counts, the cost of one
// prepared-graph run vs a forward run of the original model with the same rows, and the
// adaptive mode's time to <= 1% completeness at 64 tokens.
int run_speed(const std::vector<std::string>& argv);

// Fraction of sentences within 1% completeness at fixed step counts per quadrature rule, and
// the steps the adaptive mode used.
int run_steps(const std::vector<std::string>& argv);

// Cost of explaining every label of a multi-label model in one job vs one label.
int run_multilabel(const std::vector<std::string>& argv);

// Faithfulness on SST-2 sentences (DIG/SIG protocol at top-20 %, ferret-style AOPC) of every
// attribution method in methods.h.
int run_faithfulness(const std::vector<std::string>& argv);

// Plausibility: word attributions vs human rationales of movie reviews (token F1, AUPRC).
int run_plausibility(const std::vector<std::string>& argv);

// The matrix-multiply peak of ONNX Runtime on this machine (GFLOP/s, one thread).
int run_peak(const std::vector<std::string>& argv);

}  // namespace iglens::bench
