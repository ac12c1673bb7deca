#include <iostream>

#include "args.h"
#include "commands.h"
#include "session.h"
#include "stats.h"
#include "texts.h"

namespace iglens::bench {

namespace {

using nlohmann::json;

json timed(BenchModel& model, const ExplainRequestSpec& spec, int repeats) {
    TimedExplanation last = explain_timed(model, spec);  // warm-up
    std::vector<double> totals, cpu;
    for (int r = 0; r < repeats; ++r) {
        last = explain_timed(model, spec);
        totals.push_back(last.total_ms);
        cpu.push_back(last.cpu_ms);
    }
    return {{"total_ms", summary(totals)}, {"cpu_ms", summary(cpu)}, {"rows", last.attribution.rows}, {"runs", last.attribution.runs},
            {"rows_per_run", last.attribution.rows_per_run}, {"targets", last.attribution.targets.size()},
            {"steps", last.attribution.steps}};
}

}  // namespace

int run_multilabel(const std::vector<std::string>& argv) {
    BenchArgs args(argv, {"model", "texts", "tokens", "steps", "repeats"});
    BenchModel model = load_bench_model(args.require("model"));
    const std::vector<std::string> sentences = read_sentences(args.require("texts"));
    const int tokens = args.get_int("tokens", 32);
    const int repeats = std::max(1, args.get_int("repeats", 7));
    const std::string steps = args.get("steps", "32");
    const size_t labels = model.explainer.config().labels.size();
    const std::string text = text_of_length(model.explainer, sentences, static_cast<size_t>(tokens));

    ExplainRequestSpec one;
    one.text = text;
    apply_user_option(one, "steps", steps);
    apply_user_option(one, "target", "0");
    ExplainRequestSpec all = one;
    all.options.targets.clear();
    all.targets.clear();
    for (size_t label = 0; label < labels; ++label) apply_user_option(all, "target", std::to_string(label));

    json one_label = timed(model, one, repeats), all_labels = timed(model, all, repeats);
    const double ratio = all_labels["total_ms"]["median"].get<double>() / one_label["total_ms"]["median"].get<double>();
    json out = {{"model", {{"path", model.path}, {"labels", labels}, {"load_ms", model.load_ms}}},
                {"tokens", tokens}, {"steps", steps}, {"text", text},
                {"one_label", one_label}, {"all_labels", all_labels}, {"ratio", ratio}};
    std::cout << out.dump(1) << "\n";
    return 0;
}

}  // namespace iglens::bench
