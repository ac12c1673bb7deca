// The plain forward pass of the original model (onnx/model.onnx) over many token-id sequences,
// as the faithfulness measures need it: perturbed copies of a text (tokens removed or replaced)
// are classified by the model itself, not by the prepared graph.
#pragma once

#include <cstdint>
#include <vector>

#include "session.h"

namespace iglens::bench {

// The original model's inputs for rows of token ids of one length: attention mask all ones,
// token types all zero (single texts). iglens::Error when the rows differ in length or the model
// takes an input the benchmark cannot fill.
NamedTensors original_inputs(const BenchModel& model, const std::vector<std::vector<int64_t>>& rows);

// Class probabilities (softmax of the logits) of each sequence. Sequences of equal length share
// runs of up to `max_rows` rows; nothing is padded, so every row is computed exactly as the text
// alone would be. Identical sequences are run once.
std::vector<std::vector<double>> forward_probabilities(BenchModel& model,
                                                       const std::vector<std::vector<int64_t>>& sequences,
                                                       int64_t max_rows = 64);

}  // namespace iglens::bench
