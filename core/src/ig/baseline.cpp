#include "iglens/ig_baseline.h"

#include <algorithm>
#include <cmath>

#include "iglens/error.h"
#include "iglens/ig_random.h"

namespace iglens {

EmbeddingTable EmbeddingTable::from_floats(const float* data, int64_t vocab, int64_t dim) {
    EmbeddingTable table;
    table.vocab = vocab;
    table.dim = dim;
    table.row = [data, dim](int64_t id, float* out) {
        std::copy(data + id * dim, data + (id + 1) * dim, out);
    };
    return table;
}

std::vector<BaselineSpec> random_token_baselines(int count, uint64_t seed) {
    if (count < 1) throw Error("asked for " + std::to_string(count) + " random baselines; ask for at least 1");
    std::vector<BaselineSpec> specs(count);
    for (int i = 0; i < count; ++i) {
        specs[i].kind = BaselineKind::UniformRandom;
        specs[i].seed = seed + static_cast<uint64_t>(i);
    }
    return specs;
}

const char* baseline_kind_name(BaselineKind kind) {
    switch (kind) {
        case BaselineKind::Auto: return "auto";
        case BaselineKind::Pad: return "pad";
        case BaselineKind::Mask: return "mask";
        case BaselineKind::Unk: return "unk";
        case BaselineKind::Zero: return "zero";
        case BaselineKind::MeanEmbedding: return "mean";
        case BaselineKind::UniformRandom: return "uniform";
        case BaselineKind::TokenIds: return "tokens";
    }
    return "unknown";
}

BaselineKind parse_baseline_kind(const std::string& name) {
    for (BaselineKind kind : {BaselineKind::Auto, BaselineKind::Pad, BaselineKind::Mask, BaselineKind::Unk, BaselineKind::Zero,
                              BaselineKind::MeanEmbedding, BaselineKind::UniformRandom, BaselineKind::TokenIds})
        if (name == baseline_kind_name(kind)) return kind;
    if (name == "random") return BaselineKind::UniformRandom;
    if (name == "zeros") return BaselineKind::Zero;
    throw Error("unknown baseline '" + name + "'; choose auto, pad, mask, unk, zero, mean, uniform or tokens");
}

BaselineSpec resolve_baseline(BaselineSpec spec, const SpecialTokenIds& specials) {
    if (spec.kind == BaselineKind::Auto) spec.kind = specials.mask >= 0 ? BaselineKind::Mask : BaselineKind::Pad;
    return spec;
}

namespace {

void check_table(const EmbeddingTable& table) {
    if (table.vocab <= 0 || table.dim <= 0 || !table.row)
        throw Error("the word-embedding table is empty; the prepared model must expose its [vocab, dim] table");
}

void check_finite(const float* values, int64_t count, const std::string& what) {
    for (int64_t i = 0; i < count; ++i)
        if (!std::isfinite(values[i]))
            throw Error(what + " contains NaN or Inf; the model's embedding table is corrupt");
}

int64_t require_special(int64_t id, const char* token_name, const char* baseline_name) {
    if (id < 0)
        throw Error(std::string("the ") + baseline_name + " baseline needs the tokenizer's " + token_name +
                    " token, which this tokenizer does not have; choose another baseline (e.g. zero)");
    return id;
}

bool is_special_id(int64_t id, const SpecialTokenIds& s) {
    return id == s.pad || id == s.unk || id == s.mask || id == s.cls || id == s.sep || id == s.bos || id == s.eos;
}

}  // namespace

std::vector<float> lookup_embeddings(const EmbeddingTable& table, const std::vector<int64_t>& ids) {
    check_table(table);
    std::vector<float> embeds(ids.size() * static_cast<size_t>(table.dim));
    for (size_t t = 0; t < ids.size(); ++t) {
        if (ids[t] < 0 || ids[t] >= table.vocab)
            throw Error("token id " + std::to_string(ids[t]) + " at position " + std::to_string(t) +
                        " is outside the embedding table (vocab " + std::to_string(table.vocab) +
                        "); the tokenizer does not match the model");
        table.row(ids[t], embeds.data() + t * table.dim);
    }
    check_finite(embeds.data(), static_cast<int64_t>(embeds.size()), "an embedding row of the input");
    return embeds;
}

std::vector<int64_t> baseline_token_ids(const BaselineSpec& spec, const EmbeddingTable& table,
                                        const SpecialTokenIds& specials,
                                        const std::vector<int64_t>& input_ids,
                                        const std::vector<bool>& keep) {
    const size_t length = input_ids.size();
    if (keep.size() != length) throw Error("baseline: the special-token flags do not match the input length");
    const bool keep_specials = spec.keep_special_tokens;
    auto fill_with = [&](int64_t id) {
        std::vector<int64_t> ids(length);
        for (size_t t = 0; t < length; ++t) ids[t] = keep_specials && keep[t] ? input_ids[t] : id;
        return ids;
    };
    switch (spec.kind) {
        case BaselineKind::Auto:
            return baseline_token_ids(resolve_baseline(spec, specials), table, specials, input_ids, keep);
        case BaselineKind::Pad: return fill_with(require_special(specials.pad, "PAD", "pad"));
        case BaselineKind::Mask: return fill_with(require_special(specials.mask, "MASK", "mask"));
        case BaselineKind::Unk: return fill_with(require_special(specials.unk, "UNK", "unk"));
        case BaselineKind::UniformRandom: {
            check_table(table);
            SeededRandom random(spec.seed);
            std::vector<int64_t> ids(length);
            for (size_t t = 0; t < length; ++t) {
                if (keep_specials && keep[t]) {
                    ids[t] = input_ids[t];
                    continue;
                }
                // Redraw special ids so the random text is made of ordinary tokens only.
                int64_t id;
                int attempts = 0;
                do id = random.next_below(table.vocab);
                while (is_special_id(id, specials) && ++attempts < 1000);
                ids[t] = id;
            }
            return ids;
        }
        case BaselineKind::TokenIds: {
            std::vector<int64_t> ids = spec.token_ids;
            if (ids.size() != length) {
                if (spec.length_policy == BaselineLengthPolicy::Exact)
                    throw Error("the baseline has " + std::to_string(ids.size()) + " tokens but the input has " +
                                std::to_string(length) +
                                "; give a baseline text of the same token length or allow pad/truncate");
                if (ids.size() > length) {
                    ids.resize(length);
                } else {
                    ids.resize(length, require_special(specials.pad, "PAD", "padded token-id"));
                }
            }
            return ids;
        }
        case BaselineKind::Zero:
        case BaselineKind::MeanEmbedding: return {};
    }
    return {};
}

std::vector<float> build_baseline_embeddings(const BaselineSpec& spec, const EmbeddingTable& table,
                                             const SpecialTokenIds& specials,
                                             const std::vector<int64_t>& input_ids,
                                             const std::vector<bool>& keep) {
    check_table(table);
    if (spec.kind != BaselineKind::Zero && spec.kind != BaselineKind::MeanEmbedding)
        return lookup_embeddings(table, baseline_token_ids(spec, table, specials, input_ids, keep));

    const int64_t dim = table.dim;
    std::vector<float> fill(static_cast<size_t>(dim), 0.0f);
    if (spec.kind == BaselineKind::MeanEmbedding) {
        // Double accumulation: a float sum over ~10^5 rows loses digits.
        std::vector<double> sum(static_cast<size_t>(dim), 0.0);
        std::vector<float> row(static_cast<size_t>(dim));
        for (int64_t id = 0; id < table.vocab; ++id) {
            table.row(id, row.data());
            for (int64_t h = 0; h < dim; ++h) sum[h] += row[h];
        }
        for (int64_t h = 0; h < dim; ++h) fill[h] = static_cast<float>(sum[h] / static_cast<double>(table.vocab));
        check_finite(fill.data(), dim, "the mean embedding");
    }
    std::vector<float> embeds(input_ids.size() * static_cast<size_t>(dim));
    std::vector<float> kept_row(static_cast<size_t>(dim));
    for (size_t t = 0; t < input_ids.size(); ++t) {
        float* out = embeds.data() + t * dim;
        if (spec.keep_special_tokens && keep.at(t)) {
            kept_row = lookup_embeddings(table, {input_ids[t]});
            std::copy(kept_row.begin(), kept_row.end(), out);
        } else {
            std::copy(fill.begin(), fill.end(), out);
        }
    }
    return embeds;
}

}  // namespace iglens
