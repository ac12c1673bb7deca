// Helpers of the in-memory ONNX model: element types, tensor conversions, attribute access.
#include <cstring>

#include "iglens/error.h"
#include "iglens/onnx_model.h"

namespace iglens::onnx {

size_t elem_size(int32_t t) {
    switch (t) {
        case kFloat: case kInt32: case kUint32: return 4;
        case kUint8: case kInt8: case kBool: return 1;
        case kUint16: case kInt16: case kFloat16: case kBfloat16: return 2;
        case kInt64: case kDouble: case kUint64: return 8;
        default: return 0;
    }
}

const char* elem_type_name(int32_t t) {
    switch (t) {
        case kFloat: return "float32";
        case kUint8: return "uint8";
        case kInt8: return "int8";
        case kUint16: return "uint16";
        case kInt16: return "int16";
        case kInt32: return "int32";
        case kInt64: return "int64";
        case kString: return "string";
        case kBool: return "bool";
        case kFloat16: return "float16";
        case kDouble: return "float64";
        case kUint32: return "uint32";
        case kUint64: return "uint64";
        case kBfloat16: return "bfloat16";
        default: return "unknown";
    }
}

bool is_float_type(int32_t t) { return t == kFloat || t == kDouble || t == kFloat16 || t == kBfloat16; }

int64_t TensorData::numel() const {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}

namespace {

float half_to_float(uint16_t h) {
    uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {
            exp = 127 - 15 + 1;
            while (!(mant & 0x400)) {
                mant <<= 1;
                --exp;
            }
            bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

template <typename T>
T load(const std::string& raw, size_t i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
    return v;
}

double element(const TensorData& t, size_t i) {
    switch (t.data_type) {
        case kFloat: return load<float>(t.raw, i);
        case kDouble: return load<double>(t.raw, i);
        case kFloat16: return half_to_float(load<uint16_t>(t.raw, i));
        case kBfloat16: {
            uint32_t bits = static_cast<uint32_t>(load<uint16_t>(t.raw, i)) << 16;
            float f;
            std::memcpy(&f, &bits, 4);
            return f;
        }
        case kInt64: return static_cast<double>(load<int64_t>(t.raw, i));
        case kInt32: return load<int32_t>(t.raw, i);
        case kInt16: return load<int16_t>(t.raw, i);
        case kInt8: return load<int8_t>(t.raw, i);
        case kUint8: case kBool: return load<uint8_t>(t.raw, i);
        case kUint16: return load<uint16_t>(t.raw, i);
        case kUint32: return load<uint32_t>(t.raw, i);
        case kUint64: return static_cast<double>(load<uint64_t>(t.raw, i));
        default:
            throw Error("tensor '" + t.name + "' of type " + elem_type_name(t.data_type) +
                        " cannot be read as numbers");
    }
}

size_t checked_count(const TensorData& t) {
    size_t es = elem_size(t.data_type);
    if (es == 0 || t.raw.size() % es)
        throw Error("tensor '" + t.name + "' of type " + elem_type_name(t.data_type) +
                    " cannot be read as numbers");
    return t.raw.size() / es;
}

}  // namespace

std::vector<float> TensorData::to_floats() const {
    size_t n = checked_count(*this);
    std::vector<float> out(n);
    if (data_type == kFloat) {
        if (n) std::memcpy(out.data(), raw.data(), n * 4);
        return out;
    }
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(element(*this, i));
    return out;
}

std::vector<double> TensorData::to_doubles() const {
    size_t n = checked_count(*this);
    std::vector<double> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = element(*this, i);
    return out;
}

std::vector<int64_t> TensorData::to_ints() const {
    size_t n = checked_count(*this);
    std::vector<int64_t> out(n);
    for (size_t i = 0; i < n; ++i) {
        if (data_type == kInt64) out[i] = load<int64_t>(raw, i);
        else if (data_type == kUint64) out[i] = static_cast<int64_t>(load<uint64_t>(raw, i));
        else out[i] = static_cast<int64_t>(element(*this, i));
    }
    return out;
}

namespace {
void check_count(const std::vector<int64_t>& dims, size_t n, const std::string& name) {
    int64_t want = 1;
    for (int64_t d : dims) want *= d;
    if (want != static_cast<int64_t>(n))
        throw Error("tensor '" + name + "': " + std::to_string(n) + " values for dims holding " +
                    std::to_string(want));
}

// The typed constructors differ only in element type and byte layout.
template <typename T>
TensorData packed(int32_t data_type, std::string name, std::vector<int64_t> dims, const std::vector<T>& v) {
    check_count(dims, v.size(), name);
    TensorData t;
    t.name = std::move(name);
    t.data_type = data_type;
    t.dims = std::move(dims);
    t.raw.assign(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    return t;
}
}  // namespace

TensorData TensorData::floats(std::string name, std::vector<int64_t> dims, const std::vector<float>& v) {
    return packed(kFloat, std::move(name), std::move(dims), v);
}

TensorData TensorData::doubles(std::string name, std::vector<int64_t> dims, const std::vector<double>& v) {
    return packed(kDouble, std::move(name), std::move(dims), v);
}

TensorData TensorData::ints(std::string name, std::vector<int64_t> dims, const std::vector<int64_t>& v) {
    return packed(kInt64, std::move(name), std::move(dims), v);
}

TensorData TensorData::bools(std::string name, std::vector<int64_t> dims, const std::vector<bool>& v) {
    std::vector<uint8_t> bytes(v.begin(), v.end());
    return packed(kBool, std::move(name), std::move(dims), bytes);
}

TensorData TensorData::of_type(int32_t elem_type, std::string name, std::vector<int64_t> dims,
                               const std::vector<double>& v) {
    check_count(dims, v.size(), name);
    TensorData t;
    t.name = std::move(name);
    t.data_type = elem_type;
    t.dims = std::move(dims);
    auto put = [&](auto x) { t.raw.append(reinterpret_cast<const char*>(&x), sizeof(x)); };
    for (double x : v) {
        switch (elem_type) {
            case kFloat: put(static_cast<float>(x)); break;
            case kDouble: put(x); break;
            case kInt64: put(static_cast<int64_t>(x)); break;
            case kInt32: put(static_cast<int32_t>(x)); break;
            case kBool: put(static_cast<uint8_t>(x != 0)); break;
            case kFloat16: {
                // Round-to-nearest conversion, enough for the small constants the builder emits.
                float f = static_cast<float>(x);
                uint32_t b;
                std::memcpy(&b, &f, 4);
                uint32_t sign = (b >> 16) & 0x8000u;
                int32_t exp = static_cast<int32_t>((b >> 23) & 0xff) - 127 + 15;
                uint32_t mant = b & 0x7fffffu;
                uint16_t h;
                if (exp <= 0) h = static_cast<uint16_t>(sign);
                else if (exp >= 31) h = static_cast<uint16_t>(sign | 0x7c00u);
                else h = static_cast<uint16_t>(sign | (exp << 10) | ((mant + 0x1000u) >> 13));
                put(h);
                break;
            }
            default:
                throw Error(std::string("cannot make a constant of type ") + elem_type_name(elem_type));
        }
    }
    return t;
}

Attribute Attribute::make_int(std::string name, int64_t v) {
    Attribute a;
    a.name = std::move(name);
    a.type = kAttrInt;
    a.i = v;
    return a;
}
Attribute Attribute::make_float(std::string name, float v) {
    Attribute a;
    a.name = std::move(name);
    a.type = kAttrFloat;
    a.f = v;
    return a;
}
Attribute Attribute::make_string(std::string name, std::string v) {
    Attribute a;
    a.name = std::move(name);
    a.type = kAttrString;
    a.s = std::move(v);
    return a;
}
Attribute Attribute::make_ints(std::string name, std::vector<int64_t> v) {
    Attribute a;
    a.name = std::move(name);
    a.type = kAttrInts;
    a.ints = std::move(v);
    return a;
}
Attribute Attribute::make_floats(std::string name, std::vector<float> v) {
    Attribute a;
    a.name = std::move(name);
    a.type = kAttrFloats;
    a.floats = std::move(v);
    return a;
}
Attribute Attribute::make_tensor(std::string name, TensorData v) {
    Attribute a;
    a.name = std::move(name);
    a.type = kAttrTensor;
    a.t = std::move(v);
    return a;
}

const Attribute* Node::find_attr(const std::string& attr_name) const {
    for (const auto& a : attributes)
        if (a.name == attr_name) return &a;
    return nullptr;
}

int64_t Node::attr_int(const std::string& attr_name, int64_t fallback) const {
    const Attribute* a = find_attr(attr_name);
    return a ? a->i : fallback;
}

float Node::attr_float(const std::string& attr_name, float fallback) const {
    const Attribute* a = find_attr(attr_name);
    return a ? a->f : fallback;
}

std::string Node::attr_string(const std::string& attr_name, const std::string& fallback) const {
    const Attribute* a = find_attr(attr_name);
    return a ? a->s : fallback;
}

std::vector<int64_t> Node::attr_ints(const std::string& attr_name) const {
    const Attribute* a = find_attr(attr_name);
    return a ? a->ints : std::vector<int64_t>{};
}

const std::string& Node::input(size_t i) const {
    static const std::string empty;
    return i < inputs.size() ? inputs[i] : empty;
}

std::string Node::describe() const {
    std::string d = domain.empty() ? op_type : domain + "." + op_type;
    return d + " node '" + name + "'";
}

const TensorData* Graph::find_initializer(const std::string& tensor_name) const {
    for (const auto& t : initializers)
        if (t.name == tensor_name) return &t;
    return nullptr;
}

int64_t Model::opset(const std::string& opset_domain) const {
    for (const auto& o : opsets) {
        bool same = o.domain == opset_domain || (opset_domain.empty() && o.domain == "ai.onnx") ||
                    (opset_domain == "ai.onnx" && o.domain.empty());
        if (same) return o.version;
    }
    return 0;
}

}  // namespace iglens::onnx
