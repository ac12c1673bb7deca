// Protocol-buffer wire format primitives (varints, tags, length-delimited fields), bounds
// checked: every read that would run past the end throws iglens::Error naming the message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iglens::onnx::wire {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct Field {
    uint32_t number = 0;
    WireType type = kVarint;
    uint64_t varint = 0;      // kVarint, kFixed64 and kFixed32 values
    std::string_view bytes;   // kLengthDelimited payload
    std::string_view raw;     // the whole field, tag included (for round-tripping unknown fields)
};

// Reads the fields of one message in order.
class Reader {
public:
    Reader(std::string_view data, const char* message_name) : data_(data), message_(message_name) {}
    bool done() const { return pos_ >= data_.size(); }
    Field next();

    // Helpers that check the wire type of a field the caller recognized.
    int64_t as_int(const Field& f) const;
    float as_float(const Field& f) const;
    std::string_view as_bytes(const Field& f) const;
    // Repeated scalar fields, packed or not: appends to `out`.
    void append_ints(const Field& f, std::vector<int64_t>& out) const;
    void append_floats(const Field& f, std::vector<float>& out) const;
    void append_doubles(const Field& f, std::vector<double>& out) const;
    void append_uint64s(const Field& f, std::vector<uint64_t>& out) const;

    [[noreturn]] void fail(const std::string& what) const;

private:
    uint64_t read_varint(std::string_view data, size_t& pos) const;
    void expect(const Field& f, WireType t) const;

    std::string_view data_;
    size_t pos_ = 0;
    const char* message_;
};

// Appends encoded fields to a byte string.
class Writer {
public:
    void varint_field(uint32_t number, uint64_t value);
    void int_field(uint32_t number, int64_t value) { varint_field(number, static_cast<uint64_t>(value)); }
    void float_field(uint32_t number, float value);
    void bytes_field(uint32_t number, std::string_view bytes);
    void packed_ints(uint32_t number, const std::vector<int64_t>& values);
    void packed_floats(uint32_t number, const std::vector<float>& values);
    void raw(std::string_view bytes) { out_.append(bytes.data(), bytes.size()); }
    std::string& str() { return out_; }

private:
    void put_varint(uint64_t value);
    void tag(uint32_t number, WireType type) { put_varint((static_cast<uint64_t>(number) << 3) | type); }
    std::string out_;
};

}  // namespace iglens::onnx::wire
