// An in-memory ONNX model and its protobuf codec, for the subset of onnx.proto that IG Lens
// needs (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
// TypeProto.Tensor, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto).
//
// No libonnx/libprotobuf: the core also compiles to WebAssembly, and the codec is small.
// Round-trip policy: every field of a modelled message that the structs below do not name is
// kept as raw wire bytes in `unknown_fields` and written back unchanged (doc strings, subgraph
// attributes, functions, training info, ...). Tensor payloads are normalized on reading: the
// typed repeated fields (float_data, int64_data, int32_data, double_data, uint64_data) and
// external data are all turned into little-endian `raw` bytes, and written back as raw_data.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iglens::onnx {

// TensorProto.DataType values.
enum ElemType : int32_t {
    kUndefined = 0,
    kFloat = 1,
    kUint8 = 2,
    kInt8 = 3,
    kUint16 = 4,
    kInt16 = 5,
    kInt32 = 6,
    kInt64 = 7,
    kString = 8,
    kBool = 9,
    kFloat16 = 10,
    kDouble = 11,
    kUint32 = 12,
    kUint64 = 13,
    kBfloat16 = 16,
};

// Bytes per element of a numeric type, 0 for strings and unknown types.
size_t elem_size(int32_t elem_type);
const char* elem_type_name(int32_t elem_type);
bool is_float_type(int32_t elem_type);  // float16, float, double, bfloat16

struct TensorData {
    std::string name;
    int32_t data_type = kUndefined;
    std::vector<int64_t> dims;
    std::string raw;                   // little-endian elements (every numeric type)
    std::vector<std::string> strings;  // STRING tensors only
    std::string unknown_fields;

    int64_t numel() const;
    // Element values converted to the asked type; iglens::Error for a non-numeric tensor.
    std::vector<float> to_floats() const;
    std::vector<double> to_doubles() const;
    std::vector<int64_t> to_ints() const;

    static TensorData floats(std::string name, std::vector<int64_t> dims, const std::vector<float>& v);
    static TensorData doubles(std::string name, std::vector<int64_t> dims, const std::vector<double>& v);
    static TensorData ints(std::string name, std::vector<int64_t> dims, const std::vector<int64_t>& v);
    static TensorData bools(std::string name, std::vector<int64_t> dims, const std::vector<bool>& v);
    // A tensor of `elem_type` (float, double, float16 or any integer type) filled from doubles.
    static TensorData of_type(int32_t elem_type, std::string name, std::vector<int64_t> dims,
                              const std::vector<double>& v);
};

// AttributeProto.AttributeType values.
enum AttrType : int32_t {
    kAttrUndefined = 0,
    kAttrFloat = 1,
    kAttrInt = 2,
    kAttrString = 3,
    kAttrTensor = 4,
    kAttrGraph = 5,
    kAttrFloats = 6,
    kAttrInts = 7,
    kAttrStrings = 8,
    kAttrTensors = 9,
    kAttrGraphs = 10,
};

struct Attribute {
    std::string name;
    int32_t type = kAttrUndefined;
    float f = 0;
    int64_t i = 0;
    std::string s;
    TensorData t;
    std::vector<float> floats;
    std::vector<int64_t> ints;
    std::vector<std::string> strings;
    std::vector<TensorData> tensors;
    std::string unknown_fields;  // graphs, sparse tensors, ref_attr_name, doc_string, ...

    static Attribute make_int(std::string name, int64_t v);
    static Attribute make_float(std::string name, float v);
    static Attribute make_string(std::string name, std::string v);
    static Attribute make_ints(std::string name, std::vector<int64_t> v);
    static Attribute make_floats(std::string name, std::vector<float> v);
    static Attribute make_tensor(std::string name, TensorData v);
};

struct Node {
    std::string name;
    std::string op_type;
    std::string domain;  // "" and "ai.onnx" are the default domain
    std::vector<std::string> inputs;   // "" marks an omitted optional input
    std::vector<std::string> outputs;
    std::vector<Attribute> attributes;
    std::string unknown_fields;

    const Attribute* find_attr(const std::string& attr_name) const;
    int64_t attr_int(const std::string& attr_name, int64_t fallback) const;
    float attr_float(const std::string& attr_name, float fallback) const;
    std::string attr_string(const std::string& attr_name, const std::string& fallback) const;
    std::vector<int64_t> attr_ints(const std::string& attr_name) const;  // empty when absent
    bool has_attr(const std::string& attr_name) const { return find_attr(attr_name) != nullptr; }
    bool in_default_domain() const { return domain.empty() || domain == "ai.onnx"; }
    // Input i, or "" when the node has fewer inputs.
    const std::string& input(size_t i) const;
    // "op_type 'name'" for messages.
    std::string describe() const;
};

struct Dim {
    int64_t value = -1;  // -1 when symbolic or unknown
    std::string param;   // the symbol, if any
};

struct ValueInfo {
    std::string name;
    int32_t elem_type = kUndefined;
    bool has_shape = false;
    std::vector<Dim> dims;
    std::string other_type;      // raw TypeProto when it is not a tensor type
    std::string unknown_fields;  // doc_string, ...
};

struct Graph {
    std::string name;
    std::vector<Node> nodes;
    std::vector<TensorData> initializers;
    std::vector<ValueInfo> inputs;
    std::vector<ValueInfo> outputs;
    std::vector<ValueInfo> value_infos;
    std::string unknown_fields;

    const TensorData* find_initializer(const std::string& tensor_name) const;
};

struct OpsetId {
    std::string domain;
    int64_t version = 0;
};

struct Model {
    int64_t ir_version = 0;
    std::vector<OpsetId> opsets;
    std::string producer_name;
    std::string producer_version;
    std::string domain;
    int64_t model_version = 0;
    Graph graph;
    std::vector<std::pair<std::string, std::string>> metadata;
    std::string unknown_fields;

    // Version imported for `domain` ("" = ai.onnx), 0 when not imported.
    int64_t opset(const std::string& opset_domain) const;
};

// Returns the bytes of an external-data file named by a tensor's `location` (relative to the
// model file). The core never touches a filesystem: the CLI and the tests read files, the
// browser fetches them.
using ExternalDataLoader = std::function<std::string(const std::string& location)>;

// Parses an ONNX model. Throws iglens::Error on truncated or malformed bytes (naming the message
// and field), on tensors whose payload does not match their dims, and on external data when no
// loader is given or the loader's bytes are too short.
Model read_model(std::string_view bytes, const ExternalDataLoader& load_external = nullptr);

// Like read_model, but leaves externally stored tensors empty instead of loading them: for
// reading a model's structure (inputs, outputs, ops) before its weights are at hand.
Model read_model_structure(std::string_view bytes);

// Serializes a model (tensor payloads as raw_data, unknown fields written back unchanged).
std::string write_model(const Model& model);

// Parses / serializes one TensorProto (used for Constant 'value' attributes and tests).
TensorData read_tensor(std::string_view bytes);
std::string write_tensor(const TensorData& tensor);

}  // namespace iglens::onnx
