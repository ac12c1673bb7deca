// The original model's inputs for one encoded text (batch of one): input_ids, attention_mask and,
// when the model takes it, token_type_ids. The names are those of exported classifiers.
#pragma once

#include <string>
#include <vector>

#include "iglens/tensor.h"
#include "iglens/tokenizer.h"

namespace iglens {

// `graph_inputs` are the input names the model declares; token_type_ids is added only when
// listed, and any input IG Lens does not know is an iglens::Error naming it.
NamedTensors model_inputs(const Encoding& encoding, const std::vector<std::string>& graph_inputs);

}  // namespace iglens
