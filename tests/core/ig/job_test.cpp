// The resumable job protocol: planning, chunking, shared multi-target runs, probe, adaptive
// refinement, progress, error handling.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "iglens/error.h"
#include "job_fixture.h"

namespace iglens::testing {
namespace {

ExplainOptions for_class(ExplainOptions options, int64_t class_index) {
    options.targets = {Target{class_index, -1}};
    return options;
}

TEST(ExplainJob, ChunkingDoesNotChangeTheResult) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 3, 8, 201);
    for (Quadrature rule : {Quadrature::GaussLegendre, Quadrature::RiemannTrapezoid}) {
        ExplainOptions options = fixed_steps(rule, 20);
        options.targets = {Target{0, -1}, Target{2, -1}};
        std::vector<std::vector<double>> results;
        for (int64_t rows : {1, 2, 7, 1000}) {
            options.max_rows_per_run = rows;
            PreparedGraphSimulator simulator(model);
            const Attribution result = explain(model, vocabulary, options, hello_world_request(), false, &simulator);
            // 20 nodes + the two endpoints (trapezoid: already nodes), for 2 targets.
            const int64_t total_rows = rule == Quadrature::GaussLegendre ? 2 * 22 : 2 * 20;
            EXPECT_EQ(result.rows, total_rows);
            EXPECT_EQ(result.runs, (total_rows + rows - 1) / rows);
            for (int64_t n : simulator.rows_per_run) EXPECT_LE(n, rows);
            std::vector<double> both = result.targets[0].token_scores;
            both.insert(both.end(), result.targets[1].token_scores.begin(), result.targets[1].token_scores.end());
            both.push_back(result.targets[0].completeness.f_input);
            both.push_back(result.targets[1].completeness.f_baseline);
            results.push_back(both);
        }
        // Same rows, same node-order sum: identical bits however the runs were cut.
        for (size_t i = 1; i < results.size(); ++i) EXPECT_EQ(results[i], results[0]) << quadrature_name(rule);
    }
}

TEST(ExplainJob, MemoryBudgetBoundsRowsPerRun) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 4, 211);
    PreparedModelInfo info = model_info(2);
    info.dims = ModelDims{2, 2, 16, 0, 0, 2};
    const int64_t per_row = estimate_bytes_per_row(info.dims, 5);
    ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 10), 1);
    options.memory_budget_bytes = 3 * per_row + per_row / 2;
    ExplainJob job(info, vocabulary.table(), vocabulary.specials, hello_world_request(), options);
    EXPECT_EQ(job.rows_per_run(), 3);
    PreparedGraphSimulator simulator(model);
    const Attribution result = drive(job, simulator);
    EXPECT_EQ(result.rows_per_run, 3);
    EXPECT_EQ(simulator.runs, 4);  // 12 rows / 3
    for (int64_t n : simulator.rows_per_run) EXPECT_LE(n, 3);
}

TEST(ExplainJob, SeveralTargetsShareRunsAndEqualSeparateJobs) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 3, 8, 221);
    ExplainOptions options = fixed_steps(Quadrature::GaussLegendre, 16);
    options.max_rows_per_run = 5;
    options.objective = Objective::Probability;
    options.targets = {Target{0, -1}, Target{1, -1}, Target{2, -1}};
    PreparedGraphSimulator simulator(model);
    const Attribution together = explain(model, vocabulary, options, hello_world_request(), false, &simulator);
    // Some run mixes rows of different targets.
    bool mixed = false;
    for (size_t r = 0; r < simulator.target_weights_per_run.size(); ++r) {
        std::set<int> classes;
        const std::vector<float>& weights = simulator.target_weights_per_run[r];
        for (size_t row = 0; row < weights.size() / 3; ++row)
            for (int c = 0; c < 3; ++c)
                if (weights[row * 3 + c] == 1.0f) classes.insert(c);
        mixed = mixed || classes.size() > 1;
    }
    EXPECT_TRUE(mixed);
    ASSERT_EQ(together.targets.size(), 3u);
    for (int64_t c = 0; c < 3; ++c) {
        const Attribution alone = explain(model, vocabulary, for_class(options, c));
        EXPECT_EQ(together.targets[c].target.class_index, c);
        EXPECT_EQ(together.targets[c].label, "label_" + std::to_string(c));
        EXPECT_EQ(together.targets[c].token_scores, alone.targets[0].token_scores);
        EXPECT_EQ(together.targets[c].completeness.f_input, alone.targets[0].completeness.f_input);
    }
}

TEST(ExplainJob, PredictedClassIsReadFromAProbeRunFirst) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 4, 8, 231);
    PreparedGraphSimulator simulator(model);
    const Attribution result = explain(model, vocabulary, fixed_steps(Quadrature::GaussLegendre, 8),
                                       hello_world_request(), false, &simulator);
    const std::vector<double> logits = model.logits(vocabulary.embeddings({kCls, 11, 12, 13, kSep}));
    int64_t best = 0;
    for (int64_t c = 1; c < 4; ++c)
        if (logits[c] > logits[best]) best = c;
    ASSERT_GE(simulator.runs, 2);
    EXPECT_EQ(simulator.rows_per_run[0], 1);
    for (float w : simulator.target_weights_per_run[0]) EXPECT_EQ(w, 0.0f);
    EXPECT_EQ(result.prediction.index, best);
    EXPECT_EQ(result.targets[0].target.class_index, best);
    EXPECT_EQ(result.prediction.label, "label_" + std::to_string(best));
    double total = 0.0, expected_denominator = 0.0;
    for (double l : logits) expected_denominator += std::exp(l);
    for (int64_t c = 0; c < 4; ++c) {
        total += result.prediction.probabilities[c];
        EXPECT_NEAR(result.prediction.probabilities[c], std::exp(logits[c]) / expected_denominator, 1e-6);
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(ExplainJob, ExplicitTargetNeedsNoProbe) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 241);
    PreparedGraphSimulator simulator(model);
    const Attribution result = explain(model, vocabulary, for_class(fixed_steps(Quadrature::GaussLegendre, 8), 1),
                                       hello_world_request(), false, &simulator);
    EXPECT_EQ(result.rows, 10);
    EXPECT_EQ(result.runs, simulator.runs);
    EXPECT_EQ(result.prediction.logits.size(), 2u);
}

TEST(ExplainJob, AdaptiveModeStopsUnderTheTarget) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 251, 2.0);
    ExplainOptions options = for_class(ExplainOptions{}, 0);
    options.adaptive.initial_steps = 2;
    options.adaptive.target_rel_error = 1e-4;
    options.adaptive.max_steps = 512;
    const Attribution result = explain(model, vocabulary, options);
    EXPECT_EQ(result.stop_reason, StopReason::TargetReached);
    EXPECT_LE(*result.targets[0].completeness.rel_error, 1e-4);
    EXPECT_GT(result.steps, 2);  // it had to refine
    // Stopping at the first step count that meets the target: half as many would not.
    ExplainOptions fewer = options;
    fewer.adaptive.enabled = false;
    fewer.steps = result.steps / 2;
    EXPECT_GT(*explain(model, vocabulary, fewer).targets[0].completeness.rel_error, 1e-4);
    // An absolute tolerance also ends the refinement (what matters when F(x) ~ F(x')).
    options.adaptive.target_rel_error = 1e-12;
    options.adaptive.abs_tolerance = 1e-3;
    const Attribution absolute = explain(model, vocabulary, options);
    EXPECT_EQ(absolute.stop_reason, StopReason::TargetReached);
    EXPECT_LE(absolute.targets[0].completeness.abs_error, 1e-3);
    EXPECT_LT(absolute.steps, 512);
}

TEST(ExplainJob, AdaptiveSuccessHoldsForTheReportedAverage) {
    // With several paths (random baselines, noise samples) the reported completeness is of the
    // average; "target reached" must be true of that number, not only of each path.
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 255, 2.0);
    for (uint64_t seed = 0; seed < 12; ++seed) {
        ExplainOptions options = for_class(ExplainOptions{}, 0);
        options.adaptive.initial_steps = 2;
        options.adaptive.target_rel_error = 1e-3;
        options.adaptive.abs_tolerance = 1e-7;
        options.baselines = random_token_baselines(4, seed * 10);
        if (seed % 2) {
            options.method = Method::SmoothGrad;
            options.noise = NoiseOptions{3, 0.2, seed};
        }
        const Attribution result = explain(model, vocabulary, options);
        const Completeness& c = result.targets[0].completeness;
        if (result.stop_reason == StopReason::TargetReached) {
            EXPECT_TRUE(c.abs_error <= 1e-7 || (c.rel_error && *c.rel_error <= 1e-3))
                << "seed " << seed << " abs " << c.abs_error;
            EXPECT_LE(*c.max_path_rel_error, 1e-3);
        }
    }
}

TEST(ExplainJob, AdaptiveModeReportsTheCap) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 261, 3.0);
    ExplainOptions options = for_class(ExplainOptions{}, 1);
    options.quadrature = Quadrature::RiemannLeft;
    options.adaptive.initial_steps = 2;
    options.adaptive.max_steps = 6;
    options.adaptive.target_rel_error = 1e-6;
    const Attribution result = explain(model, vocabulary, options);
    EXPECT_EQ(result.stop_reason, StopReason::StepCapReached);
    EXPECT_EQ(result.steps, 6);  // 2, 4, then capped at 6
    EXPECT_GT(*result.targets[0].completeness.rel_error, 1e-6);
}

TEST(ExplainJob, AdaptiveTrapezoidReusesItsNodes) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 271, 2.0);
    ExplainOptions options = for_class(ExplainOptions{}, 0);
    options.quadrature = Quadrature::RiemannTrapezoid;
    options.adaptive.initial_steps = 3;
    options.adaptive.target_rel_error = 1e-3;
    options.adaptive.max_steps = 1025;
    PreparedGraphSimulator simulator(model);
    const Attribution result = explain(model, vocabulary, options, hello_world_request(), false, &simulator);
    EXPECT_EQ(result.stop_reason, StopReason::TargetReached);
    EXPECT_GT(result.steps, 3);
    EXPECT_EQ((result.steps - 1) & (result.steps - 2), 0);  // 3, 5, 9, 17, ...: 2^k + 1
    EXPECT_EQ(result.rows, result.steps);                   // every node evaluated exactly once
    std::set<float> seen;
    for (const auto& alphas : simulator.alphas_per_run)
        for (float a : alphas) EXPECT_TRUE(seen.insert(a).second) << "alpha " << a << " evaluated twice";
}

TEST(ExplainJob, NearZeroDeltaReportsAbsoluteErrorOnly) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 281);
    ExplainRequest request = hello_world_request();
    for (TokenInfo& token : request.tokens) token.special = true;  // the PAD baseline keeps every token
    ExplainOptions options = for_class(ExplainOptions{}, 0);
    const Attribution result = explain(model, vocabulary, options, request);
    const Completeness& completeness = result.targets[0].completeness;
    EXPECT_EQ(completeness.f_input, completeness.f_baseline);
    EXPECT_FALSE(completeness.rel_error.has_value());
    EXPECT_EQ(completeness.abs_error, 0.0);
    EXPECT_EQ(result.stop_reason, StopReason::TargetReached);
    EXPECT_EQ(result.steps, options.adaptive.initial_steps);
}

TEST(ExplainJob, ProgressCountsRunsAndRows) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 291);
    ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 10), 0);
    options.max_rows_per_run = 4;
    ExplainJob job(model_info(2), vocabulary.table(), vocabulary.specials, hello_world_request(), options);
    PreparedGraphSimulator simulator(model);
    Progress progress = job.progress();
    EXPECT_EQ(progress.runs_done, 0);
    EXPECT_EQ(progress.runs_planned, 3);
    EXPECT_EQ(progress.rows_planned, 12);
    int runs = 0;
    while (!job.done()) {
        job.accept(simulator.run(job.next_inputs()));
        ++runs;
        progress = job.progress();
        EXPECT_EQ(progress.runs_done, runs);
        EXPECT_EQ(progress.runs_planned, 3);
    }
    EXPECT_TRUE(progress.done);
    EXPECT_EQ(progress.rows_done, 12);
}

TEST(ExplainJob, InputsFollowThePreparedGraphInterface) {
    TinyVocabulary vocabulary;
    PreparedModelInfo info = model_info(3);
    info.has_token_type_ids = true;
    info.needs_input_ids = true;
    ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 4), 2);
    options.objective = Objective::LogProbability;
    ExplainJob job(info, vocabulary.table(), vocabulary.specials, hello_world_request(), options);
    const NamedTensors inputs = job.next_inputs();
    EXPECT_EQ(find_tensor(inputs, "input_embeds").shape, (std::vector<int64_t>{1, 5, 3}));
    EXPECT_EQ(find_tensor(inputs, "baseline_embeds").shape, (std::vector<int64_t>{1, 5, 3}));
    EXPECT_EQ(find_tensor(inputs, "alphas").shape, (std::vector<int64_t>{6}));
    EXPECT_EQ(find_tensor(inputs, "attention_mask").i64, (std::vector<int64_t>{1, 1, 1, 1, 1}));
    EXPECT_EQ(find_tensor(inputs, "token_type_ids").i64, (std::vector<int64_t>{0, 0, 0, 0, 0}));
    EXPECT_EQ(find_tensor(inputs, "input_ids").i64, (std::vector<int64_t>{kCls, 11, 12, 13, kSep}));
    EXPECT_EQ(find_tensor(inputs, "target_weights").shape, (std::vector<int64_t>{6, 3}));
    EXPECT_EQ(find_tensor(inputs, "objective_weights").f32, (std::vector<float>{0.0f, 0.0f, 1.0f}));
    const std::vector<float>& alphas = find_tensor(inputs, "alphas").f32;
    EXPECT_EQ(alphas.front(), 0.0f);
    EXPECT_EQ(alphas.back(), 1.0f);
    // The default baseline: [CLS] and [SEP] kept, the words replaced by [MASK].
    const std::vector<float>& baseline = find_tensor(inputs, "baseline_embeds").f32;
    for (int64_t h = 0; h < 3; ++h) {
        EXPECT_EQ(baseline[h], vocabulary.rows[kCls * 3 + h]);
        EXPECT_EQ(baseline[6 + h], vocabulary.rows[kMask * 3 + h]);
        EXPECT_EQ(baseline[12 + h], vocabulary.rows[kSep * 3 + h]);
    }
    // Asking again before accept() gives the same run.
    EXPECT_EQ(find_tensor(job.next_inputs(), "alphas").f32, alphas);
    // Without the optional inputs in the graph they are not sent.
    ExplainJob plain(model_info(3), vocabulary.table(), vocabulary.specials, hello_world_request(), options);
    const NamedTensors plain_inputs = plain.next_inputs();
    EXPECT_THROW(find_tensor(plain_inputs, "token_type_ids"), Error);
    EXPECT_THROW(find_tensor(plain_inputs, "input_ids"), Error);
    EXPECT_EQ(plain.output_names(), (std::vector<std::string>{"logits", "objective", "token_attr"}));
}

TEST(ExplainJob, InputRowIsTheNoiseFreeInputAtAlphaOne) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 293);
    // Each run's input row, or -1; checked against the run's alphas and input.
    auto input_rows = [&](ExplainOptions options) {
        ExplainJob job(model_info(2), vocabulary.table(), vocabulary.specials, hello_world_request(), options);
        PreparedGraphSimulator simulator(model);
        std::vector<int64_t> rows;
        while (!job.done()) {
            const int64_t row = job.input_row();
            const NamedTensors inputs = job.next_inputs();
            EXPECT_EQ(job.input_row(), row);  // the same until accept()
            if (row >= 0) {
                EXPECT_EQ(find_tensor(inputs, "alphas").f32.at(row), 1.0f);
                const std::vector<float>& input = find_tensor(inputs, "input_embeds").f32;
                EXPECT_EQ(std::vector<double>(input.begin(), input.end()),
                          vocabulary.embeddings(hello_world_request().input_ids));
            }
            rows.push_back(row);
            job.accept(simulator.run(inputs));
        }
        EXPECT_EQ(job.input_row(), -1);
        return rows;
    };
    // A named target: the last run holds alpha = 1 (the alphas increase) as its last row.
    ExplainOptions named = for_class(fixed_steps(Quadrature::GaussLegendre, 10), 1);
    named.max_rows_per_run = 4;
    EXPECT_EQ(input_rows(named), (std::vector<int64_t>{-1, -1, 3}));
    // The predicted class: the probe runs the input first.
    ExplainOptions predicted = named;
    predicted.targets.clear();
    EXPECT_EQ(input_rows(predicted).front(), 0);
    // SmoothGrad's paths are noisy: only its probe holds the input.
    ExplainOptions smooth = named;
    smooth.method = Method::SmoothGrad;
    smooth.noise = NoiseOptions{2, 0.2, 7};
    const std::vector<int64_t> rows = input_rows(smooth);
    EXPECT_EQ(rows.front(), 0);
    EXPECT_EQ(std::count(rows.begin(), rows.end(), -1), static_cast<std::ptrdiff_t>(rows.size() - 1));
}

TEST(ExplainJob, TokenClassificationTargetsAPosition) {
    TinyVocabulary vocabulary;
    LinearModel model(5, vocabulary.dim, 3, 301, true);
    ExplainOptions options = fixed_steps(Quadrature::GaussLegendre, 4);
    options.targets = {Target{-1, 2}, Target{1, 3}};
    PreparedGraphSimulator simulator(model);
    const Attribution result = explain(model, vocabulary, options, hello_world_request(), false, &simulator);
    const std::vector<double> x = vocabulary.embeddings({kCls, 11, 12, 13, kSep});
    const std::vector<double> xb = vocabulary.embeddings({kCls, kMask, kMask, kMask, kSep});
    const std::vector<double> logits = model.logits(x);
    int64_t best = 0;
    for (int64_t c = 1; c < 3; ++c)
        if (logits[2 * 3 + c] > logits[2 * 3 + best]) best = c;
    EXPECT_EQ(result.prediction.position, 2);
    EXPECT_EQ(result.prediction.index, best);
    EXPECT_EQ(result.targets[0].target.class_index, best);
    for (int target = 0; target < 2; ++target) {
        const int64_t position = result.targets[target].target.position;
        const int64_t c = result.targets[target].target.class_index;
        for (int64_t t = 0; t < 5; ++t) {
            double expected = 0.0;
            if (t == position)
                for (int64_t h = 0; h < 3; ++h) expected += model.W[c * 3 + h] * (x[t * 3 + h] - xb[t * 3 + h]);
            EXPECT_NEAR(result.targets[target].token_scores[t], expected, 2e-6);
        }
    }
    EXPECT_EQ(find_tensor(simulator.inputs_seen.back(), "target_weights").shape.size(), 3u);  // target_weights [n,T,C]
}

TEST(ExplainJob, NanOrInfInOutputsIsAnError) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 311);
    const std::vector<std::pair<std::string, float>> corruptions = {
        {"token_attr", std::nanf("")}, {"objective", INFINITY}, {"logits", -INFINITY},
        {"token_grad_norm", std::nanf("")}};  // even an output IG does not read
    for (const auto& [output, value] : corruptions) {
        ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 8), 0);
        options.max_rows_per_run = 3;
        ExplainJob job(model_info(2), vocabulary.table(), vocabulary.specials, hello_world_request(), options);
        PreparedGraphSimulator simulator(model);
        simulator.corrupt_run = 1;
        simulator.corrupt_output = output;
        simulator.corrupt_value = value;
        job.accept(simulator.run(job.next_inputs()));
        try {
            job.accept(simulator.run(job.next_inputs()));
            ADD_FAILURE() << "no error for " << output;
        } catch (const Error& error) {
            EXPECT_NE(std::string(error.what()).find(output), std::string::npos) << error.what();
            EXPECT_NE(std::string(error.what()).find(std::isnan(value) ? "NaN" : "Inf"), std::string::npos);
        }
        EXPECT_TRUE(job.done());
        EXPECT_THROW(job.result(), Error);
        EXPECT_THROW(job.next_inputs(), Error);
    }
}

TEST(ExplainJob, MalformedOutputsAreErrors) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 321);
    const ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 4), 0);
    {
        ExplainJob job(model_info(2), vocabulary.table(), vocabulary.specials, hello_world_request(), options);
        PreparedGraphSimulator simulator(model);
        NamedTensors outputs = simulator.run(job.next_inputs());
        outputs.erase(outputs.begin() + 2);  // no token_attr
        EXPECT_THROW(job.accept(outputs), Error);
    }
    {
        ExplainJob job(model_info(2), vocabulary.table(), vocabulary.specials, hello_world_request(), options);
        PreparedGraphSimulator simulator(model);
        NamedTensors outputs = simulator.run(job.next_inputs());
        outputs[2].second.shape = {5, 6};  // transposed token_attr
        EXPECT_THROW(job.accept(outputs), Error);
    }
}

TEST(ExplainJob, ProtocolMisuseIsAnError) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 331);
    ExplainJob job(model_info(2), vocabulary.table(), vocabulary.specials, hello_world_request(),
                   for_class(fixed_steps(Quadrature::GaussLegendre, 2), 0));
    PreparedGraphSimulator simulator(model);
    EXPECT_THROW(job.result(), Error);  // not finished
    const NamedTensors inputs = job.next_inputs();
    const NamedTensors outputs = simulator.run(inputs);
    job.accept(outputs);
    EXPECT_THROW(job.accept(outputs), Error);  // no run in flight
    while (!job.done()) job.accept(simulator.run(job.next_inputs()));
    EXPECT_NO_THROW(job.result());
    EXPECT_THROW(job.next_inputs(), Error);  // finished
}

TEST(ExplainJob, BadRequestsAreRejectedUpFront) {
    TinyVocabulary vocabulary;
    const PreparedModelInfo info = model_info(2);
    auto make = [&](ExplainRequest request, ExplainOptions options, PreparedModelInfo model = model_info(2)) {
        ExplainJob job(model, vocabulary.table(), vocabulary.specials, std::move(request), std::move(options));
    };
    ExplainRequest empty;
    EXPECT_THROW(make(empty, ExplainOptions{}), Error);
    ExplainRequest mismatched = hello_world_request();
    mismatched.tokens.pop_back();
    EXPECT_THROW(make(mismatched, ExplainOptions{}), Error);
    ExplainRequest out_of_vocabulary = hello_world_request();
    out_of_vocabulary.input_ids[1] = 999;
    EXPECT_THROW(make(out_of_vocabulary, ExplainOptions{}), Error);
    EXPECT_THROW(make(hello_world_request(), for_class(ExplainOptions{}, 2)), Error);
    ExplainOptions no_baseline;
    no_baseline.baselines.clear();
    EXPECT_THROW(make(hello_world_request(), no_baseline), Error);
    EXPECT_THROW(make(hello_world_request(), fixed_steps(Quadrature::RiemannTrapezoid, 1)), Error);
    EXPECT_THROW(make(hello_world_request(), fixed_steps(Quadrature::GaussLegendre, 20000)), Error);
    ExplainOptions bad_adaptive;
    bad_adaptive.adaptive.initial_steps = 64;
    bad_adaptive.adaptive.max_steps = 32;
    EXPECT_THROW(make(hello_world_request(), bad_adaptive), Error);
    ExplainOptions bad_noise;
    bad_noise.method = Method::SmoothGrad;
    bad_noise.noise.stdev = NAN;
    EXPECT_THROW(make(hello_world_request(), bad_noise), Error);
    EXPECT_THROW(make(hello_world_request(), ExplainOptions{}, model_info(3, true)), Error);  // no position
    ExplainOptions bad_budget;
    bad_budget.memory_budget_bytes = 0;
    EXPECT_THROW(make(hello_world_request(), bad_budget), Error);
}

}  // namespace
}  // namespace iglens::testing
