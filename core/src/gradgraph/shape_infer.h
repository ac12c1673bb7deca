// Rank, dim and small-integer-value propagation over a graph, for the ops transformer
// classifiers use. ONNX's own shape inference loses ranks after computed Reshapes; the
// gradient builder needs ranks (to pick broadcast reductions and transpose permutations) and
// static dims where they exist, so it tracks:
//   - element type and rank of every tensor it can,
//   - each dim as a number, or -1 when it is only known at run time,
//   - the values of small int64 tensors (shape arithmetic), each value -1... see kUnknown.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "iglens/onnx_model.h"

namespace iglens::gradgraph {

constexpr int64_t kUnknownDim = -1;
// Marks a value of an int tensor that is only known at run time (shape values are never this).
constexpr int64_t kUnknownValue = INT64_MIN;

struct TensorInfo {
    int32_t elem_type = onnx::kUndefined;
    int rank = -1;               // -1 when unknown
    std::vector<int64_t> dims;   // `rank` entries when rank >= 0
    bool has_values = false;     // int tensors of at most kMaxTrackedValues elements
    std::vector<int64_t> values;

    bool known_rank() const { return rank >= 0; }
    bool all_values_known() const;
};

class ShapeTable {
public:
    const TensorInfo* find(const std::string& name) const;
    const TensorInfo& at(const std::string& name) const;  // Error when unknown
    TensorInfo& set(const std::string& name, TensorInfo info);
    int rank_of(const std::string& name) const;            // Error when unknown
    int32_t type_of(const std::string& name) const;        // Error when unknown

private:
    std::map<std::string, TensorInfo> table_;
};

// Fills `table` with the info of graph inputs (from their ValueInfo) and initializers.
void seed_shapes(const onnx::Graph& graph, ShapeTable& table);

// Infers the outputs of one node from what `table` knows of its inputs; unknown ops and
// unknowable outputs get partial or empty info.
void infer_node(const onnx::Node& node, int64_t opset, ShapeTable& table);

// Seeds and then infers every node (which must be in topological order).
ShapeTable infer_shapes(const onnx::Graph& graph, int64_t opset);

}  // namespace iglens::gradgraph
