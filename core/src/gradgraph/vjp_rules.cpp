// The VJP rules (see gradients.md §7.2 for the formulas). Notation in comments: g = cotangent
// of the output Y, A/B = inputs, unb(t, A) = t summed over the axes broadcast onto A.
#include "gradgraph/vjp_rules.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <map>

#include "iglens/error.h"

namespace iglens::gradgraph {

using onnx::Attribute;
using Grads = std::vector<std::string>;

void VjpContext::refuse(const std::string& why) const {
    throw Error("cannot differentiate " + node.describe() + ": " + why +
                ". IG Lens supports the ops of standard transformer classifier exports; please report the model");
}

namespace {

constexpr double kTwoOverSqrtPi = 1.1283791670955126;

Grads none(const VjpContext& c) { return Grads(c.node.inputs.size()); }

std::string konst(VjpContext& c, double v, const std::string& like) { return c.e.scalar(v, c.e.type(like)); }

int64_t norm_axis(int64_t axis, int rank) { return axis < 0 ? axis + rank : axis; }

int64_t checked_axis(VjpContext& c, int64_t axis, int rank) {
    int64_t a = norm_axis(axis, rank);
    if (a < 0 || a >= rank) c.refuse("its axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    return a;
}

// Axes of a Reduce* node, normalized and sorted; `all` when the node reduces every axis.
std::vector<int64_t> reduce_axes(VjpContext& c, int64_t axes_input_opset, bool& all, bool& noop) {
    int rank = c.e.rank(c.in(0));
    std::vector<int64_t> axes;
    noop = false;
    if (c.e.opset() < axes_input_opset) {
        axes = c.node.attr_ints("axes");
    } else if (!c.in(1).empty()) {
        const TensorInfo& a = c.e.shapes().at(c.in(1));
        if (!a.all_values_known()) c.refuse("its axes are computed at run time");
        axes = a.values;
    }
    if (axes.empty()) {
        noop = c.node.attr_int("noop_with_empty_axes", 0) != 0;
        all = true;
        for (int i = 0; i < rank; ++i) axes.push_back(i);
        return axes;
    }
    all = false;
    for (auto& a : axes) {
        a = norm_axis(a, rank);
        if (a < 0 || a >= rank) c.refuse("an axis is out of range");
    }
    std::sort(axes.begin(), axes.end());
    return axes;
}

// g brought back to the input's rank: Unsqueeze over the reduced axes when keepdims=0.
std::string expand_reduced_grad(VjpContext& c, const std::vector<int64_t>& axes, bool all) {
    std::string g = c.g();
    if (c.node.attr_int("keepdims", 1) == 0 && !all) g = c.e.unsqueeze(g, axes);
    return g;
}

Grads elementwise_unary(VjpContext& c, const std::string& local_derivative) {
    Grads out = none(c);
    out[0] = c.e.op("Mul", {c.g(), local_derivative});
    return out;
}

std::vector<int64_t> swap_last_two(int rank) {
    std::vector<int64_t> perm;
    for (int i = 0; i < rank; ++i) perm.push_back(i);
    std::swap(perm[rank - 1], perm[rank - 2]);
    return perm;
}

// The product of dims `axes` of `x` as a 1-element tensor of x's float type.
std::string count_over(VjpContext& c, const std::string& x, const std::vector<int64_t>& axes) {
    const TensorInfo& info = c.e.shapes().at(x);
    int64_t n = 1;
    bool known = true;
    for (int64_t a : axes) {
        if (info.dims[a] < 0) known = false;
        else n *= info.dims[a];
    }
    if (known) return konst(c, static_cast<double>(n), x);
    std::string prod;
    for (int64_t a : axes) {
        std::string d = c.e.dim_of(x, a);
        prod = prod.empty() ? d : c.e.op("Mul", {prod, d});
    }
    return c.e.cast(prod, c.e.type(x));
}

// Softmax / LogSoftmax reduction axes: one axis from opset 13, all trailing axes before.
std::vector<int64_t> softmax_axes(VjpContext& c) {
    int rank = c.e.rank(c.out(0));
    int64_t axis = norm_axis(c.node.attr_int("axis", c.e.opset() >= 13 ? -1 : 1), rank);
    if (axis < 0 || axis >= rank) c.refuse("its axis is out of range");
    std::vector<int64_t> axes{axis};
    if (c.e.opset() < 13)
        for (int64_t a = axis + 1; a < rank; ++a) axes.push_back(a);
    return axes;
}

std::map<std::string, VjpRule> make_rules() {
    std::map<std::string, VjpRule> r;

    // ---- elementwise binary --------------------------------------------------------------
    r["Add"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        if (c.wants(0)) o[0] = c.e.unbroadcast(c.g(), c.in(0));
        if (c.wants(1)) o[1] = c.e.unbroadcast(c.g(), c.in(1));
        return o;
    }};
    r["Sub"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        if (c.wants(0)) o[0] = c.e.unbroadcast(c.g(), c.in(0));
        if (c.wants(1)) o[1] = c.e.unbroadcast(c.e.op("Neg", {c.g()}), c.in(1));
        return o;
    }};
    r["Mul"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        if (c.wants(0)) o[0] = c.e.unbroadcast(c.e.op("Mul", {c.g(), c.in(1)}), c.in(0));
        if (c.wants(1)) o[1] = c.e.unbroadcast(c.e.op("Mul", {c.g(), c.in(0)}), c.in(1));
        return o;
    }};
    r["Div"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        if (c.wants(0)) o[0] = c.e.unbroadcast(c.e.op("Div", {c.g(), c.in(1)}), c.in(0));
        if (c.wants(1)) {
            std::string t = c.e.op("Div", {c.e.op("Mul", {c.g(), c.out(0)}), c.in(1)});
            o[1] = c.e.unbroadcast(c.e.op("Neg", {t}), c.in(1));
        }
        return o;
    }};
    r["Pow"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        const std::string& a = c.in(0);
        const TensorInfo& pinfo = c.e.shapes().at(c.in(1));
        const onnx::TensorData* p = c.constant(c.in(1));
        if (p && p->numel() == 1) {
            double e = p->to_doubles()[0];
            std::string d;
            if (e == 1) return Grads{c.g(), ""};
            if (e == 2) d = c.e.op("Mul", {a, konst(c, 2, a)});
            else if (e == 0.5) d = c.e.op("Div", {konst(c, 0.5, a), c.out(0)});
            else if (e == 3) d = c.e.op("Mul", {konst(c, 3, a), c.e.op("Mul", {a, a})});
            else d = c.e.op("Mul", {konst(c, e, a), c.e.op("Pow", {a, konst(c, e - 1, a)})});
            o[0] = c.e.unbroadcast(c.e.op("Mul", {c.g(), d}), a);
            return o;
        }
        // Exponent computed at run time (but independent of the input): p * A^(p-1).
        std::string pe = pinfo.elem_type == c.e.type(a) ? c.in(1) : c.e.cast(c.in(1), c.e.type(a));
        std::string d = c.e.op("Mul", {pe, c.e.op("Pow", {a, c.e.op("Sub", {pe, konst(c, 1, a)})})});
        o[0] = c.e.unbroadcast(c.e.op("Mul", {c.g(), d}), a);
        return o;
    }};
    auto min_max = [](VjpContext& c) {
        Grads o = none(c);
        for (size_t i = 0; i < c.node.inputs.size(); ++i) {
            if (!c.wants(i)) continue;
            std::string m = c.e.cast(c.e.op("Equal", {c.in(i), c.out(0)}), c.e.type(c.out(0)));
            o[i] = c.e.unbroadcast(c.e.op("Mul", {c.g(), m}), c.in(i));
        }
        return o;
    };
    r["Max"] = {{}, min_max};
    r["Min"] = {{}, min_max};

    // ---- elementwise unary ---------------------------------------------------------------
    r["Sqrt"] = {{}, [](VjpContext& c) {
        return Grads{c.e.op("Div", {c.e.op("Mul", {c.g(), konst(c, 0.5, c.in(0))}), c.out(0)})};
    }};
    r["Reciprocal"] = {{}, [](VjpContext& c) {
        return Grads{c.e.op("Neg", {c.e.op("Mul", {c.g(), c.e.op("Mul", {c.out(0), c.out(0)})})})};
    }};
    r["Exp"] = {{}, [](VjpContext& c) { return elementwise_unary(c, c.out(0)); }};
    r["Log"] = {{}, [](VjpContext& c) { return Grads{c.e.op("Div", {c.g(), c.in(0)})}; }};
    r["Neg"] = {{}, [](VjpContext& c) { return Grads{c.e.op("Neg", {c.g()})}; }};
    r["Erf"] = {{}, [](VjpContext& c) {
        const std::string& a = c.in(0);
        std::string gauss = c.e.op("Exp", {c.e.op("Neg", {c.e.op("Mul", {a, a})})});
        return elementwise_unary(c, c.e.op("Mul", {konst(c, kTwoOverSqrtPi, a), gauss}));
    }};
    r["Tanh"] = {{}, [](VjpContext& c) {
        const std::string& y = c.out(0);
        return elementwise_unary(c, c.e.op("Sub", {konst(c, 1, y), c.e.op("Mul", {y, y})}));
    }};
    r["Sigmoid"] = {{}, [](VjpContext& c) {
        const std::string& y = c.out(0);
        return elementwise_unary(c, c.e.op("Mul", {y, c.e.op("Sub", {konst(c, 1, y), y})}));
    }};
    r["Softplus"] = {{}, [](VjpContext& c) { return elementwise_unary(c, c.e.op("Sigmoid", {c.in(0)})); }};
    r["Relu"] = {{}, [](VjpContext& c) {
        const std::string& a = c.in(0);
        std::string pos = c.e.op("Greater", {a, konst(c, 0, a)});
        return Grads{c.e.op("Where", {pos, c.g(), konst(c, 0, a)})};
    }};
    r["LeakyRelu"] = {{}, [](VjpContext& c) {
        const std::string& a = c.in(0);
        std::string pos = c.e.op("Greater", {a, konst(c, 0, a)});
        std::string neg = c.e.op("Mul", {c.g(), konst(c, c.node.attr_float("alpha", 0.01f), a)});
        return Grads{c.e.op("Where", {pos, c.g(), neg})};
    }};
    r["Abs"] = {{}, [](VjpContext& c) {
        const std::string& a = c.in(0);
        std::string neg = c.e.op("Less", {a, konst(c, 0, a)});
        return Grads{c.e.op("Where", {neg, c.e.op("Neg", {c.g()}), c.g()})};
    }};
    r["Clip"] = {{0}, [](VjpContext& c) {
        const std::string& a = c.in(0);
        int32_t t = c.e.type(a);
        std::string mask;
        auto bound = [&](const std::string& limit, const char* cmp) {
            std::string m = c.e.cast(c.e.op(cmp, {a, limit}), t);
            mask = mask.empty() ? m : c.e.op("Mul", {mask, m});
        };
        if (c.e.opset() < 11) {
            if (c.node.has_attr("min")) bound(konst(c, c.node.attr_float("min", 0), a), "GreaterOrEqual");
            if (c.node.has_attr("max")) bound(konst(c, c.node.attr_float("max", 0), a), "LessOrEqual");
        } else {
            if (!c.in(1).empty()) bound(c.in(1), "GreaterOrEqual");
            if (!c.in(2).empty()) bound(c.in(2), "LessOrEqual");
        }
        Grads o = none(c);
        o[0] = mask.empty() ? c.g() : c.e.op("Mul", {c.g(), mask});
        return o;
    }};
    r["Where"] = {{1, 2}, [](VjpContext& c) {
        Grads o = none(c);
        std::string zero = konst(c, 0, c.out(0));
        if (c.wants(1)) o[1] = c.e.unbroadcast(c.e.op("Where", {c.in(0), c.g(), zero}), c.in(1));
        if (c.wants(2)) o[2] = c.e.unbroadcast(c.e.op("Where", {c.in(0), zero, c.g()}), c.in(2));
        return o;
    }};
    r["Cast"] = {{}, [](VjpContext& c) { return Grads{c.e.cast(c.g(), c.e.type(c.in(0)))}; }};
    r["Identity"] = {{}, [](VjpContext& c) { return Grads{c.g()}; }};
    r["Dropout"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        o[0] = c.g();
        return o;
    }};
    r["CumSum"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        int64_t reverse = c.node.attr_int("reverse", 0);
        o[0] = c.e.op("CumSum", {c.g(), c.in(1)},
                      {Attribute::make_int("exclusive", c.node.attr_int("exclusive", 0)),
                       Attribute::make_int("reverse", reverse ? 0 : 1)});
        return o;
    }};

    // ---- shape ops -----------------------------------------------------------------------
    auto reshape_back = [](VjpContext& c) {
        Grads o = none(c);
        o[0] = c.e.reshape_like(c.g(), c.in(0));
        return o;
    };
    r["Reshape"] = {{0}, reshape_back};
    r["Flatten"] = {{0}, reshape_back};
    r["Squeeze"] = {{0}, reshape_back};
    r["Unsqueeze"] = {{0}, reshape_back};
    r["Transpose"] = {{}, [](VjpContext& c) {
        int rank = c.e.rank(c.in(0));
        std::vector<int64_t> perm = c.node.attr_ints("perm");
        if (perm.empty())
            for (int i = rank - 1; i >= 0; --i) perm.push_back(i);
        if (static_cast<int>(perm.size()) != rank) c.refuse("its perm does not match the input's rank");
        std::vector<int64_t> inverse(perm.size(), -1);
        for (size_t i = 0; i < perm.size(); ++i) {
            if (perm[i] < 0 || perm[i] >= rank || inverse[static_cast<size_t>(perm[i])] >= 0) c.refuse("its perm is not a permutation");
            inverse[static_cast<size_t>(perm[i])] = static_cast<int64_t>(i);
        }
        return Grads{c.e.op("Transpose", {c.g()}, {Attribute::make_ints("perm", inverse)})};
    }};
    r["Expand"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        o[0] = c.e.unbroadcast(c.g(), c.in(0));
        return o;
    }};
    r["Tile"] = {{0}, [](VjpContext& c) {
        // The output along axis i is r_i copies of A: view g as [r_0, d_0, r_1, d_1, ...] and
        // sum over the copies (ORT's formula).
        Grads o = none(c);
        const std::string& a = c.in(0);
        int rank = c.e.rank(a);
        const TensorInfo* reps = c.e.shapes().find(c.in(1));
        if (!reps || !reps->all_values_known() || static_cast<int>(reps->values.size()) != rank)
            c.refuse("its repeats are computed at run time");
        std::vector<std::string> parts;
        std::vector<int64_t> copy_axes;
        for (int i = 0; i < rank; ++i) {
            parts.push_back(c.e.ints({reps->values[i]}));
            parts.push_back(c.e.dim_of(a, i));
            copy_axes.push_back(2 * i);
        }
        std::string view = c.e.reshape(c.g(), c.e.op("Concat", parts, {Attribute::make_int("axis", 0)}));
        o[0] = c.e.reshape_like(c.e.reduce_sum(view, copy_axes, false), a);
        return o;
    }};
    r["Concat"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        int rank = c.e.rank(c.out(0));
        int64_t axis = checked_axis(c, c.node.attr_int("axis", 0), rank);
        std::string start = c.e.ints({0});
        int64_t static_start = 0;
        bool is_static = true;
        for (size_t i = 0; i < c.node.inputs.size(); ++i) {
            const TensorInfo& info = c.e.shapes().at(c.in(i));
            if (info.known_rank() && info.rank != rank) c.refuse("its inputs have different ranks");
            std::string end;
            if (is_static && info.known_rank() && info.dims[axis] >= 0) {
                end = c.e.ints({static_start + info.dims[axis]});
                static_start += info.dims[axis];
            } else {
                is_static = false;
                end = c.e.op("Add", {start, c.e.dim_of(c.in(i), axis)});
            }
            if (c.wants(i)) o[i] = c.e.op("Slice", {c.g(), start, end, c.e.ints({axis})});
            start = end;
        }
        return o;
    }};
    r["Split"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        int rank = c.e.rank(c.in(0));
        int64_t axis = checked_axis(c, c.node.attr_int("axis", 0), rank);
        std::vector<std::string> parts;
        for (size_t j = 0; j < c.node.outputs.size(); ++j)
            parts.push_back(c.gy[j].empty() ? c.e.zeros_like(c.out(j)) : c.gy[j]);
        o[0] = c.e.op("Concat", parts, {Attribute::make_int("axis", axis)});
        return o;
    }};
    r["Slice"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        const std::string& a = c.in(0);
        int rank = c.e.rank(a);
        auto values = [&](size_t i) {
            const TensorInfo* t = c.e.shapes().find(c.in(i));
            if (!t || !t->all_values_known()) c.refuse("its starts/ends/axes/steps are computed at run time");
            return t->values;
        };
        std::vector<int64_t> starts = values(1), ends = values(2), axes, steps;
        if (c.in(3).empty()) {
            for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
        } else {
            axes = values(3);
        }
        if (!c.in(4).empty()) steps = values(4);
        if (ends.size() != starts.size() || axes.size() != starts.size() || (!steps.empty() && steps.size() != starts.size()))
            c.refuse("its starts/ends/axes/steps have different lengths");
        const TensorInfo& info = c.e.shapes().at(a);
        // Per axis: a static pad (>= 0) or the name of a 1-element tensor computed at run time.
        std::vector<int64_t> begin_static(rank, 0), end_static(rank, 0);
        std::vector<std::string> begin_dyn(rank), end_dyn(rank);
        for (size_t i = 0; i < axes.size(); ++i) {
            if (!steps.empty() && steps[i] != 1) c.refuse("slices with steps other than 1 are not supported");
            int64_t ax = norm_axis(axes[i], rank);
            if (ax < 0 || ax >= rank) c.refuse("an axis is out of range");
            int64_t s = starts[i], e = ends[i], dim = info.dims[ax];
            if (dim >= 0) {
                s = std::clamp<int64_t>(s < 0 ? s + dim : s, 0, dim);
                e = std::clamp<int64_t>(e < 0 ? e + dim : e, 0, dim);
                begin_static[ax] = s;
                end_static[ax] = dim - std::max(s, e);
                continue;
            }
            // Run-time dim: clamp like the forward Slice does, in small int64 ops.
            std::string d = c.e.dim_of(a, ax), zero = c.e.ints({0});
            auto clamp = [&](int64_t v) {
                std::string x = c.e.ints({v});
                if (v < 0) {
                    x = c.e.op("Add", {d, x});
                    x = c.e.op("Where", {c.e.op("Less", {x, zero}), zero, x});
                }
                return c.e.op("Where", {c.e.op("Less", {d, x}), d, x});
            };
            std::string begin = clamp(s);
            std::string end = e >= INT_MAX ? d : clamp(e);
            std::string high = c.e.op("Where", {c.e.op("Less", {end, begin}), begin, end});
            begin_dyn[ax] = begin;
            end_dyn[ax] = c.e.op("Sub", {d, high});
        }
        bool all_static = true;
        for (int i = 0; i < rank; ++i)
            if (!begin_dyn[i].empty() || !end_dyn[i].empty()) all_static = false;
        std::string pads;
        if (all_static) {
            std::vector<int64_t> p(begin_static);
            p.insert(p.end(), end_static.begin(), end_static.end());
            pads = c.e.ints(p);
        } else {
            std::vector<std::string> parts;
            for (int i = 0; i < rank; ++i) parts.push_back(begin_dyn[i].empty() ? c.e.ints({begin_static[i]}) : begin_dyn[i]);
            for (int i = 0; i < rank; ++i) parts.push_back(end_dyn[i].empty() ? c.e.ints({end_static[i]}) : end_dyn[i]);
            pads = c.e.op("Concat", parts, {Attribute::make_int("axis", 0)});
        }
        std::string padded = c.e.op("Pad", {c.g(), pads, konst(c, 0, a)});
        o[0] = c.e.reshape_like(padded, a);
        return o;
    }};
    r["Gather"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        const std::string& a = c.in(0);
        const std::string& idx = c.in(1);
        int rank = c.e.rank(a);
        int idx_rank = c.e.rank(idx);
        int64_t axis = checked_axis(c, c.node.attr_int("axis", 0), rank);
        int32_t t = c.e.type(a);
        std::string dim = c.e.dim_of(a, axis);  // [1]
        std::string dim_scalar = c.e.squeeze(dim, {0});
        std::string index = c.e.type(idx) == onnx::kInt64 ? idx : c.e.cast(idx, onnx::kInt64);
        // Negative indices count from the end.
        std::string wrapped = c.e.op("Where", {c.e.op("Less", {index, c.e.int_scalar(0)}),
                                              c.e.op("Add", {index, dim_scalar}), index});
        std::string positions = c.e.op("Range", {c.e.int_scalar(0), dim_scalar, c.e.int_scalar(1)});
        if (idx_rank == 0) {
            // One selected slice: g placed back at its position through a one-hot mask.
            std::vector<int64_t> mask_shape(static_cast<size_t>(rank), 1);
            mask_shape[axis] = -1;
            std::string onehot = c.e.cast(c.e.op("Equal", {positions, wrapped}), t);
            std::string mask = c.e.reshape(onehot, c.e.ints(mask_shape));
            o[0] = c.e.op("Mul", {c.e.unsqueeze(c.g(), {axis}), mask});
            return o;
        }
        // k indices: dA = OHᵀ · g with OH[k, D] one-hot, batched over the axes before `axis`.
        std::string flat = c.e.reshape(wrapped, c.e.ints({-1, 1}));
        std::string onehot = c.e.cast(c.e.op("Equal", {flat, positions}), t);       // [k, D]
        std::string onehot_t = c.e.op("Transpose", {onehot}, {Attribute::make_ints("perm", {1, 0})});  // [D, k]
        std::string inner = c.e.ints({1});
        for (int64_t i = axis + 1; i < rank; ++i) {
            std::string d = c.e.dim_of(a, i);
            inner = c.e.op("Mul", {inner, d});
        }
        std::string count = c.e.dim_of(flat, 0);
        std::string shape3 = c.e.op("Concat", {c.e.ints({-1}), count, inner},
                                    {Attribute::make_int("axis", 0)});
        std::string g3 = c.e.reshape(c.g(), shape3);                          // [P, k, Q]
        std::string scattered = c.e.op("MatMul", {onehot_t, g3});            // [P, D, Q]
        o[0] = c.e.reshape_like(scattered, a);
        return o;
    }};
    r["GatherElements"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        const std::string& a = c.in(0);
        const int rank = c.e.rank(a);
        int64_t axis = checked_axis(c, c.node.attr_int("axis", 0), rank);
        if (c.e.opset() >= 16) {
            // Scatter-add back (duplicates in the index accumulate).
            o[0] = c.e.op("ScatterElements", {c.e.zeros_like(a), c.in(1), c.g()},
                          {Attribute::make_int("axis", axis), Attribute::make_string("reduction", "add")});
            return o;
        }
        // Before opset 16 ScatterElements cannot add. DeBERTa's relative-position index is the
        // same for every batch row and head (an Expand of a [1,..,1,q,k] tensor), so the
        // gradient is a batched one-hot product: dA[p,i,s] = sum_k g[p,i,k] [I(i,k) = s].
        std::string base = c.in(1);
        for (const auto& n : c.e.graph().nodes)
            if (n.op_type == "Expand" && !n.outputs.empty() && n.outputs[0] == c.in(1)) base = n.input(0);
        const TensorInfo* bi = c.e.shapes().find(base);
        bool invariant = rank >= 2 && axis == rank - 1 && bi && bi->rank == rank;
        for (int i = 0; invariant && i + 2 < rank; ++i) invariant = bi->dims[i] == 1;
        if (!invariant)
            c.refuse("its gradient needs ScatterElements with reduction='add', which exists from opset 16 "
                     "(re-export the model with opset 16 or 17)");
        int32_t t = c.e.type(a);
        std::string last_two = c.e.op("Slice", {c.e.shape_of(base), c.e.ints({-2}), c.e.ints({INT64_MAX}), c.e.ints({0})});
        std::string index = c.e.reshape(base, last_two);                                   // [q, k]
        if (c.e.type(index) != onnx::kInt64) index = c.e.cast(index, onnx::kInt64);
        std::string size = c.e.squeeze(c.e.dim_of(a, rank - 1), {0});
        index = c.e.op("Where", {c.e.op("Less", {index, c.e.int_scalar(0)}), c.e.op("Add", {index, size}), index});
        std::string positions = c.e.op("Range", {c.e.int_scalar(0), size, c.e.int_scalar(1)});
        std::string onehot = c.e.cast(c.e.op("Equal", {c.e.unsqueeze(index, {2}), positions}), t);  // [q, k, S]
        std::string g3 = c.e.reshape(c.g(), c.e.op("Concat", {c.e.ints({-1}), last_two}, {Attribute::make_int("axis", 0)}));
        std::string per_query = c.e.op("Transpose", {g3}, {Attribute::make_ints("perm", {1, 0, 2})});   // [q, P, k]
        std::string product = c.e.op("MatMul", {per_query, onehot});                                   // [q, P, S]
        std::string back = c.e.op("Transpose", {product}, {Attribute::make_ints("perm", {1, 0, 2})});  // [P, q, S]
        o[0] = c.e.reshape_like(back, a);
        return o;
    }};

    // ---- reductions ----------------------------------------------------------------------
    r["ReduceSum"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        bool all, noop;
        auto axes = reduce_axes(c, 13, all, noop);
        if (noop) return Grads{c.g(), ""};
        o[0] = c.e.op("Expand", {expand_reduced_grad(c, axes, all), c.e.shape_of(c.in(0))});
        return o;
    }};
    r["ReduceMean"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        bool all, noop;
        auto axes = reduce_axes(c, 18, all, noop);
        if (noop) return Grads{c.g(), ""};
        std::string spread = c.e.op("Expand", {expand_reduced_grad(c, axes, all), c.e.shape_of(c.in(0))});
        o[0] = c.e.op("Div", {spread, count_over(c, c.in(0), axes)});
        return o;
    }};
    auto reduce_extreme = [](VjpContext& c) {
        Grads o = none(c);
        bool all, noop;
        auto axes = reduce_axes(c, 18, all, noop);
        if (noop) return Grads{c.g(), ""};
        std::string y = c.out(0);
        if (c.node.attr_int("keepdims", 1) == 0 && !all) y = c.e.unsqueeze(y, axes);
        // Ties share the gradient equally.
        std::string hit = c.e.cast(c.e.op("Equal", {c.in(0), y}), c.e.type(c.in(0)));
        std::string ties = c.e.reduce_sum(hit, axes, true);
        std::string spread = c.e.op("Expand", {expand_reduced_grad(c, axes, all), c.e.shape_of(c.in(0))});
        o[0] = c.e.op("Div", {c.e.op("Mul", {spread, hit}), ties});
        return o;
    };
    r["ReduceMax"] = {{0}, reduce_extreme};
    r["ReduceMin"] = {{0}, reduce_extreme};
    r["ReduceSumSquare"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        bool all, noop;
        auto axes = reduce_axes(c, 18, all, noop);
        const std::string& a = c.in(0);
        std::string twice = c.e.op("Mul", {a, konst(c, 2, a)});
        if (noop) return Grads{c.e.op("Mul", {c.g(), twice}), ""};
        std::string spread = c.e.op("Expand", {expand_reduced_grad(c, axes, all), c.e.shape_of(a)});
        o[0] = c.e.op("Mul", {spread, twice});
        return o;
    }};

    // ---- linear algebra ------------------------------------------------------------------
    r["MatMul"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        const std::string &a = c.in(0), &b = c.in(1);
        int ra = c.e.rank(a), rb = c.e.rank(b);
        if (ra < 2 || rb < 2) c.refuse("MatMul with a 1-D operand is not supported");
        if (c.wants(0)) {
            const onnx::TensorData* w = c.constant(b);
            if (w && rb == 2) {
                // dA = g · Wᵀ via Gemm(transB=1): no transposed copy of the weight.
                int64_t n = w->dims[1];
                std::string g2 = ra == 2 ? c.g() : c.e.reshape(c.g(), c.e.ints({-1, n}));
                std::string d = c.e.op("Gemm", {g2, b}, {Attribute::make_int("transB", 1)});
                o[0] = ra == 2 ? d : c.e.reshape_like(d, a);
            } else {
                std::string bt = c.e.op("Transpose", {b}, {Attribute::make_ints("perm", swap_last_two(rb))});
                o[0] = c.e.unbroadcast(c.e.op("MatMul", {c.g(), bt}), a);
            }
        }
        if (c.wants(1)) {
            std::string at = c.e.op("Transpose", {a}, {Attribute::make_ints("perm", swap_last_two(ra))});
            o[1] = c.e.unbroadcast(c.e.op("MatMul", {at, c.g()}), b);
        }
        return o;
    }};
    r["Gemm"] = {{}, [](VjpContext& c) {
        Grads o = none(c);
        bool ta = c.node.attr_int("transA", 0) != 0, tb = c.node.attr_int("transB", 0) != 0;
        float alpha = c.node.attr_float("alpha", 1.0f), beta = c.node.attr_float("beta", 1.0f);
        auto gemm = [&](const std::string& x, const std::string& y, bool tx, bool ty) {
            std::vector<Attribute> attrs;
            if (tx) attrs.push_back(Attribute::make_int("transA", 1));
            if (ty) attrs.push_back(Attribute::make_int("transB", 1));
            if (alpha != 1.0f) attrs.push_back(Attribute::make_float("alpha", alpha));
            return c.e.op("Gemm", {x, y}, attrs);
        };
        const std::string &a = c.in(0), &b = c.in(1), &g = c.g();
        if (c.wants(0)) {
            if (!ta && !tb) o[0] = gemm(g, b, false, true);
            else if (!ta && tb) o[0] = gemm(g, b, false, false);
            else if (ta && !tb) o[0] = gemm(b, g, false, true);
            else o[0] = gemm(b, g, true, true);
        }
        if (c.wants(1)) {
            if (!ta && !tb) o[1] = gemm(a, g, true, false);
            else if (!ta && tb) o[1] = gemm(g, a, true, false);
            else if (ta && !tb) o[1] = gemm(a, g, false, false);
            else o[1] = gemm(g, a, true, true);
        }
        if (c.wants(2)) {
            std::string gc = beta == 1.0f ? g : c.e.op("Mul", {g, konst(c, beta, g)});
            o[2] = c.e.unbroadcast(gc, c.in(2));
        }
        return o;
    }};

    // ---- normalization -------------------------------------------------------------------
    r["Softmax"] = {{}, [](VjpContext& c) {
        // dA = Y ⊙ (g − Σ_axis g ⊙ Y)
        std::string y = c.out(0);
        if (c.e.nan_safe_softmax) y = c.e.op("Where", {c.e.op("Equal", {y, y}), y, konst(c, 0, y)});
        std::string dot = c.e.reduce_sum(c.e.op("Mul", {c.g(), y}), softmax_axes(c), true);
        return Grads{c.e.op("Mul", {y, c.e.op("Sub", {c.g(), dot})})};
    }};
    r["LogSoftmax"] = {{}, [](VjpContext& c) {
        // dA = g − exp(Y) ⊙ Σ_axis g
        const std::string& y = c.out(0);
        std::string total = c.e.reduce_sum(c.g(), softmax_axes(c), true);
        return Grads{c.e.op("Sub", {c.g(), c.e.op("Mul", {c.e.op("Exp", {y}), total})})};
    }};
    r["LayerNormalization"] = {{0}, [](VjpContext& c) {
        Grads o = none(c);
        if (c.gy.size() > 1)
            for (size_t j = 1; j < c.gy.size(); ++j)
                if (!c.gy[j].empty()) c.refuse("its Mean/InvStdDev outputs are used on the gradient path");
        const std::string &x = c.in(0), &gamma = c.in(1);
        int rank = c.e.rank(x);
        int64_t axis = checked_axis(c, c.node.attr_int("axis", -1), rank);
        std::vector<int64_t> axes;
        for (int64_t i = axis; i < rank; ++i) axes.push_back(i);
        double eps = c.node.attr_float("epsilon", 1e-5f);
        std::string mean = c.e.reduce_mean(x, axes, true);
        std::string centered = c.e.op("Sub", {x, mean});
        std::string var = c.e.reduce_mean(c.e.op("Mul", {centered, centered}), axes, true);
        std::string inv_std = c.e.op("Reciprocal", {c.e.op("Sqrt", {c.e.op("Add", {var, konst(c, eps, x)})})});
        std::string xhat = c.e.op("Mul", {centered, inv_std});
        std::string q = c.e.op("Mul", {c.g(), gamma});
        std::string q_mean = c.e.reduce_mean(q, axes, true);
        std::string qx_mean = c.e.reduce_mean(c.e.op("Mul", {q, xhat}), axes, true);
        std::string inner = c.e.op("Sub", {c.e.op("Sub", {q, q_mean}), c.e.op("Mul", {xhat, qx_mean})});
        o[0] = c.e.op("Mul", {inv_std, inner});
        return o;
    }};
    return r;
}

const std::map<std::string, VjpRule>& rules() {
    static const std::map<std::string, VjpRule> table = make_rules();
    return table;
}

}  // namespace

const VjpRule* find_vjp_rule(const std::string& op_type) {
    auto it = rules().find(op_type);
    return it == rules().end() ? nullptr : &it->second;
}

std::vector<std::string> differentiable_ops() {
    std::vector<std::string> ops;
    for (const auto& kv : rules()) ops.push_back(kv.first);
    return ops;
}

}  // namespace iglens::gradgraph
