// Faithfulness on SST-2 validation in the DIG/SIG protocol (../shared/notes/field.md §5.1), plus
// ferret-style AOPC. Per sentence: the original model's predicted class y and p = p(y | x); each
// method explains y; its scores rank the non-special tokens (highest first). Special tokens
// ([CLS], [SEP]) are never removed or replaced. Then, with p' the probability of y from the plain
// forward pass of onnx/model.onnx on the perturbed token ids:
//   top-20 %: k = max(1, floor(0.2 n)) of the n non-special tokens
//     comprehensiveness = p - p'(x without the top k)              (tokens deleted; higher = better)
//     sufficiency       = p - p'(x with only the top k kept)        (tokens deleted; lower = better)
//     log-odds          = log p'(x, top k replaced by PAD) - log p   (lower = better)
//   AOPC (ferret's defaults): for each fraction 10 %, 20 %, ..., 100 %, v = floor(fraction * n);
//     the rationale is the top v tokens with a positive score; bins with v = 0, an empty
//     rationale, or the same rationale as the previous bin are skipped; comprehensiveness and
//     sufficiency (deletion, as above) are averaged over the remaining bins. A sentence with no
//     bin left (no positive score) has no AOPC value; the report gives how many had one.
//   deletion curve (the plot): for each fraction 10 %, ..., 100 %, the comprehensiveness of
//     deleting the top floor(fraction * n) tokens whatever their sign, averaged over the sentences
//     where that count is at least one.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <set>

#include "args.h"
#include "commands.h"
#include "forward.h"
#include "iglens/error.h"
#include "methods.h"
#include "quality_metrics.h"
#include "stats.h"
#include "texts.h"

namespace iglens::bench {

namespace {

using nlohmann::json;

// Indices (into one forward batch) of the perturbed inputs of one (sentence, method).
struct Perturbations {
    size_t comprehensiveness = 0, sufficiency = 0, log_odds = 0;
    std::vector<size_t> aopc_comprehensiveness, aopc_sufficiency;
    std::vector<std::pair<size_t, size_t>> deletion_curve;  // (fraction bin 1..10, batch index)
};

Perturbations plan(const std::vector<int64_t>& ids, const std::vector<bool>& special, const std::vector<double>& scores,
                   int64_t pad, std::vector<std::vector<int64_t>>& batch) {
    const std::vector<size_t> ranked = ranked_positions(scores, special);
    auto add = [&batch](std::vector<int64_t> sequence) {
        batch.push_back(std::move(sequence));
        return batch.size() - 1;
    };
    Perturbations p;
    const std::set<size_t> top(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top_fifth(ranked.size())));
    p.comprehensiveness = add(edited(ids, special, top, Edit::Remove, pad));
    p.sufficiency = add(edited(ids, special, top, Edit::KeepOnly, pad));
    p.log_odds = add(edited(ids, special, top, Edit::ReplaceWithPad, pad));
    for (const std::set<size_t>& rationale : aopc_rationales(ranked, scores)) {
        p.aopc_comprehensiveness.push_back(add(edited(ids, special, rationale, Edit::Remove, pad)));
        p.aopc_sufficiency.push_back(add(edited(ids, special, rationale, Edit::KeepOnly, pad)));
    }
    for (size_t bin = 1; bin <= 10; ++bin) {
        const size_t v = bin * ranked.size() / 10;
        if (v == 0) continue;
        const std::set<size_t> deleted(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(v));
        p.deletion_curve.emplace_back(bin, add(edited(ids, special, deleted, Edit::Remove, pad)));
    }
    return p;
}

struct MethodTotals {
    std::vector<double> comprehensiveness, sufficiency, log_odds, aopc_comprehensiveness, aopc_sufficiency, explain_ms, steps;
    std::vector<std::vector<double>> deletion_curve = std::vector<std::vector<double>>(10);  // per fraction bin
    int complete = 0;
};

}  // namespace

int run_faithfulness(const std::vector<std::string>& argv) {
    BenchArgs args(argv, {"model", "texts", "limit", "methods", "seed"});
    BenchModel model = load_bench_model(args.require("model"));
    const std::vector<std::string> sentences = read_sentences(args.require("texts"));
    const std::vector<std::string> methods = args.get_list("methods", quality_methods());
    const uint64_t seed = static_cast<uint64_t>(args.get_int("seed", 20261125));
    const std::vector<size_t> indices = evenly_spread(sentences.size(), args.get_int("limit", 0));
    const std::optional<int32_t> pad_id = model.explainer.tokenizer().pad_id();
    if (!pad_id) throw Error("the model's tokenizer has no PAD token, which the log-odds measure puts in place of tokens");

    std::vector<MethodTotals> totals(methods.size());
    constexpr size_t kChunk = 8;  // sentences whose perturbed inputs share forward runs
    const auto start = Clock::now();
    for (size_t first = 0; first < indices.size(); first += kChunk) {
        const size_t last = std::min(indices.size(), first + kChunk);
        std::vector<std::vector<int64_t>> originals;
        std::vector<std::vector<bool>> specials;
        for (size_t i = first; i < last; ++i) {
            const Encoding encoding = model.explainer.encode(sentences[indices[i]], std::nullopt);
            originals.push_back(encoding.input_ids());
            std::vector<bool> special;
            for (const Token& token : encoding.tokens) special.push_back(token.special);
            specials.push_back(special);
        }
        const std::vector<std::vector<double>> original_probs = forward_probabilities(model, originals);
        std::vector<std::vector<int64_t>> batch;
        std::vector<std::vector<Perturbations>> planned(last - first);
        std::vector<int64_t> predicted(last - first);
        for (size_t i = first; i < last; ++i) {
            const size_t s = i - first;
            const std::vector<double>& p = original_probs[s];
            predicted[s] = std::max_element(p.begin(), p.end()) - p.begin();
            for (size_t m = 0; m < methods.size(); ++m) {
                const MethodScores scores = method_scores(model, methods[m], sentences[indices[i]], predicted[s],
                                                          originals[s].size(), seed + indices[i]);
                if (methods[m] != "random") {
                    totals[m].explain_ms.push_back(scores.total_ms);
                    totals[m].steps.push_back(scores.steps);
                    totals[m].complete += scores.complete;
                }
                planned[s].push_back(plan(originals[s], specials[s], scores.token_scores, *pad_id, batch));
            }
        }
        const std::vector<std::vector<double>> probs = forward_probabilities(model, batch);
        for (size_t s = 0; s < planned.size(); ++s) {
            const double p = original_probs[s][static_cast<size_t>(predicted[s])];
            auto drop = [&](size_t index) { return p - probs[index][static_cast<size_t>(predicted[s])]; };
            auto mean_drop = [&](const std::vector<size_t>& bins) {
                double sum = 0;
                for (size_t index : bins) sum += drop(index);
                return sum / static_cast<double>(bins.size());
            };
            for (size_t m = 0; m < methods.size(); ++m) {
                const Perturbations& q = planned[s][m];
                MethodTotals& t = totals[m];
                t.comprehensiveness.push_back(drop(q.comprehensiveness));
                t.sufficiency.push_back(drop(q.sufficiency));
                const double replaced = probs[q.log_odds][static_cast<size_t>(predicted[s])];
                t.log_odds.push_back(std::log(std::max(replaced, 1e-300)) - std::log(p));
                for (const auto& [bin, index] : q.deletion_curve) t.deletion_curve[bin - 1].push_back(drop(index));
                if (!q.aopc_comprehensiveness.empty()) {
                    t.aopc_comprehensiveness.push_back(mean_drop(q.aopc_comprehensiveness));
                    t.aopc_sufficiency.push_back(mean_drop(q.aopc_sufficiency));
                }
            }
        }
        if (first / 50 != last / 50 || last == indices.size())
            std::cerr << "faithfulness: " << last << "/" << indices.size() << " sentences, " << ms_since(start) / 1000 << " s\n";
    }

    json rows = json::array();
    for (size_t m = 0; m < methods.size(); ++m) {
        const MethodTotals& t = totals[m];
        json curve = json::array();
        for (size_t bin = 0; bin < t.deletion_curve.size(); ++bin) {
            const json point = mean_summary(t.deletion_curve[bin], seed);
            curve.push_back({{"fraction", 0.1 * static_cast<double>(bin + 1)}, {"comprehensiveness", point["mean"]}, {"n", point["n"]}});
        }
        const bool explained = methods[m] != "random";
        rows.push_back({{"method", methods[m]},
                        {"label", method_label(methods[m])},
                        {"comprehensiveness", mean_summary(t.comprehensiveness, seed)},
                        {"sufficiency", mean_summary(t.sufficiency, seed)},
                        {"log_odds", mean_summary(t.log_odds, seed)},
                        {"aopc_comprehensiveness", mean_summary(t.aopc_comprehensiveness, seed)},
                        {"aopc_sufficiency", mean_summary(t.aopc_sufficiency, seed)},
                        {"deletion_curve", curve},
                        {"explain_ms", explained ? summary(t.explain_ms) : json()},
                        {"steps", explained ? summary(t.steps) : json()},
                        {"fraction_complete", explained ? json(static_cast<double>(t.complete) / indices.size()) : json()}});
    }
    json out = {{"model", {{"path", model.path}, {"load_ms", model.load_ms}}},
                {"sentences_available", sentences.size()},
                {"sentences_used", indices.size()},
                {"seed", seed},
                {"top_fraction", 0.2},
                {"aopc_fractions", {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}},
                {"bootstrap_resamples", 1000},
                {"wall_s", ms_since(start) / 1000},
                {"methods", rows}};
    std::cout << out.dump(1) << "\n";
    return 0;
}

}  // namespace iglens::bench
