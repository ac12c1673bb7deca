#include "onnx/wire.h"

#include <cstring>

#include "iglens/error.h"

namespace iglens::onnx::wire {

void Reader::fail(const std::string& what) const {
    throw Error(std::string("malformed ONNX file: ") + message_ + ": " + what +
                " (the file is truncated or not an ONNX model; re-export or re-download it)");
}

uint64_t Reader::read_varint(std::string_view data, size_t& pos) const {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.size()) fail("varint runs past the end of the data");
        uint8_t byte = static_cast<uint8_t>(data[pos++]);
        value |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return value;
    }
    fail("varint longer than 10 bytes");
}

Field Reader::next() {
    Field f;
    size_t start = pos_;
    uint64_t tag = read_varint(data_, pos_);
    f.number = static_cast<uint32_t>(tag >> 3);
    if (f.number == 0 || (tag >> 3) > 0x1fffffff) fail("field number 0 or out of range");
    uint32_t type = static_cast<uint32_t>(tag & 7);
    switch (type) {
        case kVarint:
            f.varint = read_varint(data_, pos_);
            break;
        case kFixed64:
            if (data_.size() - pos_ < 8) fail("fixed64 field runs past the end");
            std::memcpy(&f.varint, data_.data() + pos_, 8);
            pos_ += 8;
            break;
        case kFixed32: {
            if (data_.size() - pos_ < 4) fail("fixed32 field runs past the end");
            uint32_t v;
            std::memcpy(&v, data_.data() + pos_, 4);
            f.varint = v;
            pos_ += 4;
            break;
        }
        case kLengthDelimited: {
            uint64_t len = read_varint(data_, pos_);
            if (len > data_.size() - pos_)
                fail("field " + std::to_string(f.number) + " declares " + std::to_string(len) +
                     " bytes but only " + std::to_string(data_.size() - pos_) + " remain");
            f.bytes = data_.substr(pos_, static_cast<size_t>(len));
            pos_ += static_cast<size_t>(len);
            break;
        }
        default:
            fail("field " + std::to_string(f.number) + " has unsupported wire type " + std::to_string(type));
    }
    f.type = static_cast<WireType>(type);
    f.raw = data_.substr(start, pos_ - start);
    return f;
}

void Reader::expect(const Field& f, WireType t) const {
    if (f.type != t)
        fail("field " + std::to_string(f.number) + " has wire type " + std::to_string(f.type) +
             ", expected " + std::to_string(t));
}

int64_t Reader::as_int(const Field& f) const {
    expect(f, kVarint);
    return static_cast<int64_t>(f.varint);
}

float Reader::as_float(const Field& f) const {
    expect(f, kFixed32);
    uint32_t bits = static_cast<uint32_t>(f.varint);
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
}

std::string_view Reader::as_bytes(const Field& f) const {
    expect(f, kLengthDelimited);
    return f.bytes;
}

void Reader::append_ints(const Field& f, std::vector<int64_t>& out) const {
    if (f.type == kVarint) {
        out.push_back(static_cast<int64_t>(f.varint));
        return;
    }
    expect(f, kLengthDelimited);
    size_t pos = 0;
    while (pos < f.bytes.size()) out.push_back(static_cast<int64_t>(read_varint(f.bytes, pos)));
}

void Reader::append_floats(const Field& f, std::vector<float>& out) const {
    if (f.type == kFixed32) {
        out.push_back(as_float(f));
        return;
    }
    expect(f, kLengthDelimited);
    if (f.bytes.size() % 4) fail("packed float field size is not a multiple of 4");
    size_t n = f.bytes.size() / 4, old = out.size();
    out.resize(old + n);
    std::memcpy(out.data() + old, f.bytes.data(), n * 4);
}

void Reader::append_doubles(const Field& f, std::vector<double>& out) const {
    if (f.type == kFixed64) {
        double v;
        std::memcpy(&v, &f.varint, 8);
        out.push_back(v);
        return;
    }
    expect(f, kLengthDelimited);
    if (f.bytes.size() % 8) fail("packed double field size is not a multiple of 8");
    size_t n = f.bytes.size() / 8, old = out.size();
    out.resize(old + n);
    std::memcpy(out.data() + old, f.bytes.data(), n * 8);
}

void Reader::append_uint64s(const Field& f, std::vector<uint64_t>& out) const {
    if (f.type == kVarint) {
        out.push_back(f.varint);
        return;
    }
    expect(f, kLengthDelimited);
    size_t pos = 0;
    while (pos < f.bytes.size()) out.push_back(read_varint(f.bytes, pos));
}

void Writer::put_varint(uint64_t value) {
    while (value >= 0x80) {
        out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
}

void Writer::varint_field(uint32_t number, uint64_t value) {
    tag(number, kVarint);
    put_varint(value);
}

void Writer::float_field(uint32_t number, float value) {
    tag(number, kFixed32);
    char b[4];
    std::memcpy(b, &value, 4);
    out_.append(b, 4);
}

void Writer::bytes_field(uint32_t number, std::string_view bytes) {
    tag(number, kLengthDelimited);
    put_varint(bytes.size());
    out_.append(bytes.data(), bytes.size());
}

void Writer::packed_ints(uint32_t number, const std::vector<int64_t>& values) {
    if (values.empty()) return;
    Writer inner;
    for (int64_t v : values) inner.put_varint(static_cast<uint64_t>(v));
    bytes_field(number, inner.out_);
}

void Writer::packed_floats(uint32_t number, const std::vector<float>& values) {
    if (values.empty()) return;
    bytes_field(number, std::string_view(reinterpret_cast<const char*>(values.data()), values.size() * 4));
}

}  // namespace iglens::onnx::wire
