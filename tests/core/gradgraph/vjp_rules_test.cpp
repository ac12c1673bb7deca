// Per-op adjoint tests of every VJP rule: small graphs over random shapes (broadcasting,
// size-1 dims, negative axes, keepdims 0/1, opset variants), checked by central finite
// differences in float64 where ONNX Runtime has double kernels, float32 otherwise.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>

#include "core/gradgraph/adjoint_check.h"
#include "iglens/error.h"
#include "support/graph_dsl.h"

namespace iglens::testing {
namespace {

using onnx::Attribute;

constexpr int32_t kF64 = onnx::kDouble;
constexpr int32_t kF32 = onnx::kFloat;

std::vector<int64_t> symbolic(size_t rank) { return std::vector<int64_t>(rank, -1); }

Tensor rnd(const std::vector<int64_t>& shape, unsigned seed, DType dt = DType::Float64, double scale = 1.0) {
    std::mt19937 rng(seed);
    return random_tensor(dt, shape, rng, scale);
}

// Values pushed away from 0 (|v| >= margin), keeping signs: for kinks and divisions.
Tensor away_from_zero(Tensor t, double margin) {
    std::vector<double> v = values_of(t);
    for (auto& x : v) x = x >= 0 ? x + margin : x - margin;
    return with_values(t, v);
}

Tensor positive(Tensor t, double offset = 0.5) {
    std::vector<double> v = values_of(t);
    for (auto& x : v) x = std::fabs(x) + offset;
    return with_values(t, v);
}

AdjointOptions f32_options() {
    AdjointOptions o;
    o.eps = 1e-2;
    o.rtol = 2e-3;
    o.atol = 1e-4;
    return o;
}

// One-input graph: y = op(x).
void check_unary(const std::string& op, Tensor x, int32_t type, std::vector<Attribute> attrs = {},
                 int64_t opset = 14, AdjointOptions opt = {}) {
    ModelBuilder b(opset, type);
    b.input("x", type, symbolic(x.shape.size()));
    b.op(op, {"x"}, std::move(attrs), "y");
    b.output("y", type, {});
    expect_adjoint(b.model(), "y", {"x"}, {{"x", x}}, opt);
}

// Two-input broadcasting graph: y = op(a, b), gradient with respect to both.
void check_binary(const std::string& op, Tensor a, Tensor bt, int64_t opset = 14) {
    ModelBuilder b(opset, kF64);
    b.input("a", kF64, a.shape);
    b.input("b", kF64, bt.shape);
    b.op(op, {"a", "b"}, {}, "y");
    b.output("y", kF64, {});
    expect_adjoint(b.model(), "y", {"a", "b"}, {{"a", a}, {"b", bt}});
}

TEST(VjpRules, AddSubMulDivBroadcast) {
    const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> shapes = {
        {{2, 3, 4}, {4}}, {{2, 1, 4}, {3, 1}}, {{1}, {2, 3}}, {{2, 3}, {2, 3}}, {{}, {3, 2}}, {{3, 1, 5}, {1, 4, 1}}};
    unsigned seed = 10;
    for (const auto& s : shapes) {
        for (const char* op : {"Add", "Sub", "Mul", "Div"}) {
            SCOPED_TRACE(std::string(op));
            Tensor a = rnd(s.first, seed++), bt = rnd(s.second, seed++);
            if (std::string(op) == "Div") bt = away_from_zero(bt, 1.0);
            check_binary(op, a, bt);
        }
    }
}

TEST(VjpRules, SameTensorOnBothSides) {
    ModelBuilder b(14, kF64);
    b.input("x", kF64, {-1, 3});
    b.op("Mul", {"x", "x"}, {}, "y");
    b.output("y", kF64, {});
    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3}, 3)}});
}

TEST(VjpRules, PowConstantExponents) {
    for (double p : {2.0, 3.0, 0.5, 1.7, 1.0}) {
        SCOPED_TRACE(p);
        ModelBuilder b(14, kF64);
        b.input("x", kF64, {-1, 4});
        b.op("Pow", {"x", b.scalar(p)}, {}, "y");
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"x"}, {{"x", positive(rnd({3, 4}, 5))}});
    }
    // Exponent from a Constant node of another type (torch exports float exponents).
    ModelBuilder b(14, kF64);
    b.input("x", kF64, {-1, 4});
    std::string e = b.constant(onnx::TensorData::floats("", {}, {2.0f}));
    b.op("Pow", {"x", b.op("Cast", {e}, {Attribute::make_int("to", kF64)})}, {}, "y");
    b.output("y", kF64, {});
    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({3, 4}, 6)}});
}

TEST(VjpRules, UnaryDoubleKernels) {
    Tensor x = rnd({2, 3, 4}, 7);
    check_unary("Sqrt", positive(x), kF64);
    check_unary("Exp", x, kF64);
    check_unary("Log", positive(x), kF64);
    check_unary("Neg", x, kF64);
    check_unary("Tanh", x, kF64);
    check_unary("Sigmoid", x, kF64);
    check_unary("Reciprocal", away_from_zero(x, 0.5), kF64);
    check_unary("Relu", away_from_zero(x, 0.1), kF64);
    check_unary("Abs", away_from_zero(x, 0.1), kF64);
    check_unary("Identity", x, kF64);
}

TEST(VjpRules, UnaryFloatKernels) {
    Tensor x = rnd({3, 5}, 8, DType::Float32);
    check_unary("Erf", x, kF32, {}, 14, f32_options());
    check_unary("LeakyRelu", away_from_zero(x, 0.1), kF32, {Attribute::make_float("alpha", 0.2f)}, 14, f32_options());
    check_unary("Softplus", x, kF32, {}, 14, f32_options());
    check_unary("Dropout", x, kF32, {}, 14, f32_options());
}

TEST(VjpRules, MaxMinClip) {
    check_binary("Max", rnd({2, 3}, 11), rnd({3}, 12));
    check_binary("Min", rnd({2, 3}, 13), rnd({2, 1}, 14));
    ModelBuilder b(14, kF64);
    b.input("x", kF64, {-1, -1});
    b.op("Clip", {"x", b.scalar(-0.5), b.scalar(0.7)}, {}, "y");
    b.output("y", kF64, {});
    Tensor x = rnd({4, 5}, 15);
    std::vector<double> v = values_of(x);
    for (auto& e : v)
        if (std::fabs(e + 0.5) < 0.05 || std::fabs(e - 0.7) < 0.05) e += 0.2;  // off the kinks
    expect_adjoint(b.model(), "y", {"x"}, {{"x", with_values(x, v)}});
}

TEST(VjpRules, WhereBothBranchesBroadcast) {
    // The condition comes from a float input (iglens::Tensor has no bool dtype).
    ModelBuilder b2(14, kF64);
    b2.input("m", kF64, {2, 1, 4});
    b2.input("x", kF64, {3, 1});
    b2.input("z", kF64, {2, 3, 4});
    std::string cond = b2.op("Greater", {"m", b2.scalar(0)});
    b2.op("Where", {cond, "x", "z"}, {}, "y");
    b2.output("y", kF64, {});
    expect_adjoint(b2.model(), "y", {"x", "z"}, {{"m", rnd({2, 1, 4}, 16)}, {"x", rnd({3, 1}, 17)}, {"z", rnd({2, 3, 4}, 18)}});
}

TEST(VjpRules, CastBetweenFloatTypes) {
    ModelBuilder b(14, kF64);
    b.input("x", kF64, {-1, 3});
    std::string f = b.op("Cast", {"x"}, {Attribute::make_int("to", kF32)});
    std::string t = b.op("Tanh", {f});
    b.op("Cast", {t}, {Attribute::make_int("to", kF64)}, "y");
    b.output("y", kF64, {});
    AdjointOptions o;
    o.eps = 1e-3;
    o.rtol = 1e-3;
    o.atol = 1e-5;
    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3}, 19)}}, o);
}

TEST(VjpRules, ShapeOps) {
    for (int64_t opset : {11, 13, 14, 17}) {
        SCOPED_TRACE(opset);
        ModelBuilder b(opset, kF64);
        b.input("x", kF64, {-1, -1, 4});
        std::string r = b.op("Reshape", {"x", b.init_ints("shape", {4}, {0, 0, 2, 2})});
        std::string t = b.op("Transpose", {r}, {Attribute::make_ints("perm", {2, 0, 3, 1})});
        std::string u = b.unsqueeze(t, {0, -1});
        std::string s = b.squeeze(u, {0});
        std::string f = b.op("Flatten", {s}, {Attribute::make_int("axis", 2)});
        std::string t2 = b.op("Transpose", {f});
        b.op("Mul", {t2, t2}, {}, "y");
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3, 4}, 20)}});
    }
}

TEST(VjpRules, ExpandTile) {
    ModelBuilder b(14, kF64);
    b.input("x", kF64, {3, 1});
    b.op("Expand", {"x", b.init_ints("shape", {3}, {2, 3, 4})}, {}, "y");
    b.output("y", kF64, {});
    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({3, 1}, 21)}});
    for (int64_t opset : {11, 14}) {
        ModelBuilder t(opset, kF64);
        t.input("x", kF64, {-1, -1, 3});
        t.op("Tile", {"x", t.init_ints("repeats", {3}, {2, 1, 3})}, {}, "y");
        t.output("y", kF64, {});
        expect_adjoint(t.model(), "y", {"x"}, {{"x", rnd({2, 4, 3}, 22)}});
    }
}

TEST(VjpRules, ConcatAndSplit) {
    for (int64_t axis : {1, -2}) {
        ModelBuilder b(14, kF64);
        b.input("a", kF64, {-1, -1, 3});
        b.input("c", kF64, {2, 4, 3});
        std::string sq = b.op("Mul", {"a", "a"});
        b.op("Concat", {"a", sq, "c"}, {Attribute::make_int("axis", axis)}, "y");
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"a", "c"}, {{"a", rnd({2, 2, 3}, 22)}, {"c", rnd({2, 4, 3}, 23)}});
    }
    for (int64_t opset : {11, 14}) {
        ModelBuilder b(opset, kF64);
        b.input("x", kF64, {2, 6});
        std::vector<std::string> parts;
        if (opset < 13)
            parts = b.op_n("Split", {"x"}, 3, {Attribute::make_int("axis", 1), Attribute::make_ints("split", {1, 2, 3})});
        else
            parts = b.op_n("Split", {"x", b.init_ints("split", {3}, {1, 2, 3})}, 3, {Attribute::make_int("axis", -1)});
        b.op("Concat", {parts[2], b.op("Exp", {parts[0]})}, {Attribute::make_int("axis", 1)}, "y");  // parts[1] unused
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 6}, 24)}});
    }
}

TEST(VjpRules, SliceStaticAndDynamicDims) {
    struct SliceCase {
        std::vector<int64_t> starts, ends, axes;
    };
    const std::vector<SliceCase> cases = {
        {{1}, {3}, {1}}, {{0, -3}, {1, INT64_MAX}, {0, 2}}, {{-2}, {-1}, {-1}}, {{1, 0}, {100, 2}, {1, 2}}};
    for (bool dynamic : {false, true}) {
        for (const auto& c : cases) {
            ModelBuilder b(14, kF64);
            b.input("x", kF64, dynamic ? std::vector<int64_t>{-1, -1, -1} : std::vector<int64_t>{2, 4, 5});
            int64_t n = static_cast<int64_t>(c.starts.size());
            b.op("Slice", {"x", b.init_ints("s", {n}, c.starts), b.init_ints("e", {n}, c.ends), b.init_ints("a", {n}, c.axes)},
                 {}, "y");
            b.output("y", kF64, {});
            expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 4, 5}, 25)}});
        }
    }
}

TEST(VjpRules, GatherOnActivations) {
    // CLS pooling hidden[:, 0], a negative scalar index, and an index tensor with repeats.
    struct GatherCase {
        int64_t axis;
        std::vector<int64_t> idx_dims, idx;
    };
    const std::vector<GatherCase> cases = {
        {1, {}, {0}}, {1, {}, {-1}}, {0, {}, {2}}, {1, {2, 2}, {0, 3, -1, 0}}, {2, {3}, {4, 4, 1}}, {0, {1}, {1}}};
    for (const auto& c : cases) {
        ModelBuilder b(14, kF64);
        b.input("x", kF64, {-1, -1, 5});
        b.op("Gather", {"x", b.init_ints("idx", c.idx_dims, c.idx)}, {Attribute::make_int("axis", c.axis)}, "y");
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({3, 4, 5}, 26)}});
    }
}

TEST(VjpRules, GatherElementsWithDuplicates) {
    ModelBuilder b(16, kF64);
    b.input("x", kF64, {2, 3, 4});
    b.op("GatherElements", {"x", b.init_ints("idx", {2, 3, 5}, {0, 1, 1, 3, 3, 2, 2, 2, 0, 1, 3, 0, 0, 0, 1,
                                                               1, 1, 1, 1, 1, 0, 3, 2, 1, 0, 2, 2, 3, 3, 3})},
         {Attribute::make_int("axis", -1)}, "y");
    b.output("y", kF64, {});
    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3, 4}, 27)}});
}

TEST(VjpRules, GatherElementsBeforeOpset16WithAnInvariantIndex) {
    // DeBERTa's c2p pattern: an index shared by all rows and heads, Expanded, with repeats and
    // a negative entry; the gradient is a batched one-hot product.
    for (int64_t opset : {12, 14}) {
        ModelBuilder b(opset, kF64);
        b.input("x", kF64, {-1, -1, 3, 4});
        std::string idx = b.init_ints("idx", {1, 1, 3, 5}, {0, 1, 1, 3, 3, 2, 2, 2, 0, 1, 3, 0, -1, 0, 1});
        std::string shape = b.op("Concat", {b.op("Slice", {b.op("Shape", {"x"}), b.init_ints("s0", {1}, {0}), b.init_ints("s1", {1}, {2})}),
                                            b.init_ints("tail", {2}, {3, 5})},
                                 {Attribute::make_int("axis", 0)});
        b.op("GatherElements", {"x", b.op("Expand", {idx, shape})}, {Attribute::make_int("axis", -1)}, "y");
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3, 3, 4}, 29)}});
    }
}

TEST(VjpRules, GatherElementsNeedsOpset16Otherwise) {
    // An index that differs per row cannot use the one-hot form.
    ModelBuilder b(14, kF64);
    b.input("x", kF64, {2, 2, 3});
    b.op("GatherElements", {"x", b.init_ints("idx", {2, 2, 1}, {0, 2, 1, 1})}, {Attribute::make_int("axis", 2)}, "y");
    b.output("y", kF64, {});
    try {
        build_gradient_graph(b.model(), "y", {"x"});
        FAIL() << "expected a refusal";
    } catch (const iglens::Error& e) {
        EXPECT_NE(std::string(e.what()).find("opset 16"), std::string::npos) << e.what();
    }
}

TEST(VjpRules, Reductions) {
    for (int64_t opset : {11, 13, 17}) {
        for (const char* op : {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSumSquare"}) {
            for (int keep : {0, 1}) {
                for (const auto& axes : std::vector<std::vector<int64_t>>{{-1}, {0, 2}, {1}, {}}) {
                    SCOPED_TRACE(std::string(op) + " opset " + std::to_string(opset) + " keep " + std::to_string(keep) +
                                 " axes " + std::to_string(axes.size()));
                    ModelBuilder b(opset, kF64);
                    b.input("x", kF64, {-1, -1, -1});
                    b.reduce(op, "x", axes, keep);
                    b.model().graph.nodes.back().outputs[0] = "y";
                    b.output("y", kF64, {});
                    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3, 4}, 28)}});
                }
            }
        }
    }
}

TEST(VjpRules, MatMulWeightsAndActivations) {
    {
        // Constant weight: Gemm(transB=1) form, 3-D and 2-D activations.
        std::mt19937 rng(30);
        for (std::vector<int64_t> shape : {std::vector<int64_t>{2, 3, 4}, std::vector<int64_t>{3, 4}}) {
            ModelBuilder b(14, kF64);
            b.input("x", kF64, symbolic(shape.size()));
            b.op("MatMul", {"x", b.init_random("w", {4, 5}, rng)}, {}, "y");
            b.output("y", kF64, {});
            GradientGraph g = build_gradient_graph(b.model(), "y", {"x"});
            EXPECT_EQ(std::count(g.backward_ops.begin(), g.backward_ops.end(), "Transpose"), 0)
                << "a constant weight must not be transposed";
            expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd(shape, 31)}});
        }
    }
    // Attention-style batched products, both operands active, and a broadcast batch.
    check_binary("MatMul", rnd({2, 2, 3, 4}, 32), rnd({2, 2, 4, 3}, 33));
    check_binary("MatMul", rnd({2, 3, 4}, 34), rnd({4, 5}, 35));
    check_binary("MatMul", rnd({1, 3, 4}, 36), rnd({2, 4, 2}, 37));
}

TEST(VjpRules, GemmAllTransposes) {
    for (int ta : {0, 1}) {
        for (int tb : {0, 1}) {
            SCOPED_TRACE("transA " + std::to_string(ta) + " transB " + std::to_string(tb));
            ModelBuilder b(14, kF64);
            std::vector<int64_t> as = ta ? std::vector<int64_t>{4, 3} : std::vector<int64_t>{3, 4};
            std::vector<int64_t> bs = tb ? std::vector<int64_t>{5, 4} : std::vector<int64_t>{4, 5};
            b.input("a", kF64, as);
            b.input("b", kF64, bs);
            b.input("c", kF64, {5});
            b.op("Gemm", {"a", "b", "c"},
                 {Attribute::make_int("transA", ta), Attribute::make_int("transB", tb), Attribute::make_float("alpha", 0.7f),
                  Attribute::make_float("beta", 1.5f)},
                 "y");
            b.output("y", kF64, {});
            expect_adjoint(b.model(), "y", {"a", "b", "c"}, {{"a", rnd(as, 40)}, {"b", rnd(bs, 41)}, {"c", rnd({5}, 42)}});
        }
    }
}

TEST(VjpRules, SoftmaxAndLogSoftmaxOpsets) {
    for (int64_t opset : {11, 13, 14}) {
        for (const char* op : {"Softmax", "LogSoftmax"}) {
            for (int64_t axis : {-1, 1}) {
                SCOPED_TRACE(std::string(op) + " opset " + std::to_string(opset) + " axis " + std::to_string(axis));
                check_unary(op, rnd({2, 3, 4}, 50), kF64, {Attribute::make_int("axis", axis)}, opset);
            }
        }
    }
}

TEST(VjpRules, LayerNormalizationClosedForm) {
    for (int64_t axis : {-1, 1}) {
        SCOPED_TRACE(axis);
        ModelBuilder b(17, kF64);
        std::mt19937 rng(60);
        b.input("x", kF64, {-1, -1, 6});
        std::vector<int64_t> pshape = axis == -1 ? std::vector<int64_t>{6} : std::vector<int64_t>{3, 6};
        b.op("LayerNormalization", {"x", b.init_random("gamma", pshape, rng), b.init_random("beta", pshape, rng)},
             {Attribute::make_int("axis", axis), Attribute::make_float("epsilon", 1e-5f)}, "y");
        b.output("y", kF64, {});
        expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3, 6}, 61)}});
    }
}

TEST(VjpRules, CumSumOnFloats) {
    for (int64_t reverse : {0, 1}) {
        for (int64_t exclusive : {0, 1}) {
            ModelBuilder b(14, kF64);
            b.input("x", kF64, {-1, 5});
            b.op("CumSum", {"x", b.init_ints("axis", {}, {1})},
                 {Attribute::make_int("reverse", reverse), Attribute::make_int("exclusive", exclusive)}, "y");
            b.output("y", kF64, {});
            expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 5}, 70)}});
        }
    }
}

TEST(VjpRules, UnsupportedOpOnThePathIsRefusedByName) {
    ModelBuilder b(14, kF32);
    b.input("x", kF32, {2, 3});
    b.op("Sin", {"x"}, {}, "y");
    b.output("y", kF32, {});
    try {
        build_gradient_graph(b.model(), "y", {"x"});
        FAIL() << "expected a refusal";
    } catch (const iglens::Error& e) {
        EXPECT_NE(std::string(e.what()).find("Sin"), std::string::npos) << e.what();
    }
}

TEST(VjpRules, InactivePathsNeedNoRule) {
    // Sin on a path that does not depend on x, and a Shape of x, are fine.
    ModelBuilder b(14, kF32);
    b.input("x", kF32, {-1, 3});
    b.input("p", kF32, {3});
    std::string s = b.op("Sin", {"p"});
    std::string shape = b.op("Shape", {"x"});
    std::string r = b.op("Reshape", {b.op("Mul", {"x", s}), shape});
    b.op("Tanh", {r}, {}, "y");
    b.output("y", kF32, {});
    expect_adjoint(b.model(), "y", {"x"}, {{"x", rnd({2, 3}, 80, DType::Float32)}, {"p", rnd({3}, 81, DType::Float32)}},
                   f32_options());
}

}  // namespace
}  // namespace iglens::testing
