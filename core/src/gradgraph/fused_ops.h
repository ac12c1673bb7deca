// Rewrites ONNX Runtime's com.microsoft fused ops (as produced by its transformer optimizer)
// into standard ONNX ops before differentiation, or refuses them naming the op and node.
#pragma once

#include <string>
#include <vector>

#include "iglens/onnx_model.h"

namespace iglens::gradgraph {

// Returns "domain.Op xN" for each kind of op rewritten.
std::vector<std::string> decompose_fused_ops(onnx::Model& model);

}  // namespace iglens::gradgraph
