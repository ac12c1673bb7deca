// Path-integral approximation rules on [0, 1] (Captum's "approximation methods"): which
// interpolation points alpha_k the prepared graph is evaluated at, and with which weight each
// row's token_attr enters the integral. Kept apart from the attribution methods so a rule can be
// tested (and swapped) on its own.
#pragma once

#include <string>
#include <vector>

namespace iglens {

enum class Quadrature {
    GaussLegendre,     // default: exact for polynomials of degree <= 2n-1, never evaluates the endpoints
    RiemannLeft,       // alpha_k = k/n,        k = 0..n-1, weight 1/n
    RiemannRight,      // alpha_k = (k+1)/n,    k = 0..n-1, weight 1/n
    RiemannMiddle,     // alpha_k = (k+1/2)/n,  k = 0..n-1, weight 1/n
    RiemannTrapezoid,  // alpha_k = k/(n-1),    k = 0..n-1 (both endpoints), weight 1/(n-1), halved at the ends
};

// Nodes in increasing order with their weights; the weights sum to 1.
struct QuadratureRule {
    std::vector<double> alphas;
    std::vector<double> weights;
};

// The n-point rule. iglens::Error when n < 1 (n < 2 for the trapezoid, which needs both ends).
QuadratureRule quadrature_rule(Quadrature kind, int n);

// Gauss-Legendre nodes and weights on [-1, 1] (ascending), computed by Newton's method on the
// Legendre polynomial P_n in double precision, for any n >= 1.
void gauss_legendre_nodes(int n, std::vector<double>& nodes, std::vector<double>& weights);

// Smallest n the rule accepts (2 for the trapezoid, else 1).
int quadrature_min_steps(Quadrature kind);

// "gausslegendre", "riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid"
// (Captum's names); parse_quadrature also accepts "gl" and "trapezoid" and throws iglens::Error
// listing the choices for anything else.
const char* quadrature_name(Quadrature kind);
Quadrature parse_quadrature(const std::string& name);

}  // namespace iglens
