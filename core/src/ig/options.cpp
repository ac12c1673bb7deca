#include "iglens/ig_options.h"

#include "iglens/error.h"

namespace iglens {

const char* method_name(Method method) {
    switch (method) {
        case Method::IntegratedGradients: return "integrated_gradients";
        case Method::Saliency: return "saliency";
        case Method::GradientTimesInput: return "gradient_x_input";
        case Method::SmoothGrad: return "smoothgrad";
    }
    return "unknown";
}

Method parse_method(const std::string& name) {
    if (name == "integrated_gradients" || name == "ig") return Method::IntegratedGradients;
    if (name == "saliency") return Method::Saliency;
    if (name == "gradient_x_input" || name == "input_x_gradient" || name == "gxi") return Method::GradientTimesInput;
    if (name == "smoothgrad" || name == "noise_tunnel") return Method::SmoothGrad;
    throw Error("unknown attribution method '" + name +
                "'; choose integrated_gradients, saliency, gradient_x_input or smoothgrad");
}

const char* objective_name(Objective objective) {
    switch (objective) {
        case Objective::Logit: return "logit";
        case Objective::Probability: return "probability";
        case Objective::LogProbability: return "log_probability";
    }
    return "unknown";
}

Objective parse_objective(const std::string& name) {
    if (name == "logit") return Objective::Logit;
    if (name == "probability" || name == "prob") return Objective::Probability;
    if (name == "log_probability" || name == "logprob") return Objective::LogProbability;
    throw Error("unknown objective '" + name + "'; choose logit, probability or log_probability");
}

void objective_weights(Objective objective, float out[3]) {
    out[0] = objective == Objective::Logit ? 1.0f : 0.0f;
    out[1] = objective == Objective::Probability ? 1.0f : 0.0f;
    out[2] = objective == Objective::LogProbability ? 1.0f : 0.0f;
}

}  // namespace iglens
