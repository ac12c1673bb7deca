#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "commands.h"
#include "iglens/error.h"
#include "iglens/explainer.h"
#include "iglens/task_job.h"
#include "model_folder.h"
#include "ort_runner.h"

namespace iglens::cli {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

void print_human(const nlohmann::json& j) {
    const auto& p = j["prediction"];
    std::cout << std::fixed;
    // A QA model's output is its answer (the prediction at the start token says nothing).
    if (!j.contains("answer"))
        std::cout << "prediction: " << p["label"].get<std::string>() << " (" << std::setprecision(3)
                  << p["probabilities"][p["index"].get<size_t>()].get<double>() << ")\n";
    if (j.contains("candidates"))
        for (const auto& c : j["candidates"])
            std::cout << "  " << std::setprecision(3) << c["score"].get<double>() << "  " << c["label"].get<std::string>()
                      << "  (" << c["hypothesis"].get<std::string>() << ")\n";
    if (j.contains("answer"))
        std::cout << "answer: \"" << j["answer"]["text"].get<std::string>() << "\" (score " << std::setprecision(3)
                  << j["answer"]["score"].get<double>() << ")\n";
    if (j.contains("entities"))
        for (const auto& e : j["entities"])
            std::cout << "entity: " << e["label"].get<std::string>() << "  " << e["text"].get<std::string>() << "\n";
    std::cout << "explaining: " << (j.value("flip_sign", false) ? "minus " : "") << j["target"]["label"].get<std::string>()
              << " (" << j["objective"].get<std::string>() << ", " << j["method"].get<std::string>() << ")\n\n";
    for (const auto& w : j["words"])
        std::cout << "  " << std::setw(9) << std::showpos << std::setprecision(4) << w["score"].get<double>()
                  << std::noshowpos << "  " << w["text"].get<std::string>() << "\n";
    const auto& c = j["completeness"];
    if (!c.is_null()) {
        std::cout << "\ncompleteness: sum " << c["sum"].get<double>() << " vs F(x) - F(x') = "
                  << c["f_input"].get<double>() - c["f_baseline"].get<double>();
        if (!c["rel_error"].is_null()) std::cout << ", relative error " << 100 * c["rel_error"].get<double>() << "%";
        std::cout << " (" << j["steps"].get<int>() << " steps, " << j["stop_reason"].get<std::string>() << ")\n";
    }
    if (j["targets"].size() > 1)
        std::cout << "(" << j["targets"].size() << " targets explained: --json lists every one)\n";
}

// The job loop that every caller of the core runs (the browser's is in web/src/engine.ts).
// Returns the milliseconds spent in model runs.
double run_job(TaskJob& job, OrtRunner& runner) {
    double run_ms = 0;
    while (!job.done()) {
        NamedTensors inputs = job.next_inputs();
        const auto run_start = Clock::now();
        NamedTensors outputs = runner.run(inputs, job.output_names());
        run_ms += ms_since(run_start);
        job.accept(outputs);
    }
    return run_ms;
}

std::vector<std::string> read_lines(const std::string& path) {
    std::istringstream in(read_file_bytes(path));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.push_back(line);
    }
    if (lines.empty()) throw Error("'" + path + "' has no text lines to explain");
    return lines;
}

void write_html(const std::string& path, const TaskJob& job) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write '" + path + "'");
    out << attribution_to_html(job.attributions().front());
}

// A batch is explained one text at a time and each result printed as soon as it is done, so
// memory stays flat however many lines the file has (one job holding every result grew by
// ~250 kB per text). --json prints the same document as the core's batch result:
// {"explainer", "results": [...], "timings_ms"}.
int explain_batch(const Explainer& explainer, OrtRunner& runner, const ExplainRequestSpec& spec, const Args& args,
                  double load_ms) {
    const bool json = args.has("json");
    const auto explain_start = Clock::now();
    double run_ms = 0;
    for (size_t i = 0; i < spec.batch.size(); ++i) {
        ExplainRequestSpec one = spec;
        one.batch.clear();
        one.text = spec.batch[i];
        TaskJob job(explainer, std::move(one));
        run_ms += run_job(job, runner);
        if (i == 0)
            if (auto html = args.get("html")) write_html(*html, job);
        nlohmann::json result = job.result();
        result["backend"] = "native";
        if (!json) {
            std::cout << "== " << spec.batch[i] << "\n";
            print_human(result);
            std::cout << "\n";
            continue;
        }
        // The first job has validated the request, so nothing is printed before an error in it.
        if (i == 0) std::cout << "{\n  \"explainer\": " << result["explainer"].dump() << ",\n  \"results\": [\n";
        std::cout << (i == 0 ? "" : ",\n") << result.dump(2);
    }
    if (json) {
        const nlohmann::json timings = {{"load_and_prepare", load_ms}, {"model_runs", run_ms},
                                        {"explain_total", ms_since(explain_start)}};
        std::cout << "\n  ],\n  \"timings_ms\": " << timings.dump() << "\n}\n";
    }
    return 0;
}

}  // namespace

int run_explain(const std::vector<std::string>& argv) {
    // Options that map one to one onto the core's explanation options (apply_user_option).
    static const std::map<std::string, std::string> kValued = {
        {"method", "method"}, {"steps", "steps"}, {"baseline", "baseline"}, {"objective", "objective"},
        {"quadrature", "quadrature"}, {"samples", "samples"}, {"stdev", "stdev"}, {"task", "task"},
        {"labels", "labels"}, {"hypothesis-template", "hypothesis_template"}, {"ignored-labels", "ignored_labels"},
        {"question", "question"}, {"max-answer-tokens", "max_answer_tokens"}, {"target", "target"},
        {"position", "position"}};
    static const std::map<std::string, std::string> kFlags = {
        {"multi-label", "multi_label"}, {"flip-sign", "flip_sign"}, {"attention", "attention"}};
    std::set<std::string> valued = {"model", "html", "batch", "pair"}, flags = {"json"};
    for (const auto& [flag, name] : kValued) valued.insert(flag);
    for (const auto& [flag, name] : kFlags) flags.insert(flag);
    Args args(argv, valued, flags);
    const auto start = Clock::now();
    ExplainRequestSpec spec;
    auto batch = args.get("batch");
    if (batch && !args.positionals().empty()) throw UsageError("give either TEXT or --batch FILE, not both");
    if (!batch) spec.text = args.text();
    spec.pair = args.get("pair");
    for (const auto& [flag, name] : kValued)
        for (const std::string& value : args.all(flag)) apply_user_option(spec, name, value);
    for (const auto& [flag, name] : kFlags)
        if (args.has(flag)) apply_user_option(spec, name, "true");

    ModelFolder folder = read_model_folder(args.require("model"));
    Explainer explainer =
        Explainer::load(folder.files, read_file_bytes(folder.onnx_path()), external_data_loader(folder));
    OrtRunner runner = OrtRunner::from_bytes(explainer.prepared().onnx_bytes);
    if (batch) spec.batch = read_lines(*batch);
    const double load_ms = ms_since(start);

    if (batch) return explain_batch(explainer, runner, spec, args, load_ms);

    const auto explain_start = Clock::now();
    TaskJob job(explainer, spec);
    const double run_ms = run_job(job, runner);
    job.add_timing("load_and_prepare", load_ms);
    job.add_timing("model_runs", run_ms);
    job.add_timing("explain_total", ms_since(explain_start));
    nlohmann::json j = job.result();
    if (auto html = args.get("html")) write_html(*html, job);
    j["backend"] = "native";
    if (args.has("json")) std::cout << j.dump(2) << "\n";
    else print_human(j);
    return 0;
}

}  // namespace iglens::cli
