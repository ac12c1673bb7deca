#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.h"
#include "iglens/error.h"
#include "iglens/explainer.h"
#include "model_folder.h"
#include "ort_runner.h"

namespace iglens::cli {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

void print_human(const nlohmann::json& j) {
    const auto& p = j["prediction"];
    std::cout << "prediction: " << p["label"].get<std::string>() << " ("
              << std::fixed << std::setprecision(3) << p["probabilities"][p["index"].get<size_t>()].get<double>()
              << ")\n"
              << "explaining: " << j["target"]["label"].get<std::string>() << " (" << j["objective"].get<std::string>()
              << ", " << j["method"].get<std::string>() << ")\n\n";
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
}

// One explanation: the job loop that every caller of the core runs (the browser's is in
// web/src/engine.ts).
nlohmann::json explain_one(const Explainer& explainer, OrtRunner& runner, const ExplainRequestSpec& spec,
                           double load_ms, std::optional<Attribution>* keep = nullptr) {
    const auto explain_start = Clock::now();
    ExplainJob job = explainer.start(spec);
    double run_ms = 0;
    while (!job.done()) {
        NamedTensors inputs = job.next_inputs();
        const auto run_start = Clock::now();
        NamedTensors outputs = runner.run(inputs, job.output_names());
        run_ms += ms_since(run_start);
        job.accept(outputs);
    }
    if (load_ms > 0) job.add_timing("load_and_prepare", load_ms);
    job.add_timing("model_runs", run_ms);
    job.add_timing("explain_total", ms_since(explain_start));
    Attribution attribution = job.result();
    nlohmann::json j = explainer.to_json(attribution);
    j["backend"] = "native";
    if (keep) *keep = std::move(attribution);
    return j;
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

}  // namespace

int run_explain(const std::vector<std::string>& argv) {
    Args args(argv,
              {"model", "target", "method", "steps", "baseline", "objective", "quadrature", "samples", "stdev", "html",
               "batch", "pair", "position"},
              {"json"});
    const auto start = Clock::now();
    ExplainRequestSpec spec;
    auto batch = args.get("batch");
    if (batch && !args.positionals().empty()) throw UsageError("give either TEXT or --batch FILE, not both");
    if (!batch) spec.text = args.text();
    spec.pair = args.get("pair");
    for (const char* name : {"method", "steps", "baseline", "objective", "quadrature", "samples", "stdev"})
        if (auto value = args.get(name)) apply_user_option(spec, name, *value);
    for (const std::string& target : args.all("target")) apply_user_option(spec, "target", target);
    for (const std::string& position : args.all("position")) apply_user_option(spec, "position", position);

    ModelFolder folder = read_model_folder(args.require("model"));
    Explainer explainer = Explainer::load(folder.files, read_file_bytes(folder.onnx_path()), external_data_loader(folder));
    OrtRunner runner = OrtRunner::from_bytes(explainer.prepared().onnx_bytes);
    const double load_ms = ms_since(start);

    if (batch) {
        // One text per line, one combined result: {"results": [...]} with --json, else one block per text.
        nlohmann::json results = nlohmann::json::array();
        for (const std::string& line : read_lines(*batch)) {
            spec.text = line;
            nlohmann::json j = explain_one(explainer, runner, spec, 0);
            if (args.has("json")) {
                results.push_back(std::move(j));
            } else {
                std::cout << "== " << line << "\n";
                print_human(j);
                std::cout << "\n";
            }
        }
        if (args.has("json")) std::cout << nlohmann::json{{"results", results}, {"load_and_prepare_ms", load_ms}}.dump(2) << "\n";
        return 0;
    }

    std::optional<Attribution> attribution;
    nlohmann::json j = explain_one(explainer, runner, spec, load_ms, &attribution);
    if (auto html = args.get("html")) {
        std::ofstream out(*html, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write '" + *html + "'");
        out << attribution_to_html(*attribution);
    }
    if (args.has("json")) std::cout << j.dump(2) << "\n";
    else print_human(j);
    return 0;
}

}  // namespace iglens::cli
