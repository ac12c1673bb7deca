#include "iglens/ig_quadrature.h"

#include <cmath>

#include "iglens/error.h"

namespace iglens {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

void gauss_legendre_nodes(int n, std::vector<double>& nodes, std::vector<double>& weights) {
    if (n < 1) throw Error("Gauss-Legendre needs at least 1 node; got " + std::to_string(n));
    nodes.assign(n, 0.0);
    weights.assign(n, 0.0);
    // The roots are symmetric about 0, so only the upper half is solved for.
    const int half = (n + 1) / 2;
    for (int i = 0; i < half; ++i) {
        // Tricomi's asymptotic guess is close enough that Newton converges to the i-th root.
        double x = std::cos(kPi * (i + 0.75) / (n + 0.5));
        double derivative = 1.0;
        for (int iteration = 0; iteration < 100; ++iteration) {
            // Three-term recurrence for P_n(x), P_{n-1}(x).
            double p_current = 1.0, p_previous = 0.0;
            for (int k = 1; k <= n; ++k) {
                const double p_before = p_previous;
                p_previous = p_current;
                p_current = ((2.0 * k - 1.0) * x * p_previous - (k - 1.0) * p_before) / k;
            }
            derivative = n * (x * p_current - p_previous) / (x * x - 1.0);
            const double step = p_current / derivative;
            x -= step;
            if (std::fabs(step) <= 1e-16 * std::fabs(x) + 1e-300) break;
        }
        // Derivative at the converged root gives the weight 2 / ((1 - x^2) P_n'(x)^2).
        double p_current = 1.0, p_previous = 0.0;
        for (int k = 1; k <= n; ++k) {
            const double p_before = p_previous;
            p_previous = p_current;
            p_current = ((2.0 * k - 1.0) * x * p_previous - (k - 1.0) * p_before) / k;
        }
        derivative = n * (x * p_current - p_previous) / (x * x - 1.0);
        const double weight = 2.0 / ((1.0 - x * x) * derivative * derivative);
        nodes[i] = -x;
        nodes[n - 1 - i] = x;
        weights[i] = weight;
        weights[n - 1 - i] = weight;
    }
    if (n % 2 == 1) nodes[n / 2] = 0.0;  // exact centre, not a Newton residue
}

int quadrature_min_steps(Quadrature kind) { return kind == Quadrature::RiemannTrapezoid ? 2 : 1; }

QuadratureRule quadrature_rule(Quadrature kind, int n) {
    if (n < quadrature_min_steps(kind))
        throw Error(std::string("the ") + quadrature_name(kind) + " rule needs at least " +
                    std::to_string(quadrature_min_steps(kind)) + " steps; got " + std::to_string(n));
    QuadratureRule rule;
    rule.alphas.resize(n);
    rule.weights.resize(n);
    switch (kind) {
        case Quadrature::GaussLegendre: {
            std::vector<double> nodes, weights;
            gauss_legendre_nodes(n, nodes, weights);
            for (int k = 0; k < n; ++k) {
                rule.alphas[k] = 0.5 * (nodes[k] + 1.0);
                rule.weights[k] = 0.5 * weights[k];
            }
            break;
        }
        case Quadrature::RiemannLeft:
        case Quadrature::RiemannRight:
        case Quadrature::RiemannMiddle: {
            const double offset = kind == Quadrature::RiemannLeft ? 0.0 : kind == Quadrature::RiemannRight ? 1.0 : 0.5;
            for (int k = 0; k < n; ++k) {
                rule.alphas[k] = (k + offset) / n;
                rule.weights[k] = 1.0 / n;
            }
            break;
        }
        case Quadrature::RiemannTrapezoid: {
            for (int k = 0; k < n; ++k) {
                rule.alphas[k] = static_cast<double>(k) / (n - 1);
                rule.weights[k] = 1.0 / (n - 1);
            }
            rule.alphas[n - 1] = 1.0;  // the end point itself, not 1 - rounding
            rule.weights[0] *= 0.5;
            rule.weights[n - 1] *= 0.5;
            break;
        }
    }
    return rule;
}

const char* quadrature_name(Quadrature kind) {
    switch (kind) {
        case Quadrature::GaussLegendre: return "gausslegendre";
        case Quadrature::RiemannLeft: return "riemann_left";
        case Quadrature::RiemannRight: return "riemann_right";
        case Quadrature::RiemannMiddle: return "riemann_middle";
        case Quadrature::RiemannTrapezoid: return "riemann_trapezoid";
    }
    return "unknown";
}

Quadrature parse_quadrature(const std::string& name) {
    if (name == "gausslegendre" || name == "gauss_legendre" || name == "gl") return Quadrature::GaussLegendre;
    if (name == "riemann_left" || name == "left") return Quadrature::RiemannLeft;
    if (name == "riemann_right" || name == "right") return Quadrature::RiemannRight;
    if (name == "riemann_middle" || name == "middle") return Quadrature::RiemannMiddle;
    if (name == "riemann_trapezoid" || name == "trapezoid") return Quadrature::RiemannTrapezoid;
    throw Error("unknown quadrature '" + name +
                "'; choose gausslegendre, riemann_left, riemann_right, riemann_middle or riemann_trapezoid");
}

}  // namespace iglens
