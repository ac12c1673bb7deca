// Baselines x' for Integrated Gradients, built from rows of the model's word-embedding table.
// The engine never reads a model file: the caller (CLI, WASM bindings) hands it the table through
// EmbeddingTable, which can wrap a float span or fetch rows lazily.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace iglens {

// The word-embedding table [vocab, dim]: row(id, out) writes the dim floats of row `id` to out.
struct EmbeddingTable {
    int64_t vocab = 0;
    int64_t dim = 0;
    std::function<void(int64_t id, float* out)> row;

    // A table over contiguous row-major floats the caller keeps alive while it is used.
    static EmbeddingTable from_floats(const float* data, int64_t vocab, int64_t dim);
};

// Token ids of the tokenizer's special tokens, -1 where the tokenizer has none.
struct SpecialTokenIds {
    int64_t pad = -1;
    int64_t unk = -1;
    int64_t mask = -1;
    int64_t cls = -1;
    int64_t sep = -1;
    int64_t bos = -1;
    int64_t eos = -1;
};

enum class BaselineKind {
    // The default: Mask when the tokenizer has a mask token, else Pad. MASK is the baseline the
    // SIG/DIG papers evaluate with, and on this project's models it is far more faithful than PAD
    // (bench/RESULTS.md); PAD has the transformers-interpret convention on its side, so ask for it
    // by name to compare with that tool. Resolved by resolve_baseline before any use, so results
    // always report the concrete kind.
    Auto,
    Pad,            // transformers-interpret: special tokens stay, every other token -> PAD
    Mask,           // every non-special token -> [MASK]
    Unk,            // every non-special token -> UNK
    Zero,           // zero embedding vector
    MeanEmbedding,  // mean of all rows of the table
    UniformRandom,  // uniformly random non-special token ids, seeded
    TokenIds,       // the caller's token ids (e.g. a tokenized baseline text)
};

// What to do when a TokenIds baseline's length differs from the input's.
enum class BaselineLengthPolicy {
    Exact,           // default: iglens::Error asking for a baseline of the input's length
    PadOrTruncate,   // cut extra ids at the end, or append PAD ids (never touches the input's specials)
};

struct BaselineSpec {
    BaselineKind kind = BaselineKind::Auto;
    // Positions whose token is special ([CLS], [SEP], <s>, ...) or padding (attention mask 0) keep
    // the input's own embedding, so they get exactly zero attribution; TokenIds ignores this.
    bool keep_special_tokens = true;
    uint64_t seed = 0;                    // UniformRandom
    std::vector<int64_t> token_ids;       // TokenIds
    BaselineLengthPolicy length_policy = BaselineLengthPolicy::Exact;  // TokenIds
};

// k UniformRandom baselines with seeds seed, seed+1, ... (Expected-Gradients-style averaging).
std::vector<BaselineSpec> random_token_baselines(int count, uint64_t seed);

// "auto", "pad", "mask", "unk", "zero", "mean", "uniform", "tokens"; parse throws iglens::Error on others.
const char* baseline_kind_name(BaselineKind kind);
BaselineKind parse_baseline_kind(const std::string& name);

// spec with Auto replaced by the kind it stands for with these special tokens (Mask or Pad).
BaselineSpec resolve_baseline(BaselineSpec spec, const SpecialTokenIds& specials);

// Embeddings [T, dim] (row-major) of the given ids; iglens::Error for an id outside the table.
std::vector<float> lookup_embeddings(const EmbeddingTable& table, const std::vector<int64_t>& ids);

// The baseline embeddings [T, dim] for an input of ids `input_ids`. `keep[t]` says which positions
// are special or padding (kept when spec.keep_special_tokens). iglens::Error when the baseline
// needs a special token the tokenizer lacks, or a TokenIds baseline has the wrong length.
std::vector<float> build_baseline_embeddings(const BaselineSpec& spec, const EmbeddingTable& table,
                                             const SpecialTokenIds& specials,
                                             const std::vector<int64_t>& input_ids,
                                             const std::vector<bool>& keep);

// The token ids a token-based baseline (Pad, Mask, Unk, UniformRandom, TokenIds) puts at each
// position; empty for the embedding-valued kinds (Zero, MeanEmbedding).
std::vector<int64_t> baseline_token_ids(const BaselineSpec& spec, const EmbeddingTable& table,
                                        const SpecialTokenIds& specials,
                                        const std::vector<int64_t>& input_ids,
                                        const std::vector<bool>& keep);

}  // namespace iglens
