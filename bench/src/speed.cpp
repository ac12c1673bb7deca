#include <iostream>

#include <onnxruntime_c_api.h>

#include "args.h"
#include "commands.h"
#include "iglens/error.h"
#include "session.h"
#include "forward.h"
#include "stats.h"
#include "texts.h"

namespace iglens::bench {

namespace {

using nlohmann::json;

json completeness_json(const Attribution& attribution) {
    const Completeness& c = attribution.targets.front().completeness;
    return {{"rel_error", c.rel_error ? json(*c.rel_error) : json()}, {"abs_error", c.abs_error}};
}

ExplainRequestSpec fixed_spec(const std::string& text, int steps, const std::string& quadrature = "gauss_legendre") {
    ExplainRequestSpec spec;
    spec.text = text;
    apply_user_option(spec, "steps", std::to_string(steps));
    apply_user_option(spec, "quadrature", quadrature);
    return spec;
}

// Median over `repeats` timed explanations after one untimed warm-up (first-run allocations and
// ORT's per-shape planning stay out of the figure).
// Long explanations (long texts x many steps on a large model) get fewer repeats so the whole
// grid stays within minutes on two shared cores; the summary's n says how many were taken.
constexpr double kLongExplanationMs = 2000;
constexpr int kLongExplanationRepeats = 3;

json time_explanation(BenchModel& model, const ExplainRequestSpec& spec, int repeats) {
    TimedExplanation last = explain_timed(model, spec);
    if (last.total_ms > kLongExplanationMs) repeats = std::min(repeats, kLongExplanationRepeats);
    std::vector<double> totals, runs, cpu;
    for (int r = 0; r < repeats; ++r) {
        last = explain_timed(model, spec);
        totals.push_back(last.total_ms);
        runs.push_back(last.model_runs_ms);
        cpu.push_back(last.cpu_ms);
    }
    return {{"total_ms", summary(totals)},
            {"cpu_ms", summary(cpu)},
            {"model_runs_ms", summary(runs)},
            {"steps", last.attribution.steps},
            {"rows", last.attribution.rows},
            {"runs", last.attribution.runs},
            {"rows_per_run", last.attribution.rows_per_run},
            {"stop_reason", stop_reason_name(last.attribution.stop_reason)},
            {"completeness", completeness_json(last.attribution)}};
}

// The original model's inputs for `rows` copies of the text.
NamedTensors original_inputs(const BenchModel& model, const std::string& text, int64_t rows) {
    const std::vector<int64_t> ids = model.explainer.encode(text, std::nullopt).input_ids();
    return original_inputs(model, std::vector<std::vector<int64_t>>(static_cast<size_t>(rows), ids));
}

// Floating-point operations of one forward row of a BERT-style encoder over `tokens` tokens,
// counted from config.json (multiply-adds x 2): per layer the Q, K, V and output projections
// (4 H^2 per token), the feed-forward block (2 H I per token) and the attention products
// (QK^T and PV: 2 T H per token); embeddings, norms, softmax and the classifier are left out.
// `backward_flops` is the least an IG step adds: the input gradient of every product (no weight
// gradients) — once the projection and feed-forward work, twice the attention products (both
// of their operands depend on the input).
struct EncoderFlops {
    double forward = 0, backward = 0;
};
EncoderFlops encoder_flops(const ModelConfig& c, int64_t tokens) {
    const double t = static_cast<double>(tokens), h = static_cast<double>(c.hidden_size),
                 i = static_cast<double>(c.intermediate_size > 0 ? c.intermediate_size : 4 * c.hidden_size),
                 layers = static_cast<double>(c.num_layers);
    const double dense = 2 * layers * t * (4 * h * h + 2 * h * i), attention = 2 * layers * t * (2 * t * h);
    return {dense + attention, dense + 2 * attention};
}

// One run of the prepared graph with the rows the engine puts in a run (alphas and target
// weights included) vs one run of the original model with as many rows, interleaved so load
// changes hit both alike.
json step_vs_forward(BenchModel& model, const std::string& text, int steps, int repeats) {
    ExplainRequestSpec spec = fixed_spec(text, steps);
    apply_user_option(spec, "target", "0");  // explicit target: no probe run, the first run is a full IG run
    ExplainJob job = model.explainer.start(spec);
    const NamedTensors prepared_inputs = job.next_inputs();
    const std::vector<std::string> outputs = job.output_names();
    const int64_t rows = find_tensor(prepared_inputs, "alphas").shape.at(0);
    const NamedTensors forward_inputs = original_inputs(model, text, rows);
    const auto warm_up = Clock::now();
    model.prepared.run(prepared_inputs, outputs);
    model.original.run(forward_inputs);
    if (ms_since(warm_up) > kLongExplanationMs) repeats = std::min(repeats, kLongExplanationRepeats);
    std::vector<double> prepared_ms, original_ms, prepared_cpu, original_cpu;
    for (int r = 0; r < repeats; ++r) {
        double cpu = process_cpu_ms();
        auto start = Clock::now();
        model.prepared.run(prepared_inputs, outputs);
        prepared_ms.push_back(ms_since(start));
        prepared_cpu.push_back(process_cpu_ms() - cpu);
        cpu = process_cpu_ms();
        start = Clock::now();
        model.original.run(forward_inputs);
        original_ms.push_back(ms_since(start));
        original_cpu.push_back(process_cpu_ms() - cpu);
    }
    const EncoderFlops flops = encoder_flops(model.explainer.config(), find_tensor(forward_inputs, "input_ids").shape.at(1));
    return {{"steps", steps}, {"rows", rows},
            {"forward_flops", static_cast<double>(rows) * flops.forward},
            {"ig_least_flops", static_cast<double>(rows) * (flops.forward + flops.backward)},
            {"ig_run_ms", summary(prepared_ms)}, {"forward_run_ms", summary(original_ms)},
            {"ig_run_cpu_ms", summary(prepared_cpu)}, {"forward_run_cpu_ms", summary(original_cpu)},
            {"ratio", quantile(prepared_ms, 0.5) / quantile(original_ms, 0.5)},
            {"cpu_ratio", quantile(prepared_cpu, 0.5) / quantile(original_cpu, 0.5)}};
}

json model_json(const BenchModel& model) {
    const ModelConfig& c = model.explainer.config();
    return {{"path", model.path}, {"model_type", c.model_type}, {"max_position_embeddings", c.max_position_embeddings},
            {"hidden_size", c.hidden_size}, {"num_layers", c.num_layers}, {"intermediate_size", c.intermediate_size}, {"labels", c.labels.size()},
            {"load_ms", model.load_ms},
            {"ort_version", OrtGetApiBase()->GetVersionString()}};
}

}  // namespace

int run_speed(const std::vector<std::string>& argv) {
    BenchArgs args(argv, {"model", "texts", "lengths", "steps", "repeats", "adaptive-texts", "adaptive-tokens"});
    BenchModel model = load_bench_model(args.require("model"));
    const std::vector<std::string> sentences = read_sentences(args.require("texts"));
    const std::vector<int> lengths = args.get_ints("lengths", {16, 64, 128, 256, 512});
    const std::vector<int> step_counts = args.get_ints("steps", {8, 16, 32, 64, 128});
    const int repeats = std::max(1, args.get_int("repeats", 7));
    const int max_tokens = static_cast<int>(model.explainer.config().max_position_embeddings);

    json out = {{"model", model_json(model)}, {"repeats", repeats}, {"quadrature", "gauss_legendre"}};
    json grid = json::array(), ratios = json::array(), skipped = json::array();
    for (int length : lengths) {
        if (length > max_tokens) {
            skipped.push_back({{"tokens", length}, {"why", "longer than the model's " + std::to_string(max_tokens) + " positions"}});
            continue;
        }
        const std::string text = text_of_length(model.explainer, sentences, static_cast<size_t>(length));
        for (int steps : step_counts) {
            std::cerr << "speed: " << length << " tokens, " << steps << " steps\n";
            json row = time_explanation(model, fixed_spec(text, steps), repeats);
            row["tokens"] = length;
            row["text"] = text;
            grid.push_back(row);
            json ratio = step_vs_forward(model, text, steps, 3 * repeats);
            ratio["tokens"] = length;
            ratios.push_back(ratio);
        }
    }
    out["grid"] = grid;
    out["step_vs_forward"] = ratios;
    out["skipped"] = skipped;

    // Adaptive (the default mode: Gauss-Legendre, 1% target) on several distinct texts.
    const int adaptive_tokens = args.get_int("adaptive-tokens", 64);
    const int adaptive_texts = std::max(1, args.get_int("adaptive-texts", 10));
    json adaptive = json::array();
    std::vector<double> medians, cpu_medians;
    if (adaptive_tokens <= max_tokens) {
        for (int t = 0; t < adaptive_texts; ++t) {
            const size_t first = static_cast<size_t>(t) * sentences.size() / static_cast<size_t>(adaptive_texts);
            ExplainRequestSpec spec;
            spec.text = text_of_length(model.explainer, sentences, static_cast<size_t>(adaptive_tokens), first);
            std::cerr << "speed: adaptive, text " << t + 1 << "/" << adaptive_texts << "\n";
            json row = time_explanation(model, spec, repeats);
            row["text"] = spec.text;
            medians.push_back(row["total_ms"]["median"].get<double>());
            cpu_medians.push_back(row["cpu_ms"]["median"].get<double>());
            adaptive.push_back(row);
        }
    }
    out["adaptive"] = {{"tokens", adaptive_tokens}, {"texts", adaptive}, {"median_of_text_medians_ms", quantile(medians, 0.5)},
                       {"median_of_text_cpu_medians_ms", quantile(cpu_medians, 0.5)}};
    std::cout << out.dump(1) << "\n";
    return 0;
}

}  // namespace iglens::bench
