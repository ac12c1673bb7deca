// The ONNX protobuf codec: round trips, payload normalization, unknown fields, external data,
// and clear errors on malformed bytes.
#include <gtest/gtest.h>

#include <cstring>

#include "iglens/error.h"
#include "iglens/onnx_model.h"
#include "onnx/wire.h"
#include "support/graph_dsl.h"
#include "support/tiny_transformers.h"

namespace iglens::onnx {
namespace {

using testing::ModelBuilder;

std::string expect_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected iglens::Error";
    return "";
}

Model small_model() {
    ModelBuilder b(14);
    b.input("x", kFloat, {-1, 3}, {"batch"});
    std::mt19937 rng(1);
    b.op("MatMul", {"x", b.init_random("w", {3, 2}, rng)}, {}, "y");
    b.op("Softmax", {"y"}, {Attribute::make_int("axis", -1)}, "z");
    b.output("z", kFloat, {-1, 2}, {"batch"});
    return b.model();
}

TEST(OnnxCodec, RoundTripIsStable) {
    std::string bytes = write_model(small_model());
    Model m = read_model(bytes);
    EXPECT_EQ(m.ir_version, 8);
    EXPECT_EQ(m.opset(""), 14);
    ASSERT_EQ(m.graph.nodes.size(), 2u);
    EXPECT_EQ(m.graph.nodes[1].attr_int("axis", 0), -1);
    ASSERT_EQ(m.graph.inputs.size(), 1u);
    EXPECT_EQ(m.graph.inputs[0].dims[0].param, "batch");
    EXPECT_EQ(m.graph.inputs[0].dims[1].value, 3);
    EXPECT_EQ(write_model(m), bytes);
    // A whole tiny transformer survives too.
    std::string big = write_model(testing::make_tiny_transformer({}));
    EXPECT_EQ(write_model(read_model(big)), big);
}

TEST(OnnxCodec, TypedPayloadsBecomeRawBytes) {
    wire::Writer t;
    t.packed_ints(1, {2, 2});
    t.int_field(2, kFloat);
    t.packed_floats(4, {1.5f, -2.0f});
    t.float_field(4, 3.0f);  // unpacked element after a packed run
    t.float_field(4, 4.25f);
    t.bytes_field(8, "f");
    TensorData f = read_tensor(t.str());
    EXPECT_EQ(f.to_floats(), (std::vector<float>{1.5f, -2.0f, 3.0f, 4.25f}));

    wire::Writer i;
    i.packed_ints(1, {3});
    i.int_field(2, kInt64);
    i.packed_ints(7, {-1, 0, 1ll << 40});
    EXPECT_EQ(read_tensor(i.str()).to_ints(), (std::vector<int64_t>{-1, 0, 1ll << 40}));

    wire::Writer i32;
    i32.packed_ints(1, {2});
    i32.int_field(2, kInt32);
    i32.packed_ints(5, {-7, 9});
    TensorData t32 = read_tensor(i32.str());
    EXPECT_EQ(t32.raw.size(), 8u);
    EXPECT_EQ(t32.to_ints(), (std::vector<int64_t>{-7, 9}));

    // float16 values come as int32_data holding the bit patterns.
    wire::Writer h;
    h.packed_ints(1, {2});
    h.int_field(2, kFloat16);
    h.packed_ints(5, {0x3c00, 0xc000});  // 1.0, -2.0
    EXPECT_EQ(read_tensor(h.str()).to_floats(), (std::vector<float>{1.0f, -2.0f}));
}

TEST(OnnxCodec, UnknownFieldsRoundTrip) {
    Model m = small_model();
    wire::Writer doc;
    doc.bytes_field(6, "a node doc string");
    m.graph.nodes[0].unknown_fields = doc.str();
    wire::Writer graph_attr;
    graph_attr.bytes_field(6, "opaque subgraph bytes");
    Attribute a;
    a.name = "body";
    a.type = kAttrGraph;
    a.unknown_fields = graph_attr.str();
    m.graph.nodes[1].attributes.push_back(a);
    std::string bytes = write_model(m);
    Model back = read_model(bytes);
    EXPECT_EQ(back.graph.nodes[0].unknown_fields, doc.str());
    ASSERT_NE(back.graph.nodes[1].find_attr("body"), nullptr);
    EXPECT_EQ(back.graph.nodes[1].find_attr("body")->unknown_fields, graph_attr.str());
    EXPECT_EQ(write_model(back), bytes);
}

std::string external_model(int64_t offset, int64_t length) {
    Model m = small_model();
    TensorData& w = m.graph.initializers[0];
    w.raw.clear();
    wire::Writer ext;
    auto entry = [&](const std::string& k, const std::string& v) {
        wire::Writer e;
        e.bytes_field(1, k);
        e.bytes_field(2, v);
        ext.bytes_field(13, e.str());
    };
    entry("location", "model.onnx_data");
    entry("offset", std::to_string(offset));
    entry("length", std::to_string(length));
    ext.int_field(14, 1);
    w.unknown_fields = ext.str();
    // write_model writes an empty raw_data for it; the reader must prefer the external data.
    return write_model(m);
}

TEST(OnnxCodec, ExternalDataThroughTheLoader) {
    std::vector<float> values{1, 2, 3, 4, 5, 6};
    std::string file(16, 'x');
    file.append(reinterpret_cast<const char*>(values.data()), 24);
    std::string bytes = external_model(16, 24);
    int loads = 0;
    Model m = read_model(bytes, [&](const std::string& location) {
        EXPECT_EQ(location, "model.onnx_data");
        ++loads;
        return file;
    });
    EXPECT_EQ(loads, 1);
    EXPECT_EQ(m.graph.initializers[0].to_floats(), std::vector<float>(values.begin(), values.end()));

    std::string no_loader = expect_error([&] { read_model(bytes); });
    EXPECT_NE(no_loader.find("model.onnx_data"), std::string::npos) << no_loader;
    std::string short_file = expect_error([&] { read_model(bytes, [](const std::string&) { return std::string(20, 'x'); }); });
    EXPECT_NE(short_file.find("too short"), std::string::npos) << short_file;
    // The structure can be read without the weights.
    EXPECT_EQ(read_model_structure(bytes).graph.nodes.size(), 2u);
}

TEST(OnnxCodec, MalformedBytesGiveClearErrors) {
    EXPECT_NE(expect_error([] { read_model(""); }).find("empty"), std::string::npos);
    std::string bytes = write_model(small_model());
    // Cut inside the graph field: the declared length runs past the end.
    std::string cut = expect_error([&] { read_model(bytes.substr(0, bytes.size() / 2)); });
    EXPECT_NE(cut.find("malformed ONNX file"), std::string::npos) << cut;
    // Every prefix either parses or fails with iglens::Error.
    for (size_t n = 0; n < bytes.size(); ++n) {
        try {
            read_model(bytes.substr(0, n));
        } catch (const Error&) {
        }
    }
    // The graph field (7) sent as a varint.
    wire::Writer wrong;
    wrong.int_field(1, 8);
    wrong.int_field(7, 5);
    std::string wt = expect_error([&] { read_model(wrong.str()); });
    EXPECT_NE(wt.find("wire type"), std::string::npos) << wt;
    // Group wire types (3/4) are not used by ONNX.
    EXPECT_NE(expect_error([] { read_model(std::string("\x0b\x0c", 2)); }).find("wire type"), std::string::npos);
    // Not a model at all.
    EXPECT_NE(expect_error([] { read_model("hello, this is not an ONNX file"); }).find("ONNX"), std::string::npos);
}

TEST(OnnxCodec, AbsurdOrInconsistentTensorsAreRefused) {
    wire::Writer huge;
    huge.packed_ints(1, {1ll << 30, 1ll << 30, 1ll << 30});
    huge.int_field(2, kFloat);
    EXPECT_NE(expect_error([&] { read_tensor(huge.str()); }).find("absurd"), std::string::npos);
    wire::Writer neg;
    neg.packed_ints(1, {2, -3});
    neg.int_field(2, kFloat);
    EXPECT_NE(expect_error([&] { read_tensor(neg.str()); }).find("negative"), std::string::npos);
    wire::Writer mismatch;
    mismatch.packed_ints(1, {4});
    mismatch.int_field(2, kFloat);
    mismatch.bytes_field(9, std::string(12, '\0'));
    EXPECT_NE(expect_error([&] { read_tensor(mismatch.str()); }).find("bytes of data"), std::string::npos);
    wire::Writer bad_type;
    bad_type.packed_ints(1, {1});
    bad_type.int_field(2, 99);
    EXPECT_NE(expect_error([&] { read_tensor(bad_type.str()); }).find("data type"), std::string::npos);
    // A length prefix far beyond the data.
    std::string overlong("\x42\xff\xff\xff\xff\x0f", 6);
    EXPECT_NE(expect_error([&] { read_tensor(overlong); }).find("declares"), std::string::npos);
}

}  // namespace
}  // namespace iglens::onnx
