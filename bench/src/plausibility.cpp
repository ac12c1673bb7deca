// Plausibility: agreement of word attributions toward a review's gold label with the human
// rationales of the movie reviews (rationales.h). Per review and method:
//   token F1   the k words with the highest scores, k = the number of rationale words, against the
//              rationale words (with k = |rationale| precision, recall and F1 coincide)
//   AUPRC      average precision of the word scores ranking the rationale words (sklearn's
//              average_precision_score; equal scores form one threshold)
// Words are the whitespace tokens of the review; a word's score is the sum of its sub-token
// scores (as the engine's word scores). Scores are signed toward the gold label (Saliency is
// unsigned). Reviews are longer than the model's positions and the engine has no long-text mode
// (it truncates), so each review is cut at word boundaries into consecutive windows that fill the
// model's maximum length, each window is explained as its own text, and the word scores of the
// windows are concatenated.
#include <algorithm>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "iglens/error.h"
#include "methods.h"
#include "quality_metrics.h"
#include "rationales.h"
#include "stats.h"

namespace iglens::bench {

namespace {

using nlohmann::json;

// Index of the word a token belongs to: the first word ending after the token's first byte (a
// lone "▁" piece for the space before a word goes to that word).
size_t word_of(const std::vector<RationaleWord>& words, size_t byte) {
    auto it = std::upper_bound(words.begin(), words.end(), byte, [](size_t b, const RationaleWord& w) { return b < w.end; });
    if (it == words.end()) throw Error("a token lies past the review's last word");
    return static_cast<size_t>(it - words.begin());
}

struct Window {
    size_t first_word = 0, end_word = 0;
};

// Consecutive runs of whole words whose tokens fit the model's positions.
std::vector<Window> windows_of(const Explainer& explainer, const Review& review) {
    const Tokenizer& tokenizer = explainer.tokenizer();
    const size_t budget = static_cast<size_t>(explainer.config().max_position_embeddings) - tokenizer.num_special_tokens(false);
    std::vector<size_t> tokens_per_word(review.words.size(), 0);
    for (const Token& token : tokenizer.encode(review.text, Tokenizer::kNoLimit).tokens)
        if (!token.from_template) ++tokens_per_word[word_of(review.words, token.byte_start)];
    std::vector<Window> windows;
    Window current;
    size_t used = 0;
    for (size_t w = 0; w < review.words.size(); ++w) {
        if (tokens_per_word[w] > budget) throw Error("a word of " + review.file + " alone is longer than the model's positions");
        if (used + tokens_per_word[w] > budget) {
            current.end_word = w;
            windows.push_back(current);
            current.first_word = w;
            used = 0;
        }
        used += tokens_per_word[w];
    }
    current.end_word = review.words.size();
    if (current.end_word > current.first_word) windows.push_back(current);
    return windows;
}

struct MethodTotals {
    std::vector<double> f1, auprc, explain_ms;
};

}  // namespace

int run_plausibility(const std::vector<std::string>& argv) {
    BenchArgs args(argv, {"model", "rationales", "reviews", "methods", "seed"});
    BenchModel model = load_bench_model(args.require("model"));
    const std::vector<std::string> methods = args.get_list("methods", quality_methods());
    const uint64_t seed = static_cast<uint64_t>(args.get_int("seed", 20261125));
    const std::vector<Review> reviews = sample_reviews(args.require("rationales"), args.get_int("reviews", 20), seed);

    std::vector<MethodTotals> totals(methods.size());
    std::vector<double> windows_per_review, words_per_review, rationale_fraction;
    size_t without_rationale = 0;
    const auto start = Clock::now();
    for (size_t r = 0; r < reviews.size(); ++r) {
        const Review& review = reviews[r];
        std::vector<bool> gold;
        for (const RationaleWord& w : review.words) gold.push_back(w.rationale);
        const size_t k = static_cast<size_t>(std::count(gold.begin(), gold.end(), true));
        if (k == 0) {
            ++without_rationale;
            continue;
        }
        const int64_t target = model.explainer.config().label_index(review.label);
        const std::vector<Window> windows = windows_of(model.explainer, review);
        windows_per_review.push_back(static_cast<double>(windows.size()));
        words_per_review.push_back(static_cast<double>(review.words.size()));
        rationale_fraction.push_back(static_cast<double>(k) / static_cast<double>(review.words.size()));
        for (size_t m = 0; m < methods.size(); ++m) {
            std::vector<double> word_scores(review.words.size(), 0.0);
            double ms = 0;
            for (size_t w = 0; w < windows.size(); ++w) {
                const size_t offset = review.words[windows[w].first_word].start;
                const std::string text = review.text.substr(offset, review.words[windows[w].end_word - 1].end - offset);
                const Encoding encoding = model.explainer.encode(text, std::nullopt);
                if (encoding.truncated) throw Error("a window of " + review.file + " re-encodes longer than the model's positions");
                const MethodScores scores = method_scores(model, methods[m], text, target, encoding.tokens.size(), seed + 1000 * r + w);
                ms += scores.total_ms;
                for (size_t t = 0; t < encoding.tokens.size(); ++t)
                    if (!encoding.tokens[t].special) word_scores[word_of(review.words, offset + encoding.tokens[t].byte_start)] += scores.token_scores[t];
            }
            totals[m].f1.push_back(top_k_precision(word_scores, gold, k));
            totals[m].auprc.push_back(average_precision(word_scores, gold));
            if (methods[m] != "random") totals[m].explain_ms.push_back(ms);
        }
        std::cerr << "plausibility: " << r + 1 << "/" << reviews.size() << " reviews, " << ms_since(start) / 1000 << " s\n";
    }

    json rows = json::array();
    for (size_t m = 0; m < methods.size(); ++m)
        rows.push_back({{"method", methods[m]},
                        {"label", method_label(methods[m])},
                        {"token_f1", mean_summary(totals[m].f1, seed)},
                        {"auprc", mean_summary(totals[m].auprc, seed)},
                        {"explain_ms_per_review", methods[m] == "random" ? json() : summary(totals[m].explain_ms)}});
    json out = {{"model", {{"path", model.path}, {"load_ms", model.load_ms},
                           {"max_position_embeddings", model.explainer.config().max_position_embeddings}}},
                {"reviews_used", windows_per_review.size()},
                {"reviews_without_rationale", without_rationale},
                {"seed", seed},
                {"windows_per_review", summary(windows_per_review)},
                {"words_per_review", summary(words_per_review)},
                {"rationale_fraction", mean_summary(rationale_fraction, seed)},
                {"bootstrap_resamples", 1000},
                {"wall_s", ms_since(start) / 1000},
                {"methods", rows}};
    std::cout << out.dump(1) << "\n";
    return 0;
}

}  // namespace iglens::bench
