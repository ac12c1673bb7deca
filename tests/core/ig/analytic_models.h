// Analytic stand-ins for a prepared graph: small models over the embeddings z [T,E] whose logits
// and Jacobians are known in closed form, wrapped in PreparedGraphSimulator, which answers a run's
// NamedTensors exactly as the prepared graph's contract says (core/include/iglens/ig.h): in-graph
// interpolation in float32, objective from target_weights/objective_weights, token_attr and
// token_grad_norm from the gradient. Everything after the interpolation is computed in double.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "iglens/error.h"
#include "iglens/tensor.h"

namespace iglens::testing {

// logits(z) and the Jacobian d logits / d z, rows = logits (C, or T*C per-token), cols = T*E.
struct AnalyticModel {
    int64_t T = 0, E = 0, C = 0;
    bool per_token = false;
    virtual ~AnalyticModel() = default;
    virtual std::vector<double> logits(const std::vector<double>& z) const = 0;
    virtual std::vector<double> jacobian(const std::vector<double>& z) const = 0;
    int64_t logit_count() const { return per_token ? T * C : C; }
};

// A small deterministic generator for model weights (not the engine's, on purpose).
inline double test_weight(uint64_t& state) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (static_cast<double>(state >> 11) * 0x1.0p-53) * 2.0 - 1.0;
}

// logits_c = sum_i W[c,i] z_i + b_c (per_token: logits[t,c] = sum_h W[c,h] z[t,h] + b_c).
struct LinearModel : AnalyticModel {
    std::vector<double> W, b;
    LinearModel(int64_t t, int64_t e, int64_t c, uint64_t seed, bool per_token_logits = false) {
        T = t; E = e; C = c; per_token = per_token_logits;
        const int64_t inputs = per_token ? E : T * E;
        for (int64_t i = 0; i < C * inputs; ++i) W.push_back(test_weight(seed));
        for (int64_t i = 0; i < C; ++i) b.push_back(0.1 * test_weight(seed));
    }
    std::vector<double> logits(const std::vector<double>& z) const override {
        std::vector<double> out(logit_count(), 0.0);
        if (!per_token) {
            for (int64_t c = 0; c < C; ++c) {
                out[c] = b[c];
                for (int64_t i = 0; i < T * E; ++i) out[c] += W[c * T * E + i] * z[i];
            }
        } else {
            for (int64_t t = 0; t < T; ++t)
                for (int64_t c = 0; c < C; ++c) {
                    out[t * C + c] = b[c];
                    for (int64_t h = 0; h < E; ++h) out[t * C + c] += W[c * E + h] * z[t * E + h];
                }
        }
        return out;
    }
    std::vector<double> jacobian(const std::vector<double>&) const override {
        std::vector<double> J(logit_count() * T * E, 0.0);
        if (!per_token) return W;
        for (int64_t t = 0; t < T; ++t)
            for (int64_t c = 0; c < C; ++c)
                for (int64_t h = 0; h < E; ++h) J[(t * C + c) * T * E + t * E + h] = W[c * E + h];
        return J;
    }
};

// logits_c = sum_i A[c,i] z_i^2 + B[c,i] z_i: the IG integrand is linear in alpha, so
// IG_i = d_i (A (x_i + x'_i) + B) exactly.
struct QuadraticModel : AnalyticModel {
    std::vector<double> A, B;
    QuadraticModel(int64_t t, int64_t e, int64_t c, uint64_t seed) {
        T = t; E = e; C = c;
        for (int64_t i = 0; i < C * T * E; ++i) A.push_back(test_weight(seed));
        for (int64_t i = 0; i < C * T * E; ++i) B.push_back(test_weight(seed));
    }
    std::vector<double> logits(const std::vector<double>& z) const override {
        std::vector<double> out(C, 0.0);
        for (int64_t c = 0; c < C; ++c)
            for (int64_t i = 0; i < T * E; ++i) out[c] += A[c * T * E + i] * z[i] * z[i] + B[c * T * E + i] * z[i];
        return out;
    }
    std::vector<double> jacobian(const std::vector<double>& z) const override {
        std::vector<double> J(C * T * E);
        for (int64_t c = 0; c < C; ++c)
            for (int64_t i = 0; i < T * E; ++i) J[c * T * E + i] = 2.0 * A[c * T * E + i] * z[i] + B[c * T * E + i];
        return J;
    }
};

// logits_c = sum_j V[c,j] tanh(U_j . z + beta_j) + b_c. With a logit objective IG has a closed
// form: IG_i = d_i sum_j V[c,j] U[j,i] (tanh(a_j + g_j) - tanh(a_j)) / g_j, a_j = U_j.x' + beta_j,
// g_j = U_j.(x - x').
struct TanhMlpModel : AnalyticModel {
    int64_t hidden = 0;
    double scale = 1.0;
    std::vector<double> U, beta, V, b;
    TanhMlpModel(int64_t t, int64_t e, int64_t c, int64_t h, uint64_t seed, double weight_scale = 1.0) {
        T = t; E = e; C = c; hidden = h; scale = weight_scale;
        for (int64_t i = 0; i < hidden * T * E; ++i) U.push_back(weight_scale * test_weight(seed));
        for (int64_t j = 0; j < hidden; ++j) beta.push_back(0.5 * test_weight(seed));
        for (int64_t i = 0; i < C * hidden; ++i) V.push_back(test_weight(seed));
        for (int64_t i = 0; i < C; ++i) b.push_back(0.1 * test_weight(seed));
    }
    std::vector<double> pre(const std::vector<double>& z) const {
        std::vector<double> u(hidden);
        for (int64_t j = 0; j < hidden; ++j) {
            u[j] = beta[j];
            for (int64_t i = 0; i < T * E; ++i) u[j] += U[j * T * E + i] * z[i];
        }
        return u;
    }
    std::vector<double> logits(const std::vector<double>& z) const override {
        const std::vector<double> u = pre(z);
        std::vector<double> out(C);
        for (int64_t c = 0; c < C; ++c) {
            out[c] = b[c];
            for (int64_t j = 0; j < hidden; ++j) out[c] += V[c * hidden + j] * std::tanh(u[j]);
        }
        return out;
    }
    std::vector<double> jacobian(const std::vector<double>& z) const override {
        const std::vector<double> u = pre(z);
        std::vector<double> J(C * T * E, 0.0);
        for (int64_t c = 0; c < C; ++c)
            for (int64_t j = 0; j < hidden; ++j) {
                const double s = V[c * hidden + j] * (1.0 - std::tanh(u[j]) * std::tanh(u[j]));
                for (int64_t i = 0; i < T * E; ++i) J[c * T * E + i] += s * U[j * T * E + i];
            }
        return J;
    }
    // Exact IG per token for the logit of class c.
    std::vector<double> exact_logit_ig(const std::vector<double>& x, const std::vector<double>& xb, int64_t c) const {
        const std::vector<double> a = pre(xb);
        std::vector<double> d(T * E);
        for (int64_t i = 0; i < T * E; ++i) d[i] = x[i] - xb[i];
        std::vector<double> per_token(T, 0.0);
        for (int64_t j = 0; j < hidden; ++j) {
            double g = 0.0;
            for (int64_t i = 0; i < T * E; ++i) g += U[j * T * E + i] * d[i];
            const double mean_sech2 = std::fabs(g) < 1e-12 ? 1.0 - std::tanh(a[j]) * std::tanh(a[j])
                                                          : (std::tanh(a[j] + g) - std::tanh(a[j])) / g;
            for (int64_t i = 0; i < T * E; ++i) per_token[i / E] += d[i] * V[c * hidden + j] * U[j * T * E + i] * mean_sech2;
        }
        return per_token;
    }
};

// Softmax / sigmoid objective pieces, per group of C logits.
inline void objective_and_grad(const std::vector<double>& logits, const float* target_weights, const float* ow,
                               int64_t groups, int64_t C, bool multi_label, double& objective,
                               std::vector<double>& dS_dlogit) {
    objective = 0.0;
    dS_dlogit.assign(groups * C, 0.0);
    for (int64_t g = 0; g < groups; ++g) {
        const double* l = logits.data() + g * C;
        const float* w = target_weights + g * C;
        std::vector<double> p(C), logp(C);
        if (multi_label) {
            for (int64_t c = 0; c < C; ++c) {
                p[c] = 1.0 / (1.0 + std::exp(-l[c]));
                logp[c] = -std::log1p(std::exp(-l[c]));
            }
        } else {
            double m = l[0];
            for (int64_t c = 1; c < C; ++c) m = std::max(m, l[c]);
            double total = 0.0;
            for (int64_t c = 0; c < C; ++c) total += std::exp(l[c] - m);
            for (int64_t c = 0; c < C; ++c) {
                logp[c] = l[c] - m - std::log(total);
                p[c] = std::exp(logp[c]);
            }
        }
        double weighted_p = 0.0, weight_sum = 0.0;
        for (int64_t c = 0; c < C; ++c) {
            objective += w[c] * (ow[0] * l[c] + ow[1] * p[c] + ow[2] * logp[c]);
            weighted_p += w[c] * p[c];
            weight_sum += w[c];
        }
        for (int64_t j = 0; j < C; ++j) {
            double grad = ow[0] * w[j];
            if (multi_label) {
                grad += ow[1] * w[j] * p[j] * (1.0 - p[j]) + ow[2] * w[j] * (1.0 - p[j]);
            } else {
                grad += ow[1] * (w[j] * p[j] - p[j] * weighted_p) + ow[2] * (w[j] - p[j] * weight_sum);
            }
            dS_dlogit[g * C + j] = grad;
        }
    }
}

// Answers runs the way the prepared graph does. Records what it saw for the tests.
class PreparedGraphSimulator {
public:
    explicit PreparedGraphSimulator(const AnalyticModel& model, bool multi_label = false)
        : model_(model), multi_label_(multi_label) {}

    int runs = 0;
    std::vector<int64_t> rows_per_run;
    std::vector<std::vector<float>> alphas_per_run;
    std::vector<std::vector<float>> target_weights_per_run;
    std::vector<NamedTensors> inputs_seen;
    // Corrupts output `corrupt_output` of run `corrupt_run` with `corrupt_value` (NaN tests).
    int corrupt_run = -1;
    std::string corrupt_output;
    float corrupt_value = 0.0f;

    NamedTensors run(const NamedTensors& inputs) {
        inputs_seen.push_back(inputs);
        const Tensor& x = find_tensor(inputs, "input_embeds");
        const Tensor& xb = find_tensor(inputs, "baseline_embeds");
        const Tensor& alphas = find_tensor(inputs, "alphas");
        const Tensor& tw = find_tensor(inputs, "target_weights");
        const Tensor& ow = find_tensor(inputs, "objective_weights");
        const Tensor& mask = find_tensor(inputs, "attention_mask");
        const int64_t T = model_.T, E = model_.E, C = model_.C;
        if (x.shape != std::vector<int64_t>{1, T, E} || xb.shape != x.shape || mask.shape != std::vector<int64_t>{1, T})
            throw Error("simulator: bad input shapes");
        const int64_t n = alphas.shape.at(0);
        const int64_t L = model_.logit_count();
        if (tw.numel() != n * L || ow.numel() != 3) throw Error("simulator: bad weight shapes");
        rows_per_run.push_back(n);
        alphas_per_run.push_back(alphas.f32);
        target_weights_per_run.push_back(tw.f32);

        std::vector<float> logits_out, objective_out, attr_out, norm_out;
        for (int64_t k = 0; k < n; ++k) {
            std::vector<double> z(T * E), diff(T * E);
            for (int64_t i = 0; i < T * E; ++i) {
                const float d = x.f32[i] - xb.f32[i];  // float32, as in the graph
                z[i] = static_cast<double>(xb.f32[i] + alphas.f32[k] * d);
                diff[i] = d;
            }
            const std::vector<double> logits = model_.logits(z);
            const std::vector<double> J = model_.jacobian(z);
            double S;
            std::vector<double> g;
            objective_and_grad(logits, tw.f32.data() + k * L, ow.f32.data(), L / C, C, multi_label_, S, g);
            std::vector<double> grad(T * E, 0.0);
            for (int64_t r = 0; r < L; ++r)
                if (g[r] != 0.0)
                    for (int64_t i = 0; i < T * E; ++i) grad[i] += g[r] * J[r * T * E + i];
            for (double l : logits) logits_out.push_back(static_cast<float>(l));
            objective_out.push_back(static_cast<float>(S));
            for (int64_t t = 0; t < T; ++t) {
                double attr = 0.0, norm = 0.0;
                for (int64_t h = 0; h < E; ++h) {
                    attr += grad[t * E + h] * diff[t * E + h];
                    norm += grad[t * E + h] * grad[t * E + h];
                }
                attr_out.push_back(static_cast<float>(attr));
                norm_out.push_back(static_cast<float>(std::sqrt(norm)));
            }
        }
        NamedTensors outputs;
        std::vector<int64_t> logit_shape = model_.per_token ? std::vector<int64_t>{n, T, C} : std::vector<int64_t>{n, C};
        outputs.emplace_back("logits", Tensor::floats(logit_shape, logits_out));
        outputs.emplace_back("objective", Tensor::floats({n}, objective_out));
        outputs.emplace_back("token_attr", Tensor::floats({n, T}, attr_out));
        outputs.emplace_back("token_grad_norm", Tensor::floats({n, T}, norm_out));
        if (runs == corrupt_run)
            for (auto& [name, tensor] : outputs)
                if (name == corrupt_output) tensor.f32.back() = corrupt_value;
        ++runs;
        return outputs;
    }

private:
    const AnalyticModel& model_;
    bool multi_label_;
};

}  // namespace iglens::testing
