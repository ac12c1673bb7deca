// Extractive question-answering models (BertForQuestionAnswering and their Optimum exports) end in
// two outputs, start_logits and end_logits [batch, sequence]. The prepared graph explains one
// logits output, so the two are stacked first into token logits [batch, sequence, 2] whose two
// classes are "start" and "end": the answer's start and end become token-classification targets.
#pragma once

#include <string>
#include <string_view>

#include "iglens/onnx_model.h"

namespace iglens::explain {

// True when the model has both start_logits and end_logits outputs.
bool has_answer_logits(std::string_view onnx_bytes);

// The model with start_logits and end_logits replaced by one output `logits` [batch, sequence, 2].
std::string stack_answer_logits(std::string_view onnx_bytes, const onnx::ExternalDataLoader& load_external);

}  // namespace iglens::explain
