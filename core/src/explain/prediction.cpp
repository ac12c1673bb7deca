#include "iglens/prediction.h"

#include <algorithm>
#include <cmath>

#include "iglens/error.h"

namespace iglens {

Prediction predict_from_logits(const ModelConfig& config, const std::vector<float>& logits) {
    if (logits.size() != config.labels.size())
        throw Error("the model returned " + std::to_string(logits.size()) + " logits but config.json names " +
                    std::to_string(config.labels.size()) + " labels: the folder's config does not match its model");
    Prediction p;
    for (float v : logits) {
        if (!std::isfinite(v)) throw Error("the model returned a non-finite logit (NaN or Inf) for this input");
        p.logits.push_back(v);
    }
    if (config.task == Task::MultiLabelClassification) {
        for (double v : p.logits) p.probabilities.push_back(1.0 / (1.0 + std::exp(-v)));
    } else {
        double max = *std::max_element(p.logits.begin(), p.logits.end());
        double total = 0.0;
        for (double v : p.logits) total += std::exp(v - max);
        for (double v : p.logits) p.probabilities.push_back(std::exp(v - max) / total);
    }
    p.index = std::max_element(p.logits.begin(), p.logits.end()) - p.logits.begin();
    p.label = config.labels[static_cast<size_t>(p.index)];
    return p;
}

}  // namespace iglens
