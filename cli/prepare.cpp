#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "iglens/error.h"
#include "iglens/explainer.h"
#include "iglens/model_config.h"
#include "iglens/prepare.h"
#include "model_folder.h"

namespace iglens::cli {

int run_prepare(const std::vector<std::string>& argv) {
    Args args(argv, {"model"}, {});
    std::string dir = args.get("model").value_or("");
    if (dir.empty()) {
        if (args.positionals().size() != 1) throw UsageError("usage: iglens prepare MODEL_DIR");
        dir = args.positionals()[0];
    }
    ModelFolder folder = read_model_folder(dir);
    ModelConfig config = parse_model_config(folder.file("config.json"));
    PreparedModel prepared =
        prepare_for_config(config, read_file_bytes(folder.onnx_path()), external_data_loader(folder));
    const std::string out = folder.prepared_onnx_path();
    {
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        if (!file) throw Error("cannot write '" + out + "': is the model folder writable?");
        file.write(prepared.onnx_bytes.data(), static_cast<std::streamsize>(prepared.onnx_bytes.size()));
        if (!file) throw Error("error while writing '" + out + "'");
    }

    const PrepareReport& r = prepared.report;
    std::cout << "prepared " << out << " (" << r.prepared_bytes << " bytes)\n"
              << "  opset " << r.ai_onnx_opset << ", IR " << r.ir_version << "\n"
              << "  cut at: " << r.cut_node << " (its output " << r.cut_tensor << " is now input_embeds)\n"
              << "  forward nodes: " << r.forward_nodes << ", backward nodes: " << r.backward_nodes << "\n"
              << "  ops differentiated:";
    for (const auto& [op, count] : r.differentiated_ops) std::cout << " " << op << "×" << count;
    std::cout << "\n  inputs:";
    for (const auto& name : r.inputs) std::cout << " " << name;
    std::cout << "\n  outputs:";
    for (const auto& name : r.outputs) std::cout << " " << name;
    std::cout << "\n";
    for (const auto& fused : r.decomposed_fused_ops) std::cout << "  decomposed: " << fused << "\n";
    for (const auto& op : r.ops_outside_allow_list)
        std::cout << "  note: forward op " << op << " is not on the WebGPU allow-list (ORT runs it on the CPU)\n";
    return 0;
}

}  // namespace iglens::cli
