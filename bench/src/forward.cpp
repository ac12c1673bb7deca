#include "forward.h"

#include <cmath>
#include <map>

#include "iglens/error.h"

namespace iglens::bench {

NamedTensors original_inputs(const BenchModel& model, const std::vector<std::vector<int64_t>>& rows) {
    if (rows.empty()) throw Error("a forward run needs at least one row");
    const int64_t length = static_cast<int64_t>(rows.front().size());
    const int64_t count = static_cast<int64_t>(rows.size());
    NamedTensors inputs;
    for (const std::string& name : model.original.input_names()) {
        std::vector<int64_t> data;
        data.reserve(static_cast<size_t>(count * length));
        for (const std::vector<int64_t>& row : rows) {
            if (static_cast<int64_t>(row.size()) != length) throw Error("rows of one forward run must have one length");
            if (name == "input_ids") data.insert(data.end(), row.begin(), row.end());
            else if (name == "attention_mask") data.insert(data.end(), row.size(), 1);
            else if (name == "token_type_ids") data.insert(data.end(), row.size(), 0);
            else throw Error("the original model takes an input '" + name + "' the benchmark cannot fill");
        }
        inputs.emplace_back(name, Tensor::ints({count, length}, std::move(data)));
    }
    return inputs;
}

namespace {

std::vector<double> softmax(const float* logits, int64_t classes) {
    double top = logits[0];
    for (int64_t c = 1; c < classes; ++c) top = std::max(top, static_cast<double>(logits[c]));
    std::vector<double> p(static_cast<size_t>(classes));
    double sum = 0;
    for (int64_t c = 0; c < classes; ++c) sum += p[c] = std::exp(logits[c] - top);
    for (double& v : p) v /= sum;
    return p;
}

}  // namespace

std::vector<std::vector<double>> forward_probabilities(BenchModel& model,
                                                       const std::vector<std::vector<int64_t>>& sequences,
                                                       int64_t max_rows) {
    // Unique sequences grouped by length, each group run in slices of max_rows.
    std::map<std::vector<int64_t>, size_t> unique;
    std::map<size_t, std::vector<const std::vector<int64_t>*>> by_length;
    for (const std::vector<int64_t>& s : sequences)
        if (unique.emplace(s, 0).second) by_length[s.size()].push_back(&unique.find(s)->first);
    std::vector<std::vector<double>> unique_probs;
    const std::string logits_name = model.original.output_names().front();
    for (const auto& [length, group] : by_length) {
        for (size_t first = 0; first < group.size(); first += static_cast<size_t>(max_rows)) {
            const size_t last = std::min(group.size(), first + static_cast<size_t>(max_rows));
            std::vector<std::vector<int64_t>> rows;
            for (size_t i = first; i < last; ++i) rows.push_back(*group[i]);
            const NamedTensors out = model.original.run(original_inputs(model, rows), {logits_name});
            const Tensor& logits = out.front().second;
            if (logits.shape.size() != 2 || logits.shape[0] != static_cast<int64_t>(rows.size()))
                throw Error("the original model's '" + logits_name + "' output is not [rows, classes]: faithfulness needs a sequence classifier");
            const int64_t classes = logits.shape[1];
            for (size_t r = 0; r < rows.size(); ++r) {
                unique[rows[r]] = unique_probs.size();
                unique_probs.push_back(softmax(logits.f32.data() + static_cast<int64_t>(r) * classes, classes));
            }
        }
    }
    std::vector<std::vector<double>> probs;
    probs.reserve(sequences.size());
    for (const std::vector<int64_t>& s : sequences) probs.push_back(unique_probs[unique.at(s)]);
    return probs;
}

}  // namespace iglens::bench
