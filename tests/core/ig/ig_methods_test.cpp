// Attribution values of every method and quadrature rule against analytic models with known
// attributions.
#include <gtest/gtest.h>

#include <cmath>

#include "iglens/ig_random.h"
#include "job_fixture.h"

namespace iglens::testing {
namespace {

const std::vector<int64_t> kInputIds = {kCls, 11, 12, 13, kSep};
// The default baseline on a tokenizer with a [MASK] token: specials kept, words masked.
const std::vector<int64_t> kDefaultBaselineIds = {kCls, kMask, kMask, kMask, kSep};
const std::vector<Quadrature> kAllRules = {Quadrature::GaussLegendre, Quadrature::RiemannLeft, Quadrature::RiemannRight,
                                           Quadrature::RiemannMiddle, Quadrature::RiemannTrapezoid};

ExplainOptions for_class(ExplainOptions options, int64_t class_index) {
    options.targets = {Target{class_index, -1}};
    return options;
}

double sum_of(const std::vector<double>& values) {
    double total = 0.0;
    for (double v : values) total += v;
    return total;
}

// Gradient of the objective at z for target class c (sequence classification).
std::vector<double> objective_gradient(const AnalyticModel& model, const std::vector<double>& z, int64_t c,
                                       Objective objective, bool multi_label = false) {
    std::vector<float> weights(model.C, 0.0f);
    weights[c] = 1.0f;
    float ow[3];
    objective_weights(objective, ow);
    double S;
    std::vector<double> g;
    objective_and_grad(model.logits(z), weights.data(), ow, 1, model.C, multi_label, S, g);
    const std::vector<double> J = model.jacobian(z);
    std::vector<double> grad(z.size(), 0.0);
    for (int64_t r = 0; r < model.C; ++r)
        for (size_t i = 0; i < z.size(); ++i) grad[i] += g[r] * J[r * z.size() + i];
    return grad;
}

// IG by composite Simpson with many intervals, in double, straight from the model: the
// reference for objectives without a closed form.
std::vector<double> simpson_ig(const AnalyticModel& model, const std::vector<double>& x, const std::vector<double>& xb,
                               int64_t c, Objective objective, bool multi_label = false, int intervals = 2000) {
    std::vector<double> result(model.T, 0.0);
    for (int i = 0; i <= intervals; ++i) {
        const double alpha = static_cast<double>(i) / intervals;
        const double weight = (i == 0 || i == intervals ? 1.0 : (i % 2 ? 4.0 : 2.0)) / (3.0 * intervals);
        std::vector<double> z(x.size());
        for (size_t k = 0; k < x.size(); ++k) z[k] = xb[k] + alpha * (x[k] - xb[k]);
        const std::vector<double> grad = objective_gradient(model, z, c, objective, multi_label);
        for (size_t k = 0; k < x.size(); ++k) result[k / model.E] += weight * grad[k] * (x[k] - xb[k]);
    }
    return result;
}

void expect_scores_near(const std::vector<double>& actual, const std::vector<double>& expected, double tolerance,
                        const std::string& context) {
    ASSERT_EQ(actual.size(), expected.size()) << context;
    for (size_t t = 0; t < actual.size(); ++t) EXPECT_NEAR(actual[t], expected[t], tolerance) << context << " token " << t;
}

TEST(IntegratedGradients, LinearModelIsExactForEveryRule) {
    TinyVocabulary vocabulary;
    LinearModel model(5, vocabulary.dim, 3, 11);
    const std::vector<double> x = vocabulary.embeddings(kInputIds), xb = vocabulary.embeddings(kDefaultBaselineIds);
    std::vector<double> expected(5, 0.0);
    for (int64_t i = 0; i < 5 * vocabulary.dim; ++i) expected[i / vocabulary.dim] += model.W[1 * 15 + i] * (x[i] - xb[i]);
    for (Quadrature rule : kAllRules) {
        const Attribution result = explain(model, vocabulary, for_class(fixed_steps(rule, 3), 1));
        const std::string context = quadrature_name(rule);
        expect_scores_near(result.targets[0].token_scores, expected, 2e-6, context);
        // [CLS] and [SEP] equal their baseline, so they get exactly zero.
        EXPECT_EQ(result.targets[0].token_scores[0], 0.0) << context;
        EXPECT_EQ(result.targets[0].token_scores[4], 0.0) << context;
        EXPECT_LT(*result.targets[0].completeness.rel_error, 1e-5) << context;
        EXPECT_EQ(result.steps, 3);
        EXPECT_EQ(result.stop_reason, StopReason::FixedSteps);
    }
}

TEST(IntegratedGradients, QuadraticModelMatchesClosedForm) {
    TinyVocabulary vocabulary;
    QuadraticModel model(5, vocabulary.dim, 2, 21);
    const std::vector<double> x = vocabulary.embeddings(kInputIds), xb = vocabulary.embeddings(kDefaultBaselineIds);
    std::vector<double> expected(5, 0.0);
    for (int64_t i = 0; i < 15; ++i)
        expected[i / 3] += (x[i] - xb[i]) * (model.A[15 + i] * (x[i] + xb[i]) + model.B[15 + i]);
    // The integrand is linear in alpha: one Gauss-Legendre node or midpoint, two trapezoid nodes are exact.
    expect_scores_near(explain(model, vocabulary, for_class(fixed_steps(Quadrature::GaussLegendre, 1), 1)).targets[0].token_scores,
                       expected, 2e-6, "gl1");
    expect_scores_near(explain(model, vocabulary, for_class(fixed_steps(Quadrature::RiemannMiddle, 1), 1)).targets[0].token_scores,
                       expected, 2e-6, "middle1");
    expect_scores_near(explain(model, vocabulary, for_class(fixed_steps(Quadrature::RiemannTrapezoid, 2), 1)).targets[0].token_scores,
                       expected, 2e-6, "trapezoid2");
    // Left/right sums converge at O(1/n).
    for (Quadrature rule : {Quadrature::RiemannLeft, Quadrature::RiemannRight}) {
        const Attribution coarse = explain(model, vocabulary, for_class(fixed_steps(rule, 4), 1));
        const Attribution fine = explain(model, vocabulary, for_class(fixed_steps(rule, 1000), 1));
        expect_scores_near(fine.targets[0].token_scores, expected, 5e-3, quadrature_name(rule));
        EXPECT_GT(coarse.targets[0].completeness.abs_error, 50 * fine.targets[0].completeness.abs_error);
    }
}

TEST(IntegratedGradients, TanhMlpMatchesClosedFormForEveryRuleAtHighSteps) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 3, 8, 31);
    const std::vector<double> x = vocabulary.embeddings(kInputIds), xb = vocabulary.embeddings(kDefaultBaselineIds);
    const std::vector<double> expected = model.exact_logit_ig(x, xb, 2);
    const std::vector<std::pair<Quadrature, int>> cases = {{Quadrature::GaussLegendre, 64},
                                                           {Quadrature::RiemannMiddle, 600},
                                                           {Quadrature::RiemannTrapezoid, 600},
                                                           {Quadrature::RiemannLeft, 8000},
                                                           {Quadrature::RiemannRight, 8000}};
    for (const auto& [rule, steps] : cases) {
        const Attribution result = explain(model, vocabulary, for_class(fixed_steps(rule, steps), 2));
        const std::string context = quadrature_name(rule);
        const bool first_order = rule == Quadrature::RiemannLeft || rule == Quadrature::RiemannRight;
        expect_scores_near(result.targets[0].token_scores, expected, first_order ? 1e-3 : 1e-5, context);
        const Completeness& completeness = result.targets[0].completeness;
        EXPECT_LT(*completeness.rel_error, 1e-3) << context;
        EXPECT_NEAR(completeness.sum, sum_of(result.targets[0].token_scores), 1e-12);
        EXPECT_NEAR(completeness.f_input - completeness.f_baseline, sum_of(expected), 1e-5) << context;
    }
}

TEST(IntegratedGradients, GaussLegendreConvergesFasterThanTrapezoid) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 41);
    const std::vector<double> x = vocabulary.embeddings(kInputIds), xb = vocabulary.embeddings(kDefaultBaselineIds);
    const std::vector<double> expected = model.exact_logit_ig(x, xb, 0);
    auto max_error = [&](Quadrature rule, int steps) {
        const Attribution result = explain(model, vocabulary, for_class(fixed_steps(rule, steps), 0));
        double worst = 0.0;
        for (size_t t = 0; t < expected.size(); ++t)
            worst = std::max(worst, std::fabs(result.targets[0].token_scores[t] - expected[t]));
        return worst;
    };
    for (int steps : {6, 8, 16, 32}) {
        const double gauss = max_error(Quadrature::GaussLegendre, steps);
        const double trapezoid = max_error(Quadrature::RiemannTrapezoid, steps);
        EXPECT_LT(gauss * 10, trapezoid) << "steps " << steps << ": GL " << gauss << " trapezoid " << trapezoid;
    }
}

TEST(IntegratedGradients, ProbabilityAndLogProbabilityObjectivesMatchSimpsonReference) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 3, 8, 51);
    const std::vector<double> x = vocabulary.embeddings(kInputIds), xb = vocabulary.embeddings(kDefaultBaselineIds);
    for (bool multi_label : {false, true}) {
        for (Objective objective : {Objective::Probability, Objective::LogProbability}) {
            ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 64), 1);
            options.objective = objective;
            const Attribution result = explain(model, vocabulary, options, hello_world_request(), multi_label);
            const std::vector<double> expected = simpson_ig(model, x, xb, 1, objective, multi_label);
            const std::string context = std::string(objective_name(objective)) + (multi_label ? " sigmoid" : " softmax");
            expect_scores_near(result.targets[0].token_scores, expected, 2e-6, context);
            EXPECT_LT(result.targets[0].completeness.abs_error, 1e-5) << context;
            EXPECT_EQ(result.objective, objective);
        }
    }
}

TEST(IntegratedGradients, WordScoresSumTheirSubTokens) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 6, 61);
    const Attribution result = explain(model, vocabulary, for_class(fixed_steps(Quadrature::GaussLegendre, 32), 0));
    ASSERT_EQ(result.words.size(), 2u);
    EXPECT_EQ(result.words[0].text, "hello");
    EXPECT_EQ(result.words[1].text, "world");
    EXPECT_EQ(result.words[1].start, 6);
    EXPECT_EQ(result.words[1].end, 11);
    const std::vector<double>& tokens = result.targets[0].token_scores;
    EXPECT_DOUBLE_EQ(result.targets[0].word_scores[0], tokens[1]);
    EXPECT_DOUBLE_EQ(result.targets[0].word_scores[1], tokens[2] + tokens[3]);
    // A span that takes in the space before the word (sentencepiece offsets) is trimmed.
    ExplainRequest spaced = hello_world_request();
    spaced.tokens[2].start = 5;
    const Attribution trimmed = explain(model, vocabulary, for_class(fixed_steps(Quadrature::GaussLegendre, 4), 0), spaced);
    EXPECT_EQ(trimmed.words[1].text, "world");
    EXPECT_EQ(trimmed.words[1].start, 6);
    // Specials get zero, so the words carry the whole sum.
    EXPECT_NEAR(sum_of(result.targets[0].word_scores), result.targets[0].completeness.sum, 1e-12);
}

TEST(Saliency, IsTheGradientNormAtTheInput) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 3, 8, 71);
    ExplainOptions options = for_class(ExplainOptions{}, 2);
    options.method = Method::Saliency;
    PreparedGraphSimulator simulator(model);
    const Attribution result = explain(model, vocabulary, options, hello_world_request(), false, &simulator);
    const std::vector<double> x = vocabulary.embeddings(kInputIds);
    const std::vector<double> grad = objective_gradient(model, x, 2, Objective::Logit);
    for (int64_t t = 0; t < 5; ++t) {
        double norm = 0.0;
        for (int64_t h = 0; h < 3; ++h) norm += grad[t * 3 + h] * grad[t * 3 + h];
        EXPECT_NEAR(result.targets[0].token_scores[t], std::sqrt(norm), 1e-6);
    }
    EXPECT_EQ(simulator.runs, 1);
    EXPECT_EQ(simulator.alphas_per_run[0], std::vector<float>{1.0f});
    EXPECT_FALSE(result.targets[0].completeness.applicable);
    EXPECT_EQ(result.stop_reason, StopReason::NotApplicable);
}

TEST(GradientTimesInput, IsGradientDotInputPerToken) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 3, 8, 81);
    ExplainOptions options = for_class(ExplainOptions{}, 0);
    options.method = Method::GradientTimesInput;
    const Attribution result = explain(model, vocabulary, options);
    const std::vector<double> x = vocabulary.embeddings(kInputIds);
    const std::vector<double> grad = objective_gradient(model, x, 0, Objective::Logit);
    for (int64_t t = 0; t < 5; ++t) {
        double expected = 0.0;
        for (int64_t h = 0; h < 3; ++h) expected += grad[t * 3 + h] * x[t * 3 + h];
        EXPECT_NEAR(result.targets[0].token_scores[t], expected, 1e-6);
    }
    ASSERT_EQ(result.baselines.size(), 1u);
    EXPECT_EQ(result.baselines[0].kind, BaselineKind::Zero);
}

TEST(SmoothGrad, AveragesIgOverSeededNoisyInputs) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 91);
    ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 64), 1);
    options.method = Method::SmoothGrad;
    options.noise.samples = 4;
    options.noise.stdev = 0.1;
    options.noise.seed = 1234;
    const Attribution result = explain(model, vocabulary, options);
    const std::vector<float> clean = lookup_embeddings(vocabulary.table(), kInputIds);
    const std::vector<double> xb = vocabulary.embeddings(kDefaultBaselineIds);
    std::vector<double> expected(5, 0.0);
    for (int sample = 0; sample < 4; ++sample) {
        const std::vector<float> noise = gaussian_noise(1234, sample, 15, 0.1);
        std::vector<double> noisy(15);
        for (int64_t i = 0; i < 15; ++i) {
            const bool special = i / 3 == 0 || i / 3 == 4;  // [CLS], [SEP] get no noise
            noisy[i] = special ? clean[i] : static_cast<float>(clean[i] + noise[i]);
        }
        const std::vector<double> ig = model.exact_logit_ig(noisy, xb, 1);
        for (int64_t t = 0; t < 5; ++t) expected[t] += ig[t] / 4.0;
    }
    expect_scores_near(result.targets[0].token_scores, expected, 1e-5, "smoothgrad");
    EXPECT_EQ(result.targets[0].token_scores[0], 0.0);
    EXPECT_LT(*result.targets[0].completeness.rel_error, 1e-4);
    // The same seed gives the same result; another seed a different one.
    EXPECT_EQ(explain(model, vocabulary, options).targets[0].token_scores, result.targets[0].token_scores);
    options.noise.seed = 99;
    EXPECT_NE(explain(model, vocabulary, options).targets[0].token_scores, result.targets[0].token_scores);
}

// Every path method with every rule, against the closed form (and the single-point methods,
// which must ignore the rule).
TEST(AllMethods, EveryQuadratureRuleConvergesToTheClosedForm) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 6, 131);
    const std::vector<float> clean = lookup_embeddings(vocabulary.table(), kInputIds);
    const std::vector<double> x(clean.begin(), clean.end());
    const std::vector<double> pad = vocabulary.embeddings(kDefaultBaselineIds);
    std::vector<double> zero = x;
    for (int64_t i = 3; i < 12; ++i) zero[i] = 0.0;
    const std::vector<std::pair<Quadrature, int>> rules = {{Quadrature::GaussLegendre, 48},
                                                           {Quadrature::RiemannMiddle, 400},
                                                           {Quadrature::RiemannTrapezoid, 400},
                                                           {Quadrature::RiemannLeft, 6000},
                                                           {Quadrature::RiemannRight, 6000}};
    for (const auto& [rule, steps] : rules) {
        const bool first_order = rule == Quadrature::RiemannLeft || rule == Quadrature::RiemannRight;
        const double tolerance = first_order ? 1e-3 : 2e-5;
        const std::string name = quadrature_name(rule);

        // IG over two baselines.
        ExplainOptions options = for_class(fixed_steps(rule, steps), 1);
        BaselineSpec zero_spec;
        zero_spec.kind = BaselineKind::Zero;
        options.baselines = {BaselineSpec{}, zero_spec};
        std::vector<double> expected(5, 0.0);
        for (const std::vector<double>* xb : {&pad, static_cast<const std::vector<double>*>(&zero)}) {
            const std::vector<double> ig = model.exact_logit_ig(x, *xb, 1);
            for (int64_t t = 0; t < 5; ++t) expected[t] += ig[t] / 2.0;
        }
        const Attribution multi = explain(model, vocabulary, options);
        expect_scores_near(multi.targets[0].token_scores, expected, tolerance, "two baselines " + name);
        EXPECT_LT(*multi.targets[0].completeness.rel_error, 1e-3) << name;

        // SmoothGrad.
        options.baselines = {BaselineSpec{}};
        options.method = Method::SmoothGrad;
        options.noise = NoiseOptions{2, 0.05, 7};
        std::fill(expected.begin(), expected.end(), 0.0);
        for (int sample = 0; sample < 2; ++sample) {
            const std::vector<float> noise = gaussian_noise(7, sample, 15, 0.05);
            std::vector<double> noisy = x;
            for (int64_t i = 3; i < 12; ++i) noisy[i] = static_cast<float>(clean[i] + noise[i]);
            const std::vector<double> ig = model.exact_logit_ig(noisy, pad, 1);
            for (int64_t t = 0; t < 5; ++t) expected[t] += ig[t] / 2.0;
        }
        const Attribution smooth = explain(model, vocabulary, options);
        expect_scores_near(smooth.targets[0].token_scores, expected, tolerance, "smoothgrad " + name);
        EXPECT_EQ(smooth.quadrature, rule);
    }
    // Saliency and Gradient x Input evaluate one point: the rule and step count change nothing.
    for (Method method : {Method::Saliency, Method::GradientTimesInput}) {
        ExplainOptions a = for_class(fixed_steps(Quadrature::GaussLegendre, 50), 0);
        ExplainOptions b = for_class(fixed_steps(Quadrature::RiemannTrapezoid, 7), 0);
        a.method = b.method = method;
        EXPECT_EQ(explain(model, vocabulary, a).targets[0].token_scores,
                  explain(model, vocabulary, b).targets[0].token_scores);
    }
}

TEST(SmoothGrad, ZeroNoiseEqualsPlainIg) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 101);
    ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 16), 0);
    const Attribution plain = explain(model, vocabulary, options);
    options.method = Method::SmoothGrad;
    options.noise.samples = 3;
    options.noise.stdev = 0.0;
    const Attribution smooth = explain(model, vocabulary, options);
    expect_scores_near(smooth.targets[0].token_scores, plain.targets[0].token_scores, 1e-12, "stdev 0");
    EXPECT_EQ(smooth.prediction.index, plain.prediction.index);
}

TEST(MultiBaseline, AveragesIgOverTheBaselines) {
    TinyVocabulary vocabulary;
    TanhMlpModel model(5, vocabulary.dim, 2, 8, 111);
    ExplainOptions options = for_class(fixed_steps(Quadrature::GaussLegendre, 64), 1);
    BaselineSpec pad, zero, mask;
    pad.kind = BaselineKind::Pad;
    zero.kind = BaselineKind::Zero;
    mask.kind = BaselineKind::Mask;
    options.baselines = {pad, zero, mask};
    const Attribution averaged = explain(model, vocabulary, options);
    const std::vector<double> x = vocabulary.embeddings(kInputIds);
    std::vector<double> expected(5, 0.0);
    std::vector<std::vector<double>> baselines = {
        vocabulary.embeddings({kCls, kPad, kPad, kPad, kSep}), x, vocabulary.embeddings(kDefaultBaselineIds)};
    for (int64_t i = 3; i < 12; ++i) baselines[1][i] = 0.0;  // zero baseline, specials kept
    double mean_delta = 0.0;
    for (const auto& xb : baselines) {
        const std::vector<double> ig = model.exact_logit_ig(x, xb, 1);
        for (int64_t t = 0; t < 5; ++t) expected[t] += ig[t] / 3.0;
        mean_delta += sum_of(ig) / 3.0;
    }
    expect_scores_near(averaged.targets[0].token_scores, expected, 1e-5, "three baselines");
    EXPECT_NEAR(averaged.targets[0].completeness.f_input - averaged.targets[0].completeness.f_baseline, mean_delta, 1e-5);
    EXPECT_EQ(averaged.baselines.size(), 3u);

    // Expected-Gradients style: random-token baselines, reproducible by seed.
    options.baselines = random_token_baselines(3, 5);
    const Attribution random_a = explain(model, vocabulary, options);
    const Attribution random_b = explain(model, vocabulary, options);
    EXPECT_EQ(random_a.targets[0].token_scores, random_b.targets[0].token_scores);
    EXPECT_LT(*random_a.targets[0].completeness.rel_error, 1e-4);
}

}  // namespace
}  // namespace iglens::testing
