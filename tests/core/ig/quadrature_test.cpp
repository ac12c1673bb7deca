#include <gtest/gtest.h>

#include <cmath>

#include "iglens/error.h"
#include "iglens/ig_quadrature.h"

namespace iglens {
namespace {

double integrate(const QuadratureRule& rule, int degree) {
    double sum = 0.0;
    for (size_t k = 0; k < rule.alphas.size(); ++k) sum += rule.weights[k] * std::pow(rule.alphas[k], degree);
    return sum;
}

TEST(GaussLegendre, IntegratesPolynomialsUpToDegree2nMinus1Exactly) {
    for (int n = 1; n <= 40; ++n) {
        const QuadratureRule rule = quadrature_rule(Quadrature::GaussLegendre, n);
        for (int degree = 0; degree <= 2 * n - 1; ++degree)
            EXPECT_NEAR(integrate(rule, degree), 1.0 / (degree + 1), 1e-13) << "n=" << n << " degree=" << degree;
        // Degree 2n is where it stops being exact: the error is (n!)^4 / ((2n+1) ((2n)!)^2) on [0,1].
        if (n <= 8) {
            double factorial_n = 1.0, factorial_2n = 1.0;
            for (int k = 1; k <= n; ++k) factorial_n *= k;
            for (int k = 1; k <= 2 * n; ++k) factorial_2n *= k;
            const double expected_error = std::pow(factorial_n, 4) / ((2 * n + 1) * factorial_2n * factorial_2n);
            EXPECT_NEAR(1.0 / (2 * n + 1) - integrate(rule, 2 * n), expected_error, 1e-6 * expected_error + 1e-15)
                << "n=" << n;
        }
    }
}

TEST(GaussLegendre, MatchesClosedFormNodesForSmallN) {
    std::vector<double> nodes, weights;
    gauss_legendre_nodes(2, nodes, weights);
    EXPECT_NEAR(nodes[0], -1.0 / std::sqrt(3.0), 1e-15);
    EXPECT_NEAR(nodes[1], 1.0 / std::sqrt(3.0), 1e-15);
    EXPECT_NEAR(weights[0], 1.0, 1e-15);
    gauss_legendre_nodes(3, nodes, weights);
    EXPECT_NEAR(nodes[0], -std::sqrt(0.6), 1e-15);
    EXPECT_EQ(nodes[1], 0.0);
    EXPECT_NEAR(weights[0], 5.0 / 9.0, 1e-15);
    EXPECT_NEAR(weights[1], 8.0 / 9.0, 1e-15);
}

TEST(GaussLegendre, LargeNStaysWellFormed) {
    for (int n : {100, 256, 1000}) {
        const QuadratureRule rule = quadrature_rule(Quadrature::GaussLegendre, n);
        double total = 0.0;
        for (int k = 0; k < n; ++k) {
            EXPECT_GT(rule.alphas[k], 0.0);
            EXPECT_LT(rule.alphas[k], 1.0);
            if (k > 0) {
                EXPECT_GT(rule.alphas[k], rule.alphas[k - 1]);
            }
            EXPECT_GT(rule.weights[k], 0.0);
            EXPECT_NEAR(rule.alphas[k], 1.0 - rule.alphas[n - 1 - k], 1e-14);
            total += rule.weights[k];
        }
        EXPECT_NEAR(total, 1.0, 1e-13);
        EXPECT_NEAR(integrate(rule, 7), 1.0 / 8.0, 1e-13);
        // A smooth non-polynomial: integral of cos over [0,1].
        double cosine = 0.0;
        for (int k = 0; k < n; ++k) cosine += rule.weights[k] * std::cos(rule.alphas[k]);
        EXPECT_NEAR(cosine, std::sin(1.0), 1e-13);
    }
}

TEST(Riemann, NodesAndWeightsFollowTheirDefinitions) {
    const int n = 4;
    const QuadratureRule left = quadrature_rule(Quadrature::RiemannLeft, n);
    const QuadratureRule right = quadrature_rule(Quadrature::RiemannRight, n);
    const QuadratureRule middle = quadrature_rule(Quadrature::RiemannMiddle, n);
    const QuadratureRule trapezoid = quadrature_rule(Quadrature::RiemannTrapezoid, n);
    const std::vector<double> left_expected = {0.0, 0.25, 0.5, 0.75};
    const std::vector<double> right_expected = {0.25, 0.5, 0.75, 1.0};
    const std::vector<double> middle_expected = {0.125, 0.375, 0.625, 0.875};
    const std::vector<double> trapezoid_expected = {0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0};
    for (int k = 0; k < n; ++k) {
        EXPECT_DOUBLE_EQ(left.alphas[k], left_expected[k]);
        EXPECT_DOUBLE_EQ(right.alphas[k], right_expected[k]);
        EXPECT_DOUBLE_EQ(middle.alphas[k], middle_expected[k]);
        EXPECT_DOUBLE_EQ(trapezoid.alphas[k], trapezoid_expected[k]);
        EXPECT_DOUBLE_EQ(left.weights[k], 0.25);
        EXPECT_DOUBLE_EQ(right.weights[k], 0.25);
        EXPECT_DOUBLE_EQ(middle.weights[k], 0.25);
    }
    // Both endpoints are in the trapezoid rule, with half weight (LIT drops alpha = 1; we do not).
    EXPECT_EQ(trapezoid.alphas.back(), 1.0);
    EXPECT_DOUBLE_EQ(trapezoid.weights[0], 1.0 / 6.0);
    EXPECT_DOUBLE_EQ(trapezoid.weights[1], 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(trapezoid.weights[3], 1.0 / 6.0);
}

TEST(Riemann, ErrorOrdersOnSimpleIntegrands) {
    for (int n : {3, 10, 33}) {
        // Trapezoid and midpoint are exact on linear functions; left/right are off by 1/(2n).
        EXPECT_NEAR(integrate(quadrature_rule(Quadrature::RiemannTrapezoid, n), 1), 0.5, 1e-15);
        EXPECT_NEAR(integrate(quadrature_rule(Quadrature::RiemannMiddle, n), 1), 0.5, 1e-15);
        EXPECT_NEAR(integrate(quadrature_rule(Quadrature::RiemannLeft, n), 1), 0.5 - 0.5 / n, 1e-15);
        EXPECT_NEAR(integrate(quadrature_rule(Quadrature::RiemannRight, n), 1), 0.5 + 0.5 / n, 1e-15);
        // On x^2 the trapezoid error is exactly 1/(6 (n-1)^2), the midpoint's -1/(12 n^2).
        EXPECT_NEAR(integrate(quadrature_rule(Quadrature::RiemannTrapezoid, n), 2) - 1.0 / 3.0,
                    1.0 / (6.0 * (n - 1) * (n - 1)), 1e-14);
        EXPECT_NEAR(integrate(quadrature_rule(Quadrature::RiemannMiddle, n), 2) - 1.0 / 3.0, -1.0 / (12.0 * n * n),
                    1e-14);
    }
}

TEST(Quadrature, RejectsTooFewStepsAndUnknownNames) {
    EXPECT_THROW(quadrature_rule(Quadrature::GaussLegendre, 0), Error);
    EXPECT_THROW(quadrature_rule(Quadrature::RiemannTrapezoid, 1), Error);
    EXPECT_NO_THROW(quadrature_rule(Quadrature::RiemannLeft, 1));
    EXPECT_THROW(parse_quadrature("simpson"), Error);
    for (Quadrature kind : {Quadrature::GaussLegendre, Quadrature::RiemannLeft, Quadrature::RiemannRight,
                            Quadrature::RiemannMiddle, Quadrature::RiemannTrapezoid})
        EXPECT_EQ(parse_quadrature(quadrature_name(kind)), kind);
}

}  // namespace
}  // namespace iglens
