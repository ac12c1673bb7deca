#include "explain/answer_logits.h"

#include "iglens/error.h"

namespace iglens::explain {

namespace {

bool has_output(const onnx::Graph& g, const std::string& name) {
    for (const auto& o : g.outputs)
        if (o.name == name) return true;
    return false;
}

}  // namespace

bool has_answer_logits(std::string_view onnx_bytes) {
    const onnx::Model m = onnx::read_model_structure(onnx_bytes);
    return has_output(m.graph, "start_logits") && has_output(m.graph, "end_logits");
}

std::string stack_answer_logits(std::string_view onnx_bytes, const onnx::ExternalDataLoader& load_external) {
    onnx::Model m = onnx::read_model(onnx_bytes, load_external);
    onnx::Graph& g = m.graph;
    if (!has_output(g, "start_logits") || !has_output(g, "end_logits"))
        throw Error("a question-answering model needs the outputs start_logits and end_logits (as "
                    "BertForQuestionAnswering exports name them); this model has neither pair");
    for (const auto& o : g.outputs)
        if (o.name == "logits")
            throw Error("the question-answering model already has an output named 'logits'; rename it in the export");

    // Unsqueeze takes its axes as an attribute before opset 13 and as an input from 13 on.
    const bool axes_as_input = m.opset("") >= 13;
    if (axes_as_input) g.initializers.push_back(onnx::TensorData::ints("iglens/answer_axes", {1}, {-1}));
    auto unsqueeze = [&](const std::string& in) {
        onnx::Node n;
        n.op_type = "Unsqueeze";
        n.name = "iglens/unsqueeze_" + in;
        n.inputs = {in};
        if (axes_as_input) n.inputs.push_back("iglens/answer_axes");
        else n.attributes.push_back(onnx::Attribute::make_ints("axes", {-1}));
        n.outputs = {in + "/as_class"};
        g.nodes.push_back(n);
        return n.outputs[0];
    };
    onnx::Node concat;
    concat.op_type = "Concat";
    concat.name = "iglens/answer_logits";
    concat.inputs = {unsqueeze("start_logits"), unsqueeze("end_logits")};
    concat.outputs = {"logits"};
    concat.attributes.push_back(onnx::Attribute::make_int("axis", -1));
    g.nodes.push_back(concat);

    onnx::ValueInfo logits;
    logits.name = "logits";
    logits.elem_type = onnx::kFloat;
    logits.has_shape = true;
    logits.dims = {onnx::Dim{-1, "batch"}, onnx::Dim{-1, "sequence"}, onnx::Dim{2, ""}};
    g.outputs = {logits};
    return onnx::write_model(m);
}

}  // namespace iglens::explain
