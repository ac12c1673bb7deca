#include "iglens/ig_memory.h"

#include <algorithm>
#include <string>

#include "iglens/error.h"

namespace iglens {

int64_t estimate_bytes_per_row(const ModelDims& dims, int64_t sequence_length) {
    if (dims.layers < 0 || dims.heads < 0 || dims.hidden <= 0 || dims.intermediate < 0 || dims.embed_dim < 0 ||
        dims.num_classes < 0)
        throw Error("model dimensions for the memory estimate must be positive (hidden > 0)");
    if (sequence_length <= 0) throw Error("the input has no tokens; give a non-empty text");
    const int64_t t = sequence_length;
    const int64_t hidden = dims.hidden;
    const int64_t intermediate = dims.intermediate > 0 ? dims.intermediate : 4 * hidden;
    const int64_t embed = dims.embed_dim > 0 ? dims.embed_dim : hidden;
    const int64_t per_layer = t * (8 * hidden + 3 * intermediate) + 2 * dims.heads * t * t;
    // Embedding level: interpolated input, (x - x'), gradient, embeddings LayerNorm in/out, hidden
    // states entering layer 0.
    const int64_t embedding_level = t * (4 * embed + 2 * hidden);
    const int64_t floats = dims.layers * per_layer + embedding_level + 4 * dims.num_classes * t;
    return 4 * floats;
}

int64_t largest_tensor_bytes_per_row(const ModelDims& dims, int64_t sequence_length) {
    estimate_bytes_per_row(dims, sequence_length);  // same validation
    const int64_t t = sequence_length;
    const int64_t intermediate = dims.intermediate > 0 ? dims.intermediate : 4 * dims.hidden;
    const int64_t embed = dims.embed_dim > 0 ? dims.embed_dim : dims.hidden;
    return 4 * std::max({dims.heads * t * t, t * intermediate, t * dims.hidden, t * embed});
}

int64_t rows_per_run(const ModelDims& dims, int64_t sequence_length, int64_t budget_bytes, int64_t max_rows,
                     int64_t max_tensor_bytes) {
    if (budget_bytes <= 0) throw Error("the memory budget must be positive bytes");
    if (max_tensor_bytes < 0) throw Error("the largest-tensor limit must be positive bytes (or 0 for none)");
    const int64_t per_row = estimate_bytes_per_row(dims, sequence_length);
    int64_t rows = std::max<int64_t>(1, budget_bytes / per_row);
    if (max_tensor_bytes > 0)
        rows = std::min(rows, std::max<int64_t>(1, max_tensor_bytes / largest_tensor_bytes_per_row(dims, sequence_length)));
    if (max_rows > 0) rows = std::min(rows, max_rows);
    return rows;
}

}  // namespace iglens
