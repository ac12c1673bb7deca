// Tiny random-weight transformer classifiers built in C++ that reproduce the ONNX export
// patterns of each model family as torch.onnx / Optimum emit them (decomposed LayerNorm,
// erf/tanh GELU, Shape-Gather-Concat reshapes, additive or Where masks, pooler heads, ...).
#pragma once

#include <cstdint>
#include <string>

#include "iglens/onnx_model.h"

namespace iglens::testing {

enum class Family {
    Bert,        // token_type_ids, additive mask, erf GELU, tanh pooler, opset 14
    DistilBert,  // masked_fill -> Where mask, q scaled first, pre_classifier + ReLU
    Roberta,     // CumSum position ids from input_ids, head dense+tanh on x[:,0]
    Albert,      // embedding projection E->H, gelu_new (tanh + Pow 3), shared layer weights
    Electra,     // embedding projection, head dense + GELU on x[:,0], no pooler
    DebertaV2,   // c2p/p2c relative attention through GatherElements, XSoftmax Where masks
    FusedOrt,    // BERT with com.microsoft FastGelu / BiasGelu / SkipLayerNormalization / Gelu
};

struct TinyConfig {
    Family family = Family::Bert;
    int64_t opset = 14;
    int64_t vocab = 30;
    int64_t embed = 8;   // embedding size (ALBERT/ELECTRA project it to `hidden`)
    int64_t hidden = 8;
    int64_t heads = 2;
    int64_t layers = 2;
    int64_t ffn = 16;
    int64_t classes = 3;
    int64_t max_positions = 16;
    bool token_classification = false;
    bool question_answering = false;  // outputs start_logits and end_logits [batch, sequence]
    bool layer_norm_op = false;  // opset-17 LayerNormalization instead of the decomposed form
    bool fused_attention = false;
    bool embed_layer_norm = false;  // FusedOrt only: com.microsoft.EmbedLayerNormalization embeddings
    bool negative_infinity_mask = false;  // DistilBERT/DeBERTa: masked_fill with -inf, not finfo.min  // FusedOrt only: com.microsoft.Attention for self-attention
    unsigned seed = 7;
};

onnx::Model make_tiny_transformer(const TinyConfig& config);
const char* family_name(Family f);

}  // namespace iglens::testing
