#include "support/prepared_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "iglens/onnx_model.h"
#include "ort_runner.h"

namespace iglens::testing {

namespace {

struct Rows {
    std::vector<float> logits;     // [n, ...C]
    std::vector<float> objective;  // [n]
    std::vector<float> attr;       // [n, T]
    std::vector<float> norm;       // [n, T]
};

class PreparedRunner {
public:
    PreparedRunner(const PreparedModel& p, const TextInput& text, int64_t T)
        : p_(p), text_(text), T_(T), runner_(OrtRunner::from_bytes(p.onnx_bytes)) {}

    // One run at `alphas`, with target weights replicated per row.
    Rows run(const std::vector<float>& x, const std::vector<float>& baseline, const std::vector<float>& alphas,
             const std::vector<float>& target_row, const std::vector<float>& objective_weights) {
        const int64_t n = static_cast<int64_t>(alphas.size()), E = p_.embeddings.dim;
        NamedTensors in;
        in.emplace_back("input_embeds", Tensor::floats({1, T_, E}, x));
        in.emplace_back("baseline_embeds", Tensor::floats({1, T_, E}, baseline));
        in.emplace_back("alphas", Tensor::floats({n}, alphas));
        in.emplace_back("attention_mask", Tensor::ints({1, T_}, mask()));
        if (p_.has_token_type_ids) in.emplace_back("token_type_ids", Tensor::ints({1, T_}, types()));
        if (p_.needs_input_ids) in.emplace_back("input_ids", Tensor::ints({1, T_}, text_.ids));
        std::vector<float> tw;
        for (int64_t k = 0; k < n; ++k) tw.insert(tw.end(), target_row.begin(), target_row.end());
        std::vector<int64_t> tw_shape{n};
        if (p_.token_classification) tw_shape.push_back(T_);
        tw_shape.push_back(p_.num_classes);
        in.emplace_back("target_weights", Tensor::floats(tw_shape, tw));
        in.emplace_back("objective_weights", Tensor::floats({3}, objective_weights));
        NamedTensors out = runner_.run(in, {"logits", "objective", "token_attr", "token_grad_norm"});
        Rows r;
        r.logits = out[0].second.f32;
        r.objective = out[1].second.f32;
        r.attr = out[2].second.f32;
        r.norm = out[3].second.f32;
        EXPECT_EQ(out[2].second.shape, (std::vector<int64_t>{n, T_}));
        EXPECT_EQ(out[3].second.shape, (std::vector<int64_t>{n, T_}));
        return r;
    }
    std::vector<int64_t> mask() const { return text_.mask.empty() ? std::vector<int64_t>(T_, 1) : text_.mask; }
    std::vector<int64_t> types() const { return text_.types.empty() ? std::vector<int64_t>(T_, 0) : text_.types; }

private:
    const PreparedModel& p_;
    const TextInput& text_;
    int64_t T_;
    OrtRunner runner_;
};

double sum_row(const std::vector<float>& v, int64_t row, int64_t width) {
    double s = 0;
    for (int64_t i = 0; i < width; ++i) s += v[row * width + i];
    return s;
}

// Expected objective for one row from its logits (single/multi-label), in double.
double expected_objective(const std::vector<float>& logits, int64_t offset, int64_t positions, int64_t C,
                          const std::vector<float>& tw, const std::vector<float>& ow, bool multi_label) {
    double s = 0;
    for (int64_t p = 0; p < positions; ++p) {
        const float* l = logits.data() + offset + p * C;
        double m = *std::max_element(l, l + C), z = 0;
        for (int64_t c = 0; c < C; ++c) z += std::exp(l[c] - m);
        for (int64_t c = 0; c < C; ++c) {
            double prob, logprob;
            if (multi_label) {
                prob = 1 / (1 + std::exp(-l[c]));
                logprob = std::min<double>(l[c], 0) - std::log1p(std::exp(-std::fabs(l[c])));
            } else {
                logprob = l[c] - m - std::log(z);
                prob = std::exp(logprob);
            }
            s += tw[p * C + c] * (ow[0] * l[c] + ow[1] * prob + ow[2] * logprob);
        }
    }
    return s;
}

}  // namespace

void check_prepared_model(const std::string& original_bytes, const PreparedModel& p, const TextInput& text,
                          const PrepareOptions& options, const PreparedCheckOptions& check) {
    const int64_t T = static_cast<int64_t>(text.ids.size()), E = p.embeddings.dim, C = p.num_classes;
    ASSERT_GT(C, 0) << "the number of classes must be known";
    const int64_t positions = p.token_classification ? T : 1;
    const int64_t logits_width = positions * C;
    PreparedRunner prepared(p, text, T);
    std::mt19937 rng(check.seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);

    // --- forward invariance ---------------------------------------------------------------------
    OrtRunner original = OrtRunner::from_bytes(original_bytes);
    NamedTensors orig_in;
    orig_in.emplace_back("input_ids", Tensor::ints({1, T}, text.ids));
    std::vector<std::string> orig_inputs = original.input_names();
    auto has = [&](const std::string& n) { return std::find(orig_inputs.begin(), orig_inputs.end(), n) != orig_inputs.end(); };
    if (has("attention_mask")) orig_in.emplace_back("attention_mask", Tensor::ints({1, T}, prepared.mask()));
    if (has("token_type_ids")) orig_in.emplace_back("token_type_ids", Tensor::ints({1, T}, prepared.types()));
    std::vector<std::string> orig_outputs = original.output_names();
    std::string logits_name = std::find(orig_outputs.begin(), orig_outputs.end(), "logits") != orig_outputs.end()
                                  ? "logits" : orig_outputs[0];
    Tensor reference = original.run(orig_in, {logits_name})[0].second;
    ASSERT_EQ(reference.numel(), logits_width);

    const std::vector<float> x = p.embeddings.lookup(text.ids);
    std::vector<float> zeros(x.size(), 0.0f);
    std::vector<float> tw(static_cast<size_t>(logits_width));
    for (auto& v : tw) v = normal(rng);
    Rows same = prepared.run(x, zeros, {1.0f, 1.0f, 1.0f}, tw, {1, 0, 0});
    for (int64_t k = 0; k < 3; ++k)
        for (int64_t i = 0; i < logits_width; ++i)
            EXPECT_NEAR(same.logits[k * logits_width + i], reference.f32[i], check.logits_atol)
                << "prepared logits differ from the original model's (row " << k << ", index " << i << ")";

    // --- objective definition ---------------------------------------------------------------------
    const bool multi = options.problem_type == ProblemType::MultiLabel;
    for (const std::vector<float>& ow : {std::vector<float>{1, 0, 0}, std::vector<float>{0.3f, 0.5f, 0.2f}, std::vector<float>{0, 0, 1}}) {
        Rows r = prepared.run(x, zeros, {1.0f, 0.5f}, tw, ow);
        for (int64_t k = 0; k < 2; ++k) {
            double want = expected_objective(r.logits, k * logits_width, positions, C, tw, ow, multi);
            EXPECT_NEAR(r.objective[k], want, 1e-4 * (1 + std::fabs(want))) << "objective row " << k;
        }
    }

    // --- gradient along the path (Richardson-extrapolated central differences in alpha) ---------
    std::vector<float> baseline(x.size());
    for (auto& v : baseline) v = 0.5f * normal(rng);
    auto check_directional = [&](const std::vector<float>& base, const std::vector<float>& ow, float a, const char* what) {
        const float h = 0.01f;  // small: ReLU kinks must not fall inside [a - h, a + h]
        Rows r = prepared.run(x, base, {a - h, a + h, a - h / 2, a + h / 2, a}, tw, ow);
        double d1 = (r.objective[1] - r.objective[0]) / (2.0 * h);
        double d2 = (r.objective[3] - r.objective[2]) / static_cast<double>(h);
        double fd = (4 * d2 - d1) / 3;
        double an = sum_row(r.attr, 4, T);
        EXPECT_NEAR(fd, an, check.grad_atol + check.grad_rtol * (std::fabs(fd) + std::fabs(an)))
            << what << " at alpha " << a << ": finite differences " << fd << " vs sum of token_attr " << an;
        return r;
    };
    for (const std::vector<float>& ow : {std::vector<float>{1, 0, 0}, std::vector<float>{0.2f, 0.5f, 0.3f}}) {
        check_directional(baseline, ow, 0.3f, "whole-path derivative");
        check_directional(zeros, ow, 0.8f, "whole-path derivative (zero baseline)");
    }
    // Per token: a baseline equal to x except at token t isolates token t's attribution.
    for (int probe = 0; probe < check.tokens_to_probe && probe < T; ++probe) {
        int64_t t = (probe * 7 + 1) % T;
        std::vector<float> base = x;
        for (int64_t j = 0; j < E; ++j) base[t * E + j] = normal(rng);
        Rows r = check_directional(base, {1, 0, 0}, 0.6f, "per-token derivative");
        for (int64_t u = 0; u < T; ++u)
            if (u != t) EXPECT_EQ(r.attr[4 * T + u], 0.0f) << "token " << u << " has no input difference";
    }

    // --- saliency norm: rebuild the gradient of one token from E unit baselines ------------------
    {
        int64_t t = T / 2;
        double sq = 0;
        float reported = -1;
        for (int64_t j = 0; j < E; ++j) {
            std::vector<float> base = x;
            base[t * E + j] -= 1.0f;  // x − x' = e_j at token t
            Rows r = prepared.run(x, base, {1.0f}, tw, {1, 0, 0});
            sq += static_cast<double>(r.attr[t]) * r.attr[t];
            reported = r.norm[t];
        }
        EXPECT_NEAR(reported, std::sqrt(sq), 1e-4 * (1 + std::sqrt(sq))) << "token_grad_norm of token " << t;
    }

    // --- completeness: Simpson's rule over m = completeness_intervals (error O(1/m^4): a trained
    // model's integrand can bend sharply, where the trapezoid's O(1/m^2) error alone would exceed
    // the tolerance) -------------------------------------------------------------------------------
    {
        const int m = check.completeness_intervals;
        std::vector<float> alphas;
        for (int k = 0; k <= m; ++k) alphas.push_back(static_cast<float>(k) / m);
        Rows r = prepared.run(x, baseline, alphas, tw, {0, 1, 0});
        double integral = 0;
        for (int k = 0; k <= m; ++k)
            integral += (k == 0 || k == m ? 1.0 : k % 2 ? 4.0 : 2.0) * sum_row(r.attr, k, T) / (3.0 * m);
        double delta = r.objective[m] - r.objective[0];
        EXPECT_NEAR(integral, delta, 1e-4 + check.completeness_rtol * std::fabs(delta))
            << "IG completeness: sum of attributions " << integral << " vs objective change " << delta;
    }

    // --- allow-list ---------------------------------------------------------------------------------
    if (check.check_allow_list) {
        onnx::Model prepared_model = onnx::read_model(p.onnx_bytes);
        for (const auto& n : prepared_model.graph.nodes) {
            EXPECT_TRUE(op_in_webgpu_allow_list(n.op_type)) << n.op_type << " (" << n.name << ") is outside the WebGPU allow-list";
            // ORT would constant-fold a transposed copy of every weight.
            if (n.op_type == "Transpose" && n.name.rfind("iglens/", 0) == 0)
                EXPECT_EQ(prepared_model.graph.find_initializer(n.input(0)), nullptr)
                    << n.name << " transposes the weight " << n.input(0);
        }
        EXPECT_TRUE(p.report.ops_outside_allow_list.empty());
    }
}

}  // namespace iglens::testing
