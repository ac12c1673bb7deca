// In-memory model -> ONNX protobuf. Field numbers follow onnx/onnx.proto.
#include "iglens/onnx_model.h"
#include "onnx/wire.h"

namespace iglens::onnx {

namespace {

using wire::Writer;

void write_tensor_to(Writer& w, const TensorData& t) {
    w.packed_ints(1, t.dims);
    w.int_field(2, t.data_type);
    for (const auto& s : t.strings) w.bytes_field(6, s);
    if (!t.name.empty()) w.bytes_field(8, t.name);
    if (t.data_type != kString) w.bytes_field(9, t.raw);
    w.raw(t.unknown_fields);
}

std::string tensor_bytes(const TensorData& t) {
    Writer w;
    write_tensor_to(w, t);
    return std::move(w.str());
}

std::string attribute_bytes(const Attribute& a) {
    Writer w;
    w.bytes_field(1, a.name);
    switch (a.type) {
        case kAttrFloat: w.float_field(2, a.f); break;
        case kAttrInt: w.int_field(3, a.i); break;
        case kAttrString: w.bytes_field(4, a.s); break;
        case kAttrTensor: w.bytes_field(5, tensor_bytes(a.t)); break;
        case kAttrFloats: w.packed_floats(7, a.floats); break;
        case kAttrInts: w.packed_ints(8, a.ints); break;
        case kAttrStrings:
            for (const auto& s : a.strings) w.bytes_field(9, s);
            break;
        case kAttrTensors:
            for (const auto& t : a.tensors) w.bytes_field(10, tensor_bytes(t));
            break;
        default: break;  // graphs and others live in unknown_fields
    }
    w.int_field(20, a.type);
    w.raw(a.unknown_fields);
    return std::move(w.str());
}

std::string node_bytes(const Node& n) {
    Writer w;
    for (const auto& s : n.inputs) w.bytes_field(1, s);
    for (const auto& s : n.outputs) w.bytes_field(2, s);
    if (!n.name.empty()) w.bytes_field(3, n.name);
    w.bytes_field(4, n.op_type);
    for (const auto& a : n.attributes) w.bytes_field(5, attribute_bytes(a));
    if (!n.domain.empty()) w.bytes_field(7, n.domain);
    w.raw(n.unknown_fields);
    return std::move(w.str());
}

std::string value_info_bytes(const ValueInfo& vi) {
    Writer w;
    w.bytes_field(1, vi.name);
    if (!vi.other_type.empty()) {
        w.bytes_field(2, vi.other_type);
    } else if (vi.elem_type != kUndefined) {
        Writer tensor;
        tensor.int_field(1, vi.elem_type);
        if (vi.has_shape) {
            Writer shape;
            for (const auto& d : vi.dims) {
                Writer dim;
                if (d.value >= 0) dim.int_field(1, d.value);
                else if (!d.param.empty()) dim.bytes_field(2, d.param);
                shape.bytes_field(1, dim.str());
            }
            tensor.bytes_field(2, shape.str());
        }
        Writer type;
        type.bytes_field(1, tensor.str());
        w.bytes_field(2, type.str());
    }
    w.raw(vi.unknown_fields);
    return std::move(w.str());
}

std::string graph_bytes(const Graph& g) {
    Writer w;
    for (const auto& n : g.nodes) w.bytes_field(1, node_bytes(n));
    w.bytes_field(2, g.name);
    for (const auto& t : g.initializers) w.bytes_field(5, tensor_bytes(t));
    for (const auto& v : g.inputs) w.bytes_field(11, value_info_bytes(v));
    for (const auto& v : g.outputs) w.bytes_field(12, value_info_bytes(v));
    for (const auto& v : g.value_infos) w.bytes_field(13, value_info_bytes(v));
    w.raw(g.unknown_fields);
    return std::move(w.str());
}

std::string string_entry_bytes(const std::string& key, const std::string& value) {
    Writer w;
    w.bytes_field(1, key);
    w.bytes_field(2, value);
    return std::move(w.str());
}

}  // namespace

std::string write_tensor(const TensorData& tensor) { return tensor_bytes(tensor); }

std::string write_model(const Model& m) {
    Writer w;
    w.int_field(1, m.ir_version);
    if (!m.producer_name.empty()) w.bytes_field(2, m.producer_name);
    if (!m.producer_version.empty()) w.bytes_field(3, m.producer_version);
    if (!m.domain.empty()) w.bytes_field(4, m.domain);
    if (m.model_version) w.int_field(5, m.model_version);
    w.bytes_field(7, graph_bytes(m.graph));
    for (const auto& o : m.opsets) {
        Writer op;
        op.bytes_field(1, o.domain);
        op.int_field(2, o.version);
        w.bytes_field(8, op.str());
    }
    for (const auto& kv : m.metadata) w.bytes_field(14, string_entry_bytes(kv.first, kv.second));
    w.raw(m.unknown_fields);
    return std::move(w.str());
}

}  // namespace iglens::onnx
