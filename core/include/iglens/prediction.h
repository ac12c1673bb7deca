// The model's prediction from one row of logits: the class probabilities (softmax, or a sigmoid
// per label for multi-label models) and the predicted class.
#pragma once

#include <vector>

#include "iglens/explain_result.h"
#include "iglens/model_config.h"

namespace iglens {

// `logits` holds one value per class. Non-finite logits are an iglens::Error: a model that
// produces them cannot be explained, and showing them as a prediction would mislead.
Prediction predict_from_logits(const ModelConfig& config, const std::vector<float>& logits);

}  // namespace iglens
