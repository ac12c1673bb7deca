// A tiny vocabulary, embedding table and tokenized text shared by the engine tests, plus the
// native-style driver loop (next_inputs -> simulator -> accept until done).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytic_models.h"
#include "iglens/ig.h"

namespace iglens::testing {

constexpr int64_t kPad = 0, kCls = 1, kSep = 2, kUnk = 3, kMask = 4;

struct TinyVocabulary {
    int64_t vocab = 20;
    int64_t dim = 3;
    std::vector<float> rows;
    SpecialTokenIds specials;

    explicit TinyVocabulary(int64_t embedding_dim = 3, uint64_t seed = 7) : dim(embedding_dim) {
        for (int64_t i = 0; i < vocab * dim; ++i) rows.push_back(static_cast<float>(0.8 * test_weight(seed)));
        specials.pad = kPad;
        specials.cls = kCls;
        specials.sep = kSep;
        specials.unk = kUnk;
        specials.mask = kMask;
    }
    EmbeddingTable table() const { return EmbeddingTable::from_floats(rows.data(), vocab, dim); }
    std::vector<double> embeddings(const std::vector<int64_t>& ids) const {
        std::vector<double> out;
        for (int64_t id : ids)
            for (int64_t h = 0; h < dim; ++h) out.push_back(rows[id * dim + h]);
        return out;
    }
};

// "hello world": [CLS] hello wor ##ld [SEP]  (T = 5, two words, "world" split in two)
inline ExplainRequest hello_world_request() {
    ExplainRequest request;
    request.text = "hello world";
    request.input_ids = {kCls, 11, 12, 13, kSep};
    request.tokens = {TokenInfo{"[CLS]", 0, 0, true, -1}, TokenInfo{"hello", 0, 5, false, 0},
                      TokenInfo{"wor", 6, 9, false, 1}, TokenInfo{"##ld", 9, 11, false, 1},
                      TokenInfo{"[SEP]", 11, 11, true, -1}};
    return request;
}

inline PreparedModelInfo model_info(int64_t classes, bool per_token = false) {
    PreparedModelInfo info;
    info.num_classes = classes;
    info.per_token_logits = per_token;
    for (int64_t c = 0; c < classes; ++c) info.labels.push_back("label_" + std::to_string(c));
    return info;
}

inline ExplainOptions fixed_steps(Quadrature quadrature, int steps) {
    ExplainOptions options;
    options.quadrature = quadrature;
    options.steps = steps;
    options.adaptive.enabled = false;
    return options;
}

inline Attribution drive(ExplainJob& job, PreparedGraphSimulator& simulator) {
    int guard = 0;
    while (!job.done()) {
        if (++guard > 100000) throw Error("test driver: the job never finished");
        NamedTensors inputs = job.next_inputs();
        job.accept(simulator.run(inputs));
    }
    return job.result();
}

inline Attribution explain(const AnalyticModel& model, const TinyVocabulary& vocabulary, ExplainOptions options,
                           ExplainRequest request = hello_world_request(), bool multi_label = false,
                           PreparedGraphSimulator* observed = nullptr) {
    PreparedModelInfo info = model_info(model.C, model.per_token);
    info.multi_label = multi_label;
    ExplainJob job(info, vocabulary.table(), vocabulary.specials, std::move(request), std::move(options));
    PreparedGraphSimulator local(model, multi_label);
    PreparedGraphSimulator& simulator = observed ? *observed : local;
    return drive(job, simulator);
}

}  // namespace iglens::testing
