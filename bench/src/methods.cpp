#include "methods.h"

#include <random>

#include "iglens/error.h"

namespace iglens::bench {

const std::vector<std::string>& quality_methods() {
    static const std::vector<std::string> methods = {"ig:pad", "ig:mask", "ig:unk", "ig:zero", "ig:mean",
                                                     "ig:random", "gxi", "saliency", "smoothgrad", "random"};
    return methods;
}

std::string method_label(const std::string& method) {
    if (method.rfind("ig:", 0) == 0) {
        std::string baseline = method.substr(3);
        for (char& c : baseline) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (baseline == "MEAN") baseline = "mean-embedding";
        if (baseline == "RANDOM") baseline = "random-token";
        if (baseline == "ZERO") baseline = "zero";
        return "IG, " + baseline + " baseline";
    }
    if (method == "gxi") return "Gradient × Input";
    if (method == "saliency") return "Saliency";
    if (method == "smoothgrad") return "SmoothGrad";
    if (method == "random") return "random attribution (floor)";
    return method;
}

MethodScores method_scores(BenchModel& model, const std::string& method, const std::string& text, int64_t target,
                           size_t expected_tokens, uint64_t seed) {
    MethodScores out;
    if (method == "random") {
        const Encoding encoding = model.explainer.encode(text, std::nullopt);
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        for (const Token& token : encoding.tokens) out.token_scores.push_back(token.special ? 0.0 : uniform(rng));
    } else {
        ExplainRequestSpec spec;
        spec.text = text;
        apply_user_option(spec, "target", std::to_string(target));
        if (method.rfind("ig:", 0) == 0) {
            apply_user_option(spec, "method", "ig");
            apply_user_option(spec, "baseline", method.substr(3));
        } else if (method == "gxi" || method == "saliency" || method == "smoothgrad") {
            apply_user_option(spec, "method", method);
        } else {
            std::string known;
            for (const std::string& m : quality_methods()) known += (known.empty() ? "" : ", ") + m;
            throw Error("unknown method '" + method + "' (known: " + known + ")");
        }
        const TimedExplanation timed = explain_timed(model, spec);
        out.token_scores = timed.attribution.targets.front().token_scores;
        out.total_ms = timed.total_ms;
        out.steps = timed.attribution.steps;
        out.complete = timed.attribution.targets.front().completeness.applicable && completeness_reached(timed.attribution);
    }
    if (out.token_scores.size() != expected_tokens)
        throw Error("method " + method + " returned " + std::to_string(out.token_scores.size()) + " token scores for a text of " +
                    std::to_string(expected_tokens) + " tokens");
    return out;
}

}  // namespace iglens::bench
