// How many interpolation rows fit in one run of the prepared graph. Reverse mode keeps the forward
// activations of every row alive until the backward consumes them (notes/gradients.md §7.5), so
// memory grows linearly with the rows of a run; the engine picks rows per run so the estimate
// stays under a budget (e.g. 256 MB for WebGPU in a browser, more natively).
#pragma once

#include <cstdint>

namespace iglens {

// Size of a transformer classifier. Zeros fall back: intermediate = 4 * hidden, embed_dim = hidden.
struct ModelDims {
    int64_t layers = 12;
    int64_t heads = 12;
    int64_t hidden = 768;
    int64_t intermediate = 0;
    int64_t embed_dim = 0;
    int64_t num_classes = 2;
};

// Estimated bytes held per interpolation row for sequence length T: per layer the saved
// Q/K/V/context, FFN pre/post activation, LayerNorm inputs and their gradients
// (~ T * (8*hidden + 3*intermediate) floats) plus attention probabilities and their gradient
// (2 * heads * T^2 floats); plus the interpolated input, its gradient and the logits.
// For BERT-base at T=128: ~9.4 MB per row and layer, ~113 MB per row in all (16 rows ~ 150 MB
// per layer, ~1.8 GB, as measured in the notes), so a 256 MB budget runs 2 rows at a time.
int64_t estimate_bytes_per_row(const ModelDims& dims, int64_t sequence_length);

// Bytes per row of the largest single tensor of a run: the attention probabilities (or their
// gradient) [heads,T,T] or the FFN activation [T,intermediate]. WebGPU caps one storage-buffer
// binding (128 MiB by default), so this must fit too, not only the total.
int64_t largest_tensor_bytes_per_row(const ModelDims& dims, int64_t sequence_length);

// Rows per run: as many as fit in budget_bytes (at least 1), with the largest single tensor under
// max_tensor_bytes (when > 0), at most max_rows (when > 0).
int64_t rows_per_run(const ModelDims& dims, int64_t sequence_length, int64_t budget_bytes, int64_t max_rows,
                     int64_t max_tensor_bytes = 0);

}  // namespace iglens
