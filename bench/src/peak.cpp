// The machine's matrix-multiply peak as this project can reach it: ONNX Runtime (the same native
// runtime and settings as every explanation: 1 intra-op thread, graph optimizations on) running a
// graph of a single float32 MatMul, for a square product and for the shapes of the default
// model's projections. The best median over the shapes is the peak the FLOP/s figures are
// compared with.
#include <array>
#include <iostream>
#include <random>

#include "args.h"
#include "commands.h"
#include "iglens/onnx_model.h"
#include "ort_runner.h"
#include "session.h"
#include "stats.h"

namespace iglens::bench {

namespace {

using nlohmann::json;

onnx::ValueInfo float_matrix(const std::string& name, int64_t rows, int64_t cols) {
    onnx::ValueInfo info;
    info.name = name;
    info.elem_type = onnx::kFloat;
    info.has_shape = true;
    info.dims = {onnx::Dim{rows, ""}, onnx::Dim{cols, ""}};
    return info;
}

std::string matmul_model(int64_t m, int64_t k, int64_t n) {
    onnx::Model model;
    model.ir_version = 8;
    model.opsets = {{"", 17}};
    model.producer_name = "iglens_bench";
    onnx::Node node;
    node.name = "matmul";
    node.op_type = "MatMul";
    node.inputs = {"a", "b"};
    node.outputs = {"c"};
    model.graph.name = "matmul";
    model.graph.nodes = {node};
    model.graph.inputs = {float_matrix("a", m, k), float_matrix("b", k, n)};
    model.graph.outputs = {float_matrix("c", m, n)};
    return onnx::write_model(model);
}

}  // namespace

int run_peak(const std::vector<std::string>& argv) {
    BenchArgs args(argv, {"repeats"});
    const int repeats = std::max(3, args.get_int("repeats", 20));
    // (m, k, n): square, then rows x hidden -> 4 hidden (FFN up) and back (FFN down) for 1024 rows
    // of a width-128 model.
    const std::vector<std::array<int64_t, 3>> shapes = {{512, 512, 512}, {1024, 128, 512}, {1024, 512, 128}, {1024, 128, 128}};
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    json rows = json::array();
    double best = 0;
    for (const auto& [m, k, n] : shapes) {
        OrtRunner runner = OrtRunner::from_bytes(matmul_model(m, k, n));
        std::vector<float> a(static_cast<size_t>(m * k)), b(static_cast<size_t>(k * n));
        for (float& v : a) v = uniform(rng);
        for (float& v : b) v = uniform(rng);
        const NamedTensors inputs = {{"a", Tensor::floats({m, k}, a)}, {"b", Tensor::floats({k, n}, b)}};
        runner.run(inputs);
        std::vector<double> wall, cpu;
        for (int r = 0; r < repeats; ++r) {
            const double cpu_start = process_cpu_ms();
            const auto start = Clock::now();
            runner.run(inputs);
            wall.push_back(ms_since(start));
            cpu.push_back(process_cpu_ms() - cpu_start);
        }
        const double flops = 2.0 * static_cast<double>(m * k * n);
        const double gflops_cpu = flops / quantile(cpu, 0.5) / 1e6;
        best = std::max(best, gflops_cpu);
        rows.push_back({{"m", m}, {"k", k}, {"n", n}, {"flops", flops}, {"wall_ms", summary(wall)}, {"cpu_ms", summary(cpu)},
                        {"gflops_wall", flops / quantile(wall, 0.5) / 1e6}, {"gflops_cpu", gflops_cpu}});
    }
    json out = {{"method", "ONNX Runtime, one float32 MatMul per graph, 1 intra-op thread"},
                {"repeats", repeats}, {"shapes", rows}, {"peak_gflops_cpu", best}};
    std::cout << out.dump(1) << "\n";
    return 0;
}

}  // namespace iglens::bench
