// ONNX protobuf -> in-memory model. Field numbers follow onnx/onnx.proto.
#include <cstring>
#include <map>
#include <memory>

#include "iglens/error.h"
#include "iglens/onnx_model.h"
#include "onnx/wire.h"

namespace iglens::onnx {

namespace {

using wire::Field;
using wire::Reader;

// A single tensor may not claim more than this many elements: a model that does is corrupt
// (or out of reach of a browser anyway), and refusing early avoids a huge allocation.
constexpr int64_t kMaxTensorElements = int64_t(1) << 34;

std::string str(std::string_view v) { return std::string(v); }

int64_t parse_size(const Reader& r, const std::string& text) {
    if (text.empty() || text.size() > 15) r.fail("external data offset/length '" + text + "' is not a size");
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') r.fail("external data offset/length '" + text + "' is not a size");
        v = v * 10 + (c - '0');
    }
    return v;
}

struct ExternalRef {
    std::string location;
    int64_t offset = 0;
    int64_t length = -1;
};

class ModelReader {
public:
    ModelReader(const ExternalDataLoader& loader, bool skip_external)
        : loader_(loader), skip_external_(skip_external) {}

    Model model(std::string_view bytes);
    TensorData tensor(std::string_view bytes);

private:
    Graph graph(std::string_view bytes);
    Node node(std::string_view bytes);
    Attribute attribute(std::string_view bytes);
    ValueInfo value_info(std::string_view bytes);
    void tensor_type(std::string_view bytes, ValueInfo& vi);
    std::pair<std::string, std::string> string_entry(std::string_view bytes);
    OpsetId opset(std::string_view bytes);
    const std::string& external_file(const std::string& location);

    const ExternalDataLoader& loader_;
    bool skip_external_;
    std::map<std::string, std::string> external_files_;
};

std::pair<std::string, std::string> ModelReader::string_entry(std::string_view bytes) {
    Reader r(bytes, "StringStringEntryProto");
    std::pair<std::string, std::string> kv;
    while (!r.done()) {
        Field f = r.next();
        if (f.number == 1) kv.first = str(r.as_bytes(f));
        else if (f.number == 2) kv.second = str(r.as_bytes(f));
    }
    return kv;
}

OpsetId ModelReader::opset(std::string_view bytes) {
    Reader r(bytes, "OperatorSetIdProto");
    OpsetId id;
    while (!r.done()) {
        Field f = r.next();
        if (f.number == 1) id.domain = str(r.as_bytes(f));
        else if (f.number == 2) id.version = r.as_int(f);
    }
    return id;
}

const std::string& ModelReader::external_file(const std::string& location) {
    auto it = external_files_.find(location);
    if (it != external_files_.end()) return it->second;
    if (!loader_)
        throw Error("the ONNX model keeps weights in an external file '" + location +
                    "' but no way to read it was given; load the model from its folder so that '" +
                    location + "' next to it can be read");
    return external_files_.emplace(location, loader_(location)).first->second;
}

TensorData ModelReader::tensor(std::string_view bytes) {
    Reader r(bytes, "TensorProto");
    TensorData t;
    std::vector<float> float_data;
    std::vector<int64_t> int_data;  // int32_data (5) and int64_data (7)
    bool has_int32 = false, has_int64 = false;
    std::vector<double> double_data;
    std::vector<uint64_t> uint64_data;
    bool has_raw = false, external = false;
    ExternalRef ext;
    while (!r.done()) {
        Field f = r.next();
        switch (f.number) {
            case 1: r.append_ints(f, t.dims); break;
            case 2: t.data_type = static_cast<int32_t>(r.as_int(f)); break;
            case 4: r.append_floats(f, float_data); break;
            case 5: r.append_ints(f, int_data); has_int32 = true; break;
            case 6: t.strings.push_back(str(r.as_bytes(f))); break;
            case 7: r.append_ints(f, int_data); has_int64 = true; break;
            case 8: t.name = str(r.as_bytes(f)); break;
            case 9: t.raw = str(r.as_bytes(f)); has_raw = true; break;
            case 10: r.append_doubles(f, double_data); break;
            case 11: r.append_uint64s(f, uint64_data); break;
            case 13: {
                auto kv = string_entry(r.as_bytes(f));
                if (kv.first == "location") ext.location = kv.second;
                else if (kv.first == "offset") ext.offset = parse_size(r, kv.second);
                else if (kv.first == "length") ext.length = parse_size(r, kv.second);
                break;
            }
            case 14: external = r.as_int(f) == 1; break;
            default: t.unknown_fields.append(f.raw.data(), f.raw.size());
        }
    }
    const std::string what = "tensor '" + t.name + "'";
    int64_t n = 1;
    for (int64_t d : t.dims) {
        if (d < 0) r.fail(what + " has a negative dimension");
        if (d > 0 && n > kMaxTensorElements / d) r.fail(what + " declares an absurd number of elements");
        n *= d;
    }
    if (t.data_type == kString) {
        if (static_cast<int64_t>(t.strings.size()) != n) r.fail(what + " has the wrong number of strings");
        return t;
    }
    size_t esize = elem_size(t.data_type);
    if (esize == 0) r.fail(what + " has unsupported data type " + std::to_string(t.data_type));
    if (external) {
        if (ext.location.empty()) r.fail(what + " is external but names no location");
        if (skip_external_) {
            t.unknown_fields.clear();  // a skeleton: must never be written back
            return t;
        }
        const std::string& file = external_file(ext.location);
        int64_t want = ext.length >= 0 ? ext.length : n * static_cast<int64_t>(esize);
        if (ext.offset < 0 || ext.offset > static_cast<int64_t>(file.size()) ||
            want > static_cast<int64_t>(file.size()) - ext.offset)
            throw Error("external data file '" + ext.location + "' is too short for " + what +
                        " (it is truncated or belongs to another model; re-download it)");
        t.raw = file.substr(static_cast<size_t>(ext.offset), static_cast<size_t>(want));
        has_raw = true;
    }
    if (!has_raw) {
        // Typed fields: convert to little-endian raw bytes of the declared type.
        std::vector<double> values;
        if (!float_data.empty()) {
            if (t.data_type == kFloat) {
                t.raw.assign(reinterpret_cast<const char*>(float_data.data()), float_data.size() * 4);
            } else {
                r.fail(what + " stores float_data for a non-float type");
            }
        } else if (!double_data.empty()) {
            if (t.data_type != kDouble) r.fail(what + " stores double_data for a non-double type");
            t.raw.assign(reinterpret_cast<const char*>(double_data.data()), double_data.size() * 8);
        } else if (!uint64_data.empty()) {
            if (t.data_type != kUint64 && t.data_type != kUint32) r.fail(what + " stores uint64_data for another type");
            for (uint64_t v : uint64_data) t.raw.append(reinterpret_cast<const char*>(&v), esize);
        } else if (has_int64 && t.data_type == kInt64) {
            t.raw.assign(reinterpret_cast<const char*>(int_data.data()), int_data.size() * 8);
        } else if (has_int32 || has_int64) {
            if (t.data_type == kFloat16 || t.data_type == kBfloat16 || t.data_type == kInt32 ||
                t.data_type == kInt16 || t.data_type == kInt8 || t.data_type == kUint8 ||
                t.data_type == kUint16 || t.data_type == kBool) {
                for (int64_t v : int_data) t.raw.append(reinterpret_cast<const char*>(&v), esize);
            } else {
                r.fail(what + " stores int32_data/int64_data for type " + std::to_string(t.data_type));
            }
        }
    }
    // 64-bit arithmetic: size_t is 32 bits in WebAssembly.
    const uint64_t need = static_cast<uint64_t>(n) * esize;
    if (static_cast<uint64_t>(t.raw.size()) != need)
        r.fail(what + " holds " + std::to_string(t.raw.size()) + " bytes of data but its dims need " +
               std::to_string(need));
    return t;
}

Attribute ModelReader::attribute(std::string_view bytes) {
    Reader r(bytes, "AttributeProto");
    Attribute a;
    while (!r.done()) {
        Field f = r.next();
        switch (f.number) {
            case 1: a.name = str(r.as_bytes(f)); break;
            case 2: a.f = r.as_float(f); break;
            case 3: a.i = r.as_int(f); break;
            case 4: a.s = str(r.as_bytes(f)); break;
            case 5: a.t = tensor(r.as_bytes(f)); break;
            case 7: r.append_floats(f, a.floats); break;
            case 8: r.append_ints(f, a.ints); break;
            case 9: a.strings.push_back(str(r.as_bytes(f))); break;
            case 10: a.tensors.push_back(tensor(r.as_bytes(f))); break;
            case 20: a.type = static_cast<int32_t>(r.as_int(f)); break;
            default: a.unknown_fields.append(f.raw.data(), f.raw.size());
        }
    }
    return a;
}

Node ModelReader::node(std::string_view bytes) {
    Reader r(bytes, "NodeProto");
    Node n;
    while (!r.done()) {
        Field f = r.next();
        switch (f.number) {
            case 1: n.inputs.push_back(str(r.as_bytes(f))); break;
            case 2: n.outputs.push_back(str(r.as_bytes(f))); break;
            case 3: n.name = str(r.as_bytes(f)); break;
            case 4: n.op_type = str(r.as_bytes(f)); break;
            case 5: n.attributes.push_back(attribute(r.as_bytes(f))); break;
            case 7: n.domain = str(r.as_bytes(f)); break;
            default: n.unknown_fields.append(f.raw.data(), f.raw.size());
        }
    }
    if (n.op_type.empty()) r.fail("node '" + n.name + "' has no op_type");
    return n;
}

void ModelReader::tensor_type(std::string_view bytes, ValueInfo& vi) {
    Reader r(bytes, "TypeProto.Tensor");
    while (!r.done()) {
        Field f = r.next();
        if (f.number == 1) {
            vi.elem_type = static_cast<int32_t>(r.as_int(f));
        } else if (f.number == 2) {
            vi.has_shape = true;
            Reader shape(r.as_bytes(f), "TensorShapeProto");
            while (!shape.done()) {
                Field d = shape.next();
                if (d.number != 1) continue;
                Reader dim(shape.as_bytes(d), "TensorShapeProto.Dimension");
                Dim out;
                while (!dim.done()) {
                    Field x = dim.next();
                    if (x.number == 1) out.value = dim.as_int(x);
                    else if (x.number == 2) out.param = str(dim.as_bytes(x));
                }
                vi.dims.push_back(out);
            }
        }
    }
}

ValueInfo ModelReader::value_info(std::string_view bytes) {
    Reader r(bytes, "ValueInfoProto");
    ValueInfo vi;
    while (!r.done()) {
        Field f = r.next();
        if (f.number == 1) {
            vi.name = str(r.as_bytes(f));
        } else if (f.number == 2) {
            std::string_view type_bytes = r.as_bytes(f);
            Reader t(type_bytes, "TypeProto");
            bool is_tensor = false;
            while (!t.done()) {
                Field tf = t.next();
                if (tf.number == 1) {
                    is_tensor = true;
                    tensor_type(t.as_bytes(tf), vi);
                }
            }
            if (!is_tensor) vi.other_type = str(type_bytes);
        } else {
            vi.unknown_fields.append(f.raw.data(), f.raw.size());
        }
    }
    return vi;
}

Graph ModelReader::graph(std::string_view bytes) {
    Reader r(bytes, "GraphProto");
    Graph g;
    while (!r.done()) {
        Field f = r.next();
        switch (f.number) {
            case 1: g.nodes.push_back(node(r.as_bytes(f))); break;
            case 2: g.name = str(r.as_bytes(f)); break;
            case 5: g.initializers.push_back(tensor(r.as_bytes(f))); break;
            case 11: g.inputs.push_back(value_info(r.as_bytes(f))); break;
            case 12: g.outputs.push_back(value_info(r.as_bytes(f))); break;
            case 13: g.value_infos.push_back(value_info(r.as_bytes(f))); break;
            default: g.unknown_fields.append(f.raw.data(), f.raw.size());
        }
    }
    return g;
}

Model ModelReader::model(std::string_view bytes) {
    Reader r(bytes, "ModelProto");
    Model m;
    bool has_graph = false;
    while (!r.done()) {
        Field f = r.next();
        switch (f.number) {
            case 1: m.ir_version = r.as_int(f); break;
            case 2: m.producer_name = str(r.as_bytes(f)); break;
            case 3: m.producer_version = str(r.as_bytes(f)); break;
            case 4: m.domain = str(r.as_bytes(f)); break;
            case 5: m.model_version = r.as_int(f); break;
            case 7: m.graph = graph(r.as_bytes(f)); has_graph = true; break;
            case 8: m.opsets.push_back(opset(r.as_bytes(f))); break;
            case 14: m.metadata.push_back(string_entry(r.as_bytes(f))); break;
            default: m.unknown_fields.append(f.raw.data(), f.raw.size());
        }
    }
    if (!has_graph || m.ir_version <= 0)
        throw Error("not an ONNX model: no graph or no IR version found (is this the right file? "
                    "export the model with torch.onnx.export or Optimum)");
    return m;
}

}  // namespace

Model read_model(std::string_view bytes, const ExternalDataLoader& load_external) {
    if (bytes.empty()) throw Error("the ONNX model file is empty; re-export or re-download it");
    ModelReader reader(load_external, false);
    return reader.model(bytes);
}

Model read_model_structure(std::string_view bytes) {
    if (bytes.empty()) throw Error("the ONNX model file is empty; re-export or re-download it");
    ExternalDataLoader none;
    ModelReader reader(none, true);
    return reader.model(bytes);
}

TensorData read_tensor(std::string_view bytes) {
    ExternalDataLoader none;
    ModelReader reader(none, false);
    return reader.tensor(bytes);
}

}  // namespace iglens::onnx
