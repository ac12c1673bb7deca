// Reverse-mode differentiation of a graph with respect to some of its tensors: activity
// analysis (what depends on the inputs *and* reaches the objective), then a reverse sweep that
// appends the VJP of every active node to the same graph.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gradgraph/emitter.h"
#include "gradgraph/vjp_rules.h"

namespace iglens::gradgraph {

struct GradientRequest {
    std::vector<std::string> wrt;  // tensors to differentiate with respect to
    // (tensor, cotangent tensor) pairs: the objective's seeds.
    std::vector<std::pair<std::string, std::string>> seeds;
    // Tensors treated as constants (gradient stops there).
    std::set<std::string> stop_gradient;
};

struct GradientResult {
    std::map<std::string, std::string> grads;     // wrt tensor -> its gradient tensor
    std::map<std::string, int> differentiated_ops;  // op type -> nodes differentiated
    int backward_nodes = 0;
};

// Appends the gradient nodes to e.graph(). The graph's nodes must be topologically sorted and
// e.shapes() must describe them. Throws iglens::Error naming the op and node for anything on
// the gradient path that has no rule.
GradientResult differentiate(Emitter& e, const GradientRequest& request, const ConstantLookup& constant);

// Sorts graph nodes topologically (stable for already-sorted graphs); throws iglens::Error on a
// cycle or a tensor that nothing produces.
void topological_sort(onnx::Graph& graph);

}  // namespace iglens::gradgraph
