#include <cmath>
#include <iostream>
#include <limits>

#include "args.h"
#include "commands.h"
#include "session.h"
#include "stats.h"
#include "texts.h"

namespace iglens::bench {

namespace {

using nlohmann::json;

ExplainRequestSpec spec_for(const std::string& text, const std::string& quadrature, const std::string& steps) {
    ExplainRequestSpec spec;
    spec.text = text;
    apply_user_option(spec, "quadrature", quadrature);
    apply_user_option(spec, "steps", steps);
    return spec;
}

}  // namespace

int run_steps(const std::vector<std::string>& argv) {
    BenchArgs args(argv, {"model", "texts", "limit", "steps", "quadratures"});
    BenchModel model = load_bench_model(args.require("model"));
    const std::vector<std::string> sentences = read_sentences(args.require("texts"));
    const std::vector<int> step_counts = args.get_ints("steps", {2, 4, 8, 16, 32, 64, 128});
    const std::vector<std::string> rules = args.get_list("quadratures", {"gauss_legendre", "riemann_trapezoid"});
    const std::vector<size_t> indices = evenly_spread(sentences.size(), args.get_int("limit", 0));

    json out = {{"model", {{"path", model.path}, {"load_ms", model.load_ms}, {"kinked_ops", model.kinked_ops}}},
                {"sentences_available", sentences.size()},
                {"sentences_used", indices.size()},
                {"target_rel_error", 0.01}};
    json per_rule = json::object();
    for (const std::string& rule : rules) {
        std::vector<int> reached(step_counts.size(), 0);
        std::vector<std::vector<double>> errors(step_counts.size());
        std::vector<double> minimal_steps, adaptive_steps, adaptive_ms;
        int adaptive_reached = 0, never_reached = 0;
        size_t done = 0;
        for (size_t index : indices) {
            const std::string& text = sentences[index];
            double minimal = std::numeric_limits<double>::infinity();
            for (size_t s = 0; s < step_counts.size(); ++s) {
                const Attribution a = explain_timed(model, spec_for(text, rule, std::to_string(step_counts[s]))).attribution;
                const bool ok = completeness_reached(a);
                reached[s] += ok;
                const Completeness& c = a.targets.front().completeness;
                if (c.rel_error) errors[s].push_back(*c.rel_error);
                if (ok && step_counts[s] < minimal) minimal = step_counts[s];
            }
            if (std::isinf(minimal)) ++never_reached;
            minimal_steps.push_back(minimal);
            const TimedExplanation adaptive = explain_timed(model, spec_for(text, rule, "auto"));
            adaptive_steps.push_back(adaptive.attribution.steps);
            adaptive_ms.push_back(adaptive.total_ms);
            adaptive_reached += completeness_reached(adaptive.attribution);
            if (++done % 50 == 0) std::cerr << "steps: " << rule << " " << done << "/" << indices.size() << "\n";
        }
        json fixed = json::array();
        for (size_t s = 0; s < step_counts.size(); ++s)
            fixed.push_back({{"steps", step_counts[s]},
                             {"fraction_reached", static_cast<double>(reached[s]) / indices.size()},
                             {"median_rel_error", quantile(errors[s], 0.5)},
                             {"p90_rel_error", quantile(errors[s], 0.9)}});
        // Sentences that never reach 1% within the grid count as "more than the largest count":
        // infinity sorts last, so the median is exact while fewer than half of them do.
        const double median_minimal = quantile(minimal_steps, 0.5);
        per_rule[rule] = {{"fixed", fixed},
                          {"median_minimal_fixed_steps", std::isinf(median_minimal) ? json() : json(median_minimal)},
                          {"never_reached_in_grid", never_reached},
                          {"adaptive_steps", summary(adaptive_steps)},
                          {"adaptive_ms", summary(adaptive_ms)},
                          {"adaptive_fraction_reached", static_cast<double>(adaptive_reached) / indices.size()}};
    }
    out["rules"] = per_rule;
    std::cout << out.dump(1) << "\n";
    return 0;
}

}  // namespace iglens::bench
