#include "gradgraph/shape_infer.h"

#include <algorithm>

#include "iglens/error.h"

namespace iglens::gradgraph {

namespace {

constexpr size_t kMaxTrackedValues = 64;
using onnx::Node;

bool is_int_type(int32_t t) {
    return t == onnx::kInt64 || t == onnx::kInt32 || t == onnx::kInt16 || t == onnx::kInt8 ||
           t == onnx::kUint8 || t == onnx::kUint16 || t == onnx::kUint32 || t == onnx::kUint64;
}

TensorInfo info_of_constant(const onnx::TensorData& t) {
    TensorInfo info;
    info.elem_type = t.data_type;
    info.rank = static_cast<int>(t.dims.size());
    info.dims = t.dims;
    if ((is_int_type(t.data_type) || t.data_type == onnx::kBool) &&
        static_cast<size_t>(t.numel()) <= kMaxTrackedValues && !t.raw.empty()) {
        info.has_values = true;
        info.values = t.to_ints();
    }
    return info;
}

int64_t norm_axis(int64_t axis, int rank) { return axis < 0 ? axis + rank : axis; }

// Ranks above this are not transformer tensors; such infos are treated as unknown rather than
// trusting a corrupt model's claims.
constexpr int64_t kMaxRank = 16;

bool axis_ok(int64_t normalized, int rank) { return normalized >= 0 && normalized < rank; }

// A 1-D shape tensor's length when it is a plausible rank, else -1.
int shape_length(const TensorInfo* s) {
    if (!s || s->rank != 1 || s->dims[0] < 0 || s->dims[0] > kMaxRank) return -1;
    if (s->has_values && static_cast<int64_t>(s->values.size()) != s->dims[0]) return -1;
    return static_cast<int>(s->dims[0]);
}

int64_t broadcast_dim(int64_t a, int64_t b) {
    if (a == 1) return b;
    if (b == 1) return a;
    if (a == kUnknownDim) return b;
    if (b == kUnknownDim) return a;
    return a;  // equal (or incompatible: the runtime will refuse)
}

// Broadcast of several infos; rank -1 if any rank is unknown.
TensorInfo broadcast(const std::vector<const TensorInfo*>& ins) {
    TensorInfo out;
    int rank = 0;
    for (const TensorInfo* in : ins) {
        if (!in || !in->known_rank()) return out;
        rank = std::max(rank, in->rank);
    }
    out.rank = rank;
    out.dims.assign(static_cast<size_t>(rank), 1);
    for (const TensorInfo* in : ins) {
        int d = rank - in->rank;
        for (int i = 0; i < in->rank; ++i) out.dims[d + i] = broadcast_dim(out.dims[d + i], in->dims[i]);
    }
    return out;
}

int64_t element_count(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims) {
        if (d < 0) return -1;
        n *= d;
    }
    return n;
}

}  // namespace

bool TensorInfo::all_values_known() const {
    if (!has_values) return false;
    for (int64_t v : values)
        if (v == kUnknownValue) return false;
    return true;
}

const TensorInfo* ShapeTable::find(const std::string& name) const {
    auto it = table_.find(name);
    return it == table_.end() ? nullptr : &it->second;
}

const TensorInfo& ShapeTable::at(const std::string& name) const {
    const TensorInfo* info = find(name);
    if (!info) throw Error("internal: no type information for tensor '" + name + "'");
    return *info;
}

TensorInfo& ShapeTable::set(const std::string& name, TensorInfo info) {
    return table_[name] = std::move(info);
}

int ShapeTable::rank_of(const std::string& name) const {
    const TensorInfo* info = find(name);
    if (!info || !info->known_rank())
        throw Error("cannot tell the rank of tensor '" + name +
                    "': the model computes it in a way IG Lens does not follow (please report the model)");
    return info->rank;
}

int32_t ShapeTable::type_of(const std::string& name) const {
    const TensorInfo* info = find(name);
    if (!info || info->elem_type == onnx::kUndefined)
        throw Error("cannot tell the element type of tensor '" + name + "' (please report the model)");
    return info->elem_type;
}

void seed_shapes(const onnx::Graph& graph, ShapeTable& table) {
    for (const auto& vi : graph.inputs) {
        TensorInfo info;
        info.elem_type = vi.elem_type;
        if (vi.has_shape) {
            info.rank = static_cast<int>(vi.dims.size());
            for (const auto& d : vi.dims) info.dims.push_back(d.value >= 0 ? d.value : kUnknownDim);
        }
        table.set(vi.name, info);
    }
    for (const auto& t : graph.initializers) table.set(t.name, info_of_constant(t));
}

namespace {

// Axes of Reduce*/Squeeze/Unsqueeze: attribute before `input_from_opset`, else input 1.
bool axes_of(const Node& node, int64_t opset, int64_t input_from_opset, const ShapeTable& table,
             std::vector<int64_t>& axes) {
    if (opset < input_from_opset) {
        axes = node.attr_ints("axes");
        return true;
    }
    if (node.input(1).empty()) {
        axes.clear();
        return true;
    }
    const TensorInfo* a = table.find(node.input(1));
    if (!a || !a->all_values_known()) return false;
    axes = a->values;
    return true;
}

TensorInfo reduce_info(const Node& node, int64_t opset, const ShapeTable& table, int64_t axes_input_opset) {
    const TensorInfo* x = table.find(node.input(0));
    TensorInfo out;
    if (!x) return out;
    out.elem_type = x->elem_type;
    std::vector<int64_t> axes;
    if (!x->known_rank() || !axes_of(node, opset, axes_input_opset, table, axes)) return out;
    bool keep = node.attr_int("keepdims", 1) != 0;
    bool noop = node.attr_int("noop_with_empty_axes", 0) != 0;
    if (axes.empty() && noop) return *x;
    std::vector<bool> reduced(static_cast<size_t>(x->rank), axes.empty());
    for (int64_t a : axes) {
        int64_t n = norm_axis(a, x->rank);
        if (n < 0 || n >= x->rank) return out;
        reduced[static_cast<size_t>(n)] = true;
    }
    out.rank = 0;
    for (int i = 0; i < x->rank; ++i) {
        if (reduced[i] && !keep) continue;
        out.dims.push_back(reduced[i] ? 1 : x->dims[i]);
        ++out.rank;
    }
    return out;
}

TensorInfo elementwise_int_values(const Node& node, TensorInfo out, const ShapeTable& table) {
    const TensorInfo* a = table.find(node.input(0));
    const TensorInfo* b = table.find(node.input(1));
    if (!a || !b || !a->has_values || !b->has_values || !is_int_type(out.elem_type)) return out;
    int64_t n = element_count(out.dims);
    if (n < 0 || static_cast<size_t>(n) > kMaxTrackedValues || out.rank > 1) return out;
    if (a->values.size() != 1 && a->values.size() != static_cast<size_t>(n)) return out;
    if (b->values.size() != 1 && b->values.size() != static_cast<size_t>(n)) return out;
    out.has_values = true;
    for (int64_t i = 0; i < n; ++i) {
        int64_t x = a->values[a->values.size() == 1 ? 0 : i], y = b->values[b->values.size() == 1 ? 0 : i];
        int64_t v = kUnknownValue;
        if (x != kUnknownValue && y != kUnknownValue) {
            if (node.op_type == "Add") v = x + y;
            else if (node.op_type == "Sub") v = x - y;
            else if (node.op_type == "Mul") v = x * y;
            else if (node.op_type == "Div" && y != 0) v = x / y;
        }
        out.values.push_back(v);
    }
    return out;
}

void infer(const Node& node, int64_t opset, ShapeTable& table) {
    const std::string& op = node.op_type;
    auto in = [&](size_t i) { return table.find(node.input(i)); };
    auto set0 = [&](TensorInfo info) { if (!node.outputs.empty()) table.set(node.outputs[0], std::move(info)); };
    const TensorInfo* x = in(0);

    static const char* unary_same[] = {"Sqrt", "Erf", "Tanh", "Relu", "Neg", "Exp", "Log", "Sigmoid",
                                       "Reciprocal", "Abs", "Identity", "Dropout", "Softmax",
                                       "LogSoftmax", "LeakyRelu", "Softplus", "Clip", "CumSum",
                                       "LayerNormalization", "Gelu", "Floor", "Ceil", "Round",
                                       "Sign", "Elu", "HardSigmoid", "Sin", "Cos", "IsNaN", "Not"};
    for (const char* u : unary_same) {
        if (op == u) {
            if (!x) return;
            TensorInfo out = *x;
            if (op == "Neg" && out.has_values) {
                for (auto& v : out.values) if (v != kUnknownValue) v = -v;
            } else if (op != "Identity" && op != "Dropout") {
                out.has_values = false;
                out.values.clear();
            }
            if (op == "IsNaN") out.elem_type = onnx::kBool;
            set0(out);
            return;
        }
    }
    static const char* binary[] = {"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mod"};
    static const char* compare[] = {"Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
                                    "And", "Or", "Xor"};
    for (const char* b : binary) {
        if (op == b) {
            std::vector<const TensorInfo*> ins;
            for (size_t i = 0; i < node.inputs.size(); ++i) ins.push_back(in(i));
            TensorInfo out = broadcast(ins);
            out.elem_type = x ? x->elem_type : onnx::kUndefined;
            if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") out = elementwise_int_values(node, out, table);
            set0(out);
            return;
        }
    }
    for (const char* c : compare) {
        if (op == c) {
            TensorInfo out = broadcast({in(0), in(1)});
            out.elem_type = onnx::kBool;
            set0(out);
            return;
        }
    }
    if (op == "Where") {
        TensorInfo out = broadcast({in(0), in(1), in(2)});
        out.elem_type = in(1) ? in(1)->elem_type : onnx::kUndefined;
        set0(out);
        return;
    }
    if (op == "Cast") {
        if (!x) return;
        TensorInfo out = *x;
        out.elem_type = static_cast<int32_t>(node.attr_int("to", 0));
        if (!is_int_type(out.elem_type)) {
            out.has_values = false;
            out.values.clear();
        }
        set0(out);
        return;
    }
    if (op == "Constant") {
        TensorInfo out;
        if (const auto* a = node.find_attr("value")) {
            out = info_of_constant(a->t);
        } else if (const auto* vi = node.find_attr("value_int")) {
            out.elem_type = onnx::kInt64;
            out.rank = 0;
            out.has_values = true;
            out.values = {vi->i};
        } else if (const auto* vis = node.find_attr("value_ints")) {
            out.elem_type = onnx::kInt64;
            out.rank = 1;
            out.dims = {static_cast<int64_t>(vis->ints.size())};
            out.has_values = vis->ints.size() <= kMaxTrackedValues;
            if (out.has_values) out.values = vis->ints;
        } else if (node.has_attr("value_float")) {
            out.elem_type = onnx::kFloat;
            out.rank = 0;
        } else if (const auto* vfs = node.find_attr("value_floats")) {
            out.elem_type = onnx::kFloat;
            out.rank = 1;
            out.dims = {static_cast<int64_t>(vfs->floats.size())};
        }
        set0(out);
        return;
    }
    if (op == "Shape") {
        TensorInfo out;
        out.elem_type = onnx::kInt64;
        out.rank = 1;
        out.dims = {kUnknownDim};
        if (x && x->known_rank()) {
            int64_t start = node.attr_int("start", 0), end = node.attr_int("end", x->rank);
            start = std::clamp<int64_t>(norm_axis(start, x->rank), 0, x->rank);
            end = std::clamp<int64_t>(norm_axis(end, x->rank), 0, x->rank);
            out.dims = {std::max<int64_t>(0, end - start)};
            out.has_values = true;
            for (int64_t i = start; i < end; ++i) {
                int64_t d = x->dims[static_cast<size_t>(i)];
                out.values.push_back(d >= 0 ? d : kUnknownValue);
            }
        }
        set0(out);
        return;
    }
    if (op == "Size") {
        TensorInfo out;
        out.elem_type = onnx::kInt64;
        out.rank = 0;
        set0(out);
        return;
    }
    if (op == "Reshape") {
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        const TensorInfo* s = in(1);
        if (shape_length(s) >= 0) {
            out.rank = shape_length(s);
            out.dims.assign(static_cast<size_t>(out.rank), kUnknownDim);
            if (s->has_values) {
                bool allow_zero = node.attr_int("allowzero", 0) != 0;
                int infer_at = -1;
                for (int i = 0; i < out.rank; ++i) {
                    int64_t v = s->values[i];
                    if (v == 0 && !allow_zero) {
                        if (x && x->known_rank() && i < x->rank) out.dims[i] = x->dims[i];
                    } else if (v == -1) {
                        infer_at = i;
                    } else if (v != kUnknownValue && v >= 0) {
                        out.dims[i] = v;
                    }
                }
                if (infer_at >= 0 && x && x->known_rank()) {
                    int64_t total = element_count(x->dims), rest = 1;
                    for (int i = 0; i < out.rank; ++i)
                        if (i != infer_at) rest = out.dims[i] >= 0 && rest >= 0 ? rest * out.dims[i] : -1;
                    if (total >= 0 && rest > 0) out.dims[infer_at] = total / rest;
                }
            }
            if (x && x->has_values && out.rank <= 1) {
                out.has_values = true;
                out.values = x->values;
            }
        }
        set0(out);
        return;
    }
    if (op == "Flatten") {
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        out.rank = 2;
        out.dims = {kUnknownDim, kUnknownDim};
        if (x && x->known_rank()) {
            int64_t axis = norm_axis(node.attr_int("axis", 1), x->rank);
            if (axis >= 0 && axis <= x->rank) {
                std::vector<int64_t> a(x->dims.begin(), x->dims.begin() + axis), b(x->dims.begin() + axis, x->dims.end());
                out.dims = {element_count(a), element_count(b)};
            }
        }
        set0(out);
        return;
    }
    if (op == "Transpose") {
        if (!x) return;
        TensorInfo out;
        out.elem_type = x->elem_type;
        if (x->known_rank()) {
            std::vector<int64_t> perm = node.attr_ints("perm");
            if (perm.empty())
                for (int i = x->rank - 1; i >= 0; --i) perm.push_back(i);
            if (static_cast<int>(perm.size()) == x->rank) {
                out.rank = x->rank;
                for (int64_t p : perm) out.dims.push_back(p >= 0 && p < x->rank ? x->dims[p] : kUnknownDim);
            }
        }
        set0(out);
        return;
    }
    if (op == "Unsqueeze" || op == "Squeeze") {
        if (!x) return;
        TensorInfo out;
        out.elem_type = x->elem_type;
        std::vector<int64_t> axes;
        if (x->known_rank() && axes_of(node, opset, 13, table, axes)) {
            if (op == "Unsqueeze") {
                int rank = x->rank + static_cast<int>(std::min<size_t>(axes.size(), kMaxRank));
                std::vector<bool> inserted(static_cast<size_t>(rank), false);
                bool ok = true;
                for (int64_t a : axes) {
                    int64_t n = norm_axis(a, rank);
                    if (n < 0 || n >= rank) ok = false;
                    else inserted[static_cast<size_t>(n)] = true;
                }
                int inserted_count = 0;
                for (bool i : inserted) inserted_count += i ? 1 : 0;
                if (ok && inserted_count == static_cast<int>(axes.size())) {
                    out.rank = rank;
                    size_t k = 0;
                    for (int i = 0; i < rank; ++i) out.dims.push_back(inserted[i] ? 1 : x->dims[k++]);
                }
            } else {
                std::vector<bool> removed(static_cast<size_t>(x->rank), false);
                bool ok = true;
                if (axes.empty()) {
                    for (int i = 0; i < x->rank; ++i) {
                        if (x->dims[i] == kUnknownDim) ok = false;
                        removed[i] = x->dims[i] == 1;
                    }
                }
                for (int64_t a : axes) {
                    int64_t n = norm_axis(a, x->rank);
                    if (n < 0 || n >= x->rank) ok = false;
                    else removed[static_cast<size_t>(n)] = true;
                }
                if (ok) {
                    out.rank = 0;
                    for (int i = 0; i < x->rank; ++i)
                        if (!removed[i]) {
                            out.dims.push_back(x->dims[i]);
                            ++out.rank;
                        }
                }
            }
            if (x->has_values && out.rank >= 0 && out.rank <= 1) {
                out.has_values = true;
                out.values = x->values;
            }
        }
        set0(out);
        return;
    }
    if (op == "Concat") {
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        int rank = -1;
        for (size_t i = 0; i < node.inputs.size(); ++i) {
            const TensorInfo* t = in(i);
            if (t && t->known_rank()) rank = t->rank;
        }
        int64_t axis = norm_axis(node.attr_int("axis", 0), rank);
        if (rank >= 0 && axis_ok(axis, rank)) {
            out.rank = rank;
            out.dims.assign(static_cast<size_t>(rank), kUnknownDim);
            int64_t total = 0;
            bool values = true;
            for (size_t i = 0; i < node.inputs.size(); ++i) {
                const TensorInfo* t = in(i);
                if (!t || !t->known_rank() || t->rank != rank) {
                    total = -1;
                    values = false;
                    continue;
                }
                for (int d = 0; d < rank; ++d)
                    if (d != axis && out.dims[d] == kUnknownDim) out.dims[d] = t->dims[d];
                if (total >= 0 && t->dims[axis] >= 0) total += t->dims[axis];
                else total = -1;
                if (!t->has_values) values = false;
            }
            if (axis >= 0 && axis < rank) out.dims[axis] = total;
            if (values && rank == 1) {
                out.has_values = true;
                for (size_t i = 0; i < node.inputs.size(); ++i)
                    for (int64_t v : in(i)->values) out.values.push_back(v);
            }
        }
        set0(out);
        return;
    }
    if (op == "Gather") {
        const TensorInfo* idx = in(1);
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        int64_t axis = x ? norm_axis(node.attr_int("axis", 0), x->rank) : -1;
        if (x && idx && x->known_rank() && idx->known_rank() && axis_ok(axis, x->rank) &&
            x->rank + idx->rank - 1 <= kMaxRank) {
            out.rank = x->rank + idx->rank - 1;
            for (int64_t i = 0; i < axis; ++i) out.dims.push_back(x->dims[i]);
            for (int64_t d : idx->dims) out.dims.push_back(d);
            for (int64_t i = axis + 1; i < x->rank; ++i) out.dims.push_back(x->dims[i]);
            if (x->has_values && x->rank == 1 && idx->all_values_known()) {
                out.has_values = true;
                for (int64_t i : idx->values) {
                    int64_t n = static_cast<int64_t>(x->values.size());
                    int64_t j = i < 0 ? i + n : i;
                    out.values.push_back(j >= 0 && j < n ? x->values[j] : kUnknownValue);
                }
            }
        }
        set0(out);
        return;
    }
    if (op == "GatherElements") {
        TensorInfo out = in(1) ? *in(1) : TensorInfo{};
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        out.has_values = false;
        out.values.clear();
        set0(out);
        return;
    }
    if (op == "Slice") {
        if (!x) return;
        TensorInfo out;
        out.elem_type = x->elem_type;
        if (x->known_rank()) {
            out.rank = x->rank;
            out.dims.assign(static_cast<size_t>(x->rank), kUnknownDim);
            const TensorInfo *st = in(1), *en = in(2), *ax = in(3), *sp = in(4);
            bool known = st && en && st->all_values_known() && en->all_values_known() &&
                         (node.input(3).empty() || (ax && ax->all_values_known())) &&
                         (node.input(4).empty() || (sp && sp->all_values_known()));
            if (known) {
                out.dims = x->dims;
                std::vector<int64_t> axes;
                if (node.input(3).empty())
                    for (size_t i = 0; i < st->values.size(); ++i) axes.push_back(static_cast<int64_t>(i));
                else
                    axes = ax->values;
                for (size_t i = 0; i < axes.size() && i < st->values.size() && i < en->values.size(); ++i) {
                    int64_t a = norm_axis(axes[i], x->rank);
                    if (a < 0 || a >= x->rank) continue;
                    if (!node.input(4).empty() && i >= sp->values.size()) continue;
                    int64_t step = node.input(4).empty() ? 1 : sp->values[i];
                    int64_t dim = x->dims[a];
                    if (dim < 0 || step == 0) {
                        out.dims[a] = kUnknownDim;
                        continue;
                    }
                    int64_t s = st->values[i], e = en->values[i];
                    if (s < 0) s += dim;
                    if (e < 0) e += dim;
                    if (step > 0) {
                        s = std::clamp<int64_t>(s, 0, dim);
                        e = std::clamp<int64_t>(e, 0, dim);
                        out.dims[a] = std::max<int64_t>(0, (e - s + step - 1) / step);
                    } else {
                        s = std::clamp<int64_t>(s, 0, dim - 1);
                        e = std::clamp<int64_t>(e, -1, dim - 1);
                        out.dims[a] = std::max<int64_t>(0, (s - e + (-step) - 1) / (-step));
                    }
                }
                if (x->has_values && x->rank == 1 && axes.size() == 1 && !st->values.empty() && !en->values.empty() &&
                    (node.input(4).empty() || (!sp->values.empty() && sp->values[0] == 1))) {
                    int64_t n = static_cast<int64_t>(x->values.size());
                    int64_t s = st->values[0], e = en->values[0];
                    if (s < 0) s += n;
                    if (e < 0) e += n;
                    s = std::clamp<int64_t>(s, 0, n);
                    e = std::clamp<int64_t>(e, 0, n);
                    out.has_values = true;
                    for (int64_t i = s; i < e; ++i) out.values.push_back(x->values[i]);
                }
            }
        }
        set0(out);
        return;
    }
    if (op == "ReduceSum") {
        set0(reduce_info(node, opset, table, 13));
        return;
    }
    if (op == "ReduceMean" || op == "ReduceMax" || op == "ReduceMin" || op == "ReduceProd" ||
        op == "ReduceSumSquare" || op == "ReduceL2") {
        set0(reduce_info(node, opset, table, 18));
        return;
    }
    if (op == "MatMul") {
        const TensorInfo* b = in(1);
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        if (x && b && x->known_rank() && b->known_rank() && x->rank >= 2 && b->rank >= 2) {
            TensorInfo xa = *x, ba = *b;
            xa.rank -= 2;
            xa.dims.resize(xa.rank);
            ba.rank -= 2;
            ba.dims.resize(ba.rank);
            TensorInfo batch = broadcast({&xa, &ba});
            out.rank = batch.rank + 2;
            out.dims = batch.dims;
            out.dims.push_back(x->dims[x->rank - 2]);
            out.dims.push_back(b->dims[b->rank - 1]);
        }
        set0(out);
        return;
    }
    if (op == "Gemm") {
        const TensorInfo* b = in(1);
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        out.rank = 2;
        out.dims = {kUnknownDim, kUnknownDim};
        if (x && x->rank == 2) out.dims[0] = x->dims[node.attr_int("transA", 0) ? 1 : 0];
        if (b && b->rank == 2) out.dims[1] = b->dims[node.attr_int("transB", 0) ? 0 : 1];
        set0(out);
        return;
    }
    if (op == "Expand") {
        const TensorInfo* s = in(1);
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        if (x && x->known_rank() && shape_length(s) >= 0) {
            TensorInfo target;
            target.rank = shape_length(s);
            target.dims.assign(static_cast<size_t>(target.rank), kUnknownDim);
            if (s->has_values)
                for (int i = 0; i < target.rank; ++i)
                    if (s->values[i] != kUnknownValue) target.dims[i] = s->values[i];
            out = broadcast({x, &target});
            out.elem_type = x->elem_type;
            // A target dim of 1 keeps the input's dim, an unknown target dim may not.
            int d = out.rank - target.rank;
            for (int i = 0; i < target.rank; ++i)
                if (target.dims[i] == kUnknownDim) {
                    int xi = d + i - (out.rank - x->rank);
                    if (xi < 0 || x->dims[xi] == 1) out.dims[d + i] = kUnknownDim;
                }
        }
        set0(out);
        return;
    }
    if (op == "ConstantOfShape") {
        TensorInfo out;
        out.elem_type = onnx::kFloat;
        if (const auto* v = node.find_attr("value")) out.elem_type = v->t.data_type;
        const TensorInfo* s = in(0);
        if (shape_length(s) >= 0) {
            out.rank = shape_length(s);
            out.dims.assign(static_cast<size_t>(out.rank), kUnknownDim);
            if (s->has_values)
                for (int i = 0; i < out.rank; ++i)
                    if (s->values[i] != kUnknownValue) out.dims[i] = s->values[i];
        }
        set0(out);
        return;
    }
    if (op == "Range") {
        TensorInfo out;
        out.elem_type = x ? x->elem_type : onnx::kUndefined;
        out.rank = 1;
        out.dims = {kUnknownDim};
        set0(out);
        return;
    }
    if (op == "Split") {
        if (!x || !x->known_rank()) return;
        int64_t axis = norm_axis(node.attr_int("axis", 0), x->rank);
        if (!axis_ok(axis, x->rank)) return;
        for (const auto& o : node.outputs) {
            TensorInfo out = *x;
            out.has_values = false;
            out.values.clear();
            out.dims[axis] = kUnknownDim;
            table.set(o, out);
        }
        return;
    }
    if (op == "Tile" || op == "Pad") {
        if (!x) return;
        TensorInfo out;
        out.elem_type = x->elem_type;
        out.rank = x->rank;
        out.dims.assign(static_cast<size_t>(std::max(0, x->rank)), kUnknownDim);
        set0(out);
        return;
    }
    if (op == "NonZero") {
        TensorInfo out;
        out.elem_type = onnx::kInt64;
        out.rank = 2;
        out.dims = {x && x->known_rank() ? x->rank : kUnknownDim, kUnknownDim};
        set0(out);
        return;
    }
    if (op == "ArgMax" || op == "ArgMin") {
        TensorInfo out;
        out.elem_type = onnx::kInt64;
        set0(out);
        return;
    }
    if (op == "ScatterElements" || op == "ScatterND") {
        if (x) set0(*x);
        return;
    }
    // Unknown op: outputs stay unknown; the gradient builder refuses it if it matters.
}

}  // namespace

void infer_node(const Node& node, int64_t opset, ShapeTable& table) {
    if (!node.in_default_domain()) return;
    infer(node, opset, table);
}

ShapeTable infer_shapes(const onnx::Graph& graph, int64_t opset) {
    ShapeTable table;
    seed_shapes(graph, table);
    for (const auto& node : graph.nodes) infer_node(node, opset, table);
    return table;
}

}  // namespace iglens::gradgraph
