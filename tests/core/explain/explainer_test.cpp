// The engine on a real prepared graph: the repository's tiny DistilBERT-style SST-2 model
// (models/tiny), prepared in memory and run on native ONNX Runtime. Checks what the analytic
// models cannot: completeness and chunking invariance through real float32 kernels.
#include <gtest/gtest.h>

#include <cmath>

#include "iglens/explainer.h"
#include "model_folder.h"
#include "ort_runner.h"

namespace iglens {
namespace {

struct TinyModel {
    Explainer explainer;
    OrtRunner runner;
};

TinyModel& tiny_model() {
    static TinyModel* model = [] {
        const ModelFolder folder = read_model_folder(std::string(IGLENS_SOURCE_DIR) + "/models/tiny");
        Explainer explainer = Explainer::load(folder.files, read_file_bytes(folder.onnx_path()), external_data_loader(folder));
        OrtRunner runner = OrtRunner::from_bytes(explainer.prepared().onnx_bytes);
        return new TinyModel{std::move(explainer), std::move(runner)};
    }();
    return *model;
}

Attribution explain_tiny(const std::string& text, ExplainOptions options) {
    TinyModel& model = tiny_model();
    ExplainRequestSpec spec;
    spec.text = text;
    spec.options = std::move(options);
    ExplainJob job = model.explainer.start(spec);
    while (!job.done()) job.accept(model.runner.run(job.next_inputs(), job.output_names()));
    return job.result();
}

ExplainOptions fixed(Quadrature quadrature, int steps) {
    ExplainOptions options;
    options.quadrature = quadrature;
    options.steps = steps;
    options.adaptive.enabled = false;
    return options;
}

const char* const kText = "a gorgeous, witty, seductive movie.";

TEST(TinyModel, CompletenessHoldsForEachObjective) {
    for (Objective objective : {Objective::Logit, Objective::Probability, Objective::LogProbability}) {
        ExplainOptions options = fixed(Quadrature::GaussLegendre, 64);
        options.objective = objective;
        const Attribution result = explain_tiny(kText, options);
        const Completeness& c = result.targets[0].completeness;
        ASSERT_TRUE(c.rel_error.has_value());
        // Measured: logit 0.14 %, probability 0.8 %, log-probability 1.04 % at 64 nodes.
        EXPECT_LT(*c.rel_error, 0.02) << objective_name(objective);
        EXPECT_EQ(result.prediction.label, "POSITIVE");
        // The special tokens equal their baseline: exactly zero.
        for (size_t t = 0; t < result.tokens.size(); ++t)
            if (result.tokens[t].special) EXPECT_EQ(result.targets[0].token_scores[t], 0.0);
    }
}

TEST(TinyModel, ChunkingChangesOnlyFloatRounding) {
    ExplainOptions options = fixed(Quadrature::GaussLegendre, 24);
    options.targets = {Target{0, -1}, Target{1, -1}};
    const Attribution whole = explain_tiny(kText, options);
    options.max_rows_per_run = 5;
    const Attribution chunked = explain_tiny(kText, options);
    EXPECT_EQ(whole.runs, 1);
    EXPECT_EQ(chunked.runs, 11);  // 2 targets x 26 rows, 5 per run
    for (int target = 0; target < 2; ++target)
        for (size_t t = 0; t < whole.tokens.size(); ++t)
            EXPECT_NEAR(chunked.targets[target].token_scores[t], whole.targets[target].token_scores[t], 1e-5);
}

TEST(TinyModel, SeveralTargetsMatchSeparateJobs) {
    ExplainOptions both = fixed(Quadrature::GaussLegendre, 32);
    both.targets = {Target{0, -1}, Target{1, -1}};
    const Attribution together = explain_tiny(kText, both);
    for (int64_t c = 0; c < 2; ++c) {
        ExplainOptions one = fixed(Quadrature::GaussLegendre, 32);
        one.targets = {Target{c, -1}};
        const Attribution alone = explain_tiny(kText, one);
        for (size_t t = 0; t < alone.tokens.size(); ++t)
            EXPECT_NEAR(together.targets[c].token_scores[t], alone.targets[0].token_scores[t], 1e-5);
    }
    // Two logits of a softmax head: attributions of the two classes need not mirror each other,
    // but each must add up to its own F(x) - F(x').
    for (const TargetAttribution& target : together.targets) EXPECT_LT(*target.completeness.rel_error, 0.02);
}

TEST(TinyModel, AdaptiveModeMeetsTheTarget) {
    ExplainOptions options;  // adaptive by default
    const Attribution result = explain_tiny("the plot is thin, but the music is great.", options);
    const Completeness& c = result.targets[0].completeness;
    if (result.stop_reason == StopReason::TargetReached) {
        EXPECT_TRUE(c.abs_error <= options.adaptive.abs_tolerance || *c.rel_error <= options.adaptive.target_rel_error);
    } else {
        EXPECT_EQ(result.stop_reason, StopReason::StepCapReached);
        EXPECT_EQ(result.steps, options.adaptive.max_steps);
    }
}

}  // namespace
}  // namespace iglens
