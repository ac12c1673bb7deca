"""Small encoder classifiers written by hand so their ONNX export matches what the
Hugging Face / Optimum exports of BERT, DistilBERT and RoBERTa look like.

Why by hand: torch's fused nn.TransformerEncoderLayer fast path and
scaled_dot_product_attention export to patterns the gradient builder would never
see in a real transformers.js model. The module paths below (bert.embeddings.word_embeddings,
distilbert.transformer.layer.N.attention.q_lin, roberta.encoder.layer.N...) copy the
Hugging Face names so the exported initializers are named like Optimum's.
"""
import math

import torch
from torch import nn


def gelu_erf(x):
    # The exact (erf) GELU of BERT; exports as Div/Erf/Add/Mul/Mul.
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


class Architecture:
    """Hyper-parameters shared by all three families (names follow BertConfig)."""

    def __init__(self, family, vocab_size, hidden_size, num_hidden_layers, num_attention_heads,
                 intermediate_size, max_position_embeddings, pad_token_id=0, type_vocab_size=2,
                 hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, classifier_dropout=0.1,
                 layer_norm_eps=1e-12, initializer_range=0.02):
        assert family in ("bert", "distilbert", "roberta"), family
        assert hidden_size % num_attention_heads == 0
        self.family = family
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.pad_token_id = pad_token_id
        self.type_vocab_size = type_vocab_size
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob
        self.classifier_dropout = classifier_dropout
        self.layer_norm_eps = layer_norm_eps
        self.initializer_range = initializer_range


# ----------------------------------------------------------------------------- BERT / RoBERTa

class BertEmbeddings(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.family = a.family
        self.padding_idx = a.pad_token_id
        self.word_embeddings = nn.Embedding(a.vocab_size, a.hidden_size, padding_idx=a.pad_token_id)
        self.position_embeddings = nn.Embedding(
            a.max_position_embeddings, a.hidden_size,
            padding_idx=a.pad_token_id if a.family == "roberta" else None)
        self.token_type_embeddings = nn.Embedding(a.type_vocab_size, a.hidden_size)
        self.LayerNorm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)
        self.dropout = nn.Dropout(a.hidden_dropout_prob)
        self.register_buffer("position_ids", torch.arange(a.max_position_embeddings).unsqueeze(0),
                             persistent=False)

    def forward(self, input_ids, token_type_ids=None):
        seq_len = input_ids.shape[1]
        if self.family == "roberta":
            # transformers' create_position_ids_from_input_ids: padding keeps padding_idx,
            # real tokens count up from padding_idx + 1 (CumSum in the export).
            mask = input_ids.ne(self.padding_idx).int()
            incremental = torch.cumsum(mask, dim=1).type_as(mask) * mask
            position_ids = incremental.long() + self.padding_idx
        else:
            position_ids = self.position_ids[:, :seq_len]
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        x = (self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
             + self.position_embeddings(position_ids))
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.num_heads = a.num_attention_heads
        self.head_size = a.hidden_size // a.num_attention_heads
        self.query = nn.Linear(a.hidden_size, a.hidden_size)
        self.key = nn.Linear(a.hidden_size, a.hidden_size)
        self.value = nn.Linear(a.hidden_size, a.hidden_size)
        self.dropout = nn.Dropout(a.attention_probs_dropout_prob)

    def split_heads(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.num_heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, hidden, additive_mask):
        q = self.split_heads(self.query(hidden))
        k = self.split_heads(self.key(hidden))
        v = self.split_heads(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size)
        scores = scores + additive_mask
        probs = self.dropout(torch.softmax(scores, dim=-1))
        context = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        b, t = context.shape[0], context.shape[1]
        return context.view(b, t, self.num_heads * self.head_size)


class BertSelfOutput(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.dense = nn.Linear(a.hidden_size, a.hidden_size)
        self.LayerNorm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)
        self.dropout = nn.Dropout(a.hidden_dropout_prob)

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dropout(self.dense(hidden)) + residual)


class BertAttention(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.self = BertSelfAttention(a)
        self.output = BertSelfOutput(a)

    def forward(self, hidden, additive_mask):
        return self.output(self.self(hidden, additive_mask), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.dense = nn.Linear(a.hidden_size, a.intermediate_size)

    def forward(self, hidden):
        return gelu_erf(self.dense(hidden))


class BertOutput(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.dense = nn.Linear(a.intermediate_size, a.hidden_size)
        self.LayerNorm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)
        self.dropout = nn.Dropout(a.hidden_dropout_prob)

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dropout(self.dense(hidden)) + residual)


class BertLayer(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.attention = BertAttention(a)
        self.intermediate = BertIntermediate(a)
        self.output = BertOutput(a)

    def forward(self, hidden, additive_mask):
        attended = self.attention(hidden, additive_mask)
        return self.output(self.intermediate(attended), attended)


class BertEncoder(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(a) for _ in range(a.num_hidden_layers)])

    def forward(self, hidden, additive_mask):
        for layer in self.layer:
            hidden = layer(hidden, additive_mask)
        return hidden


class BertPooler(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.dense = nn.Linear(a.hidden_size, a.hidden_size)
        self.activation = nn.Tanh()

    def forward(self, hidden):
        return self.activation(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    def __init__(self, a: Architecture, with_pooler):
        super().__init__()
        self.embeddings = BertEmbeddings(a)
        self.encoder = BertEncoder(a)
        self.pooler = BertPooler(a) if with_pooler else None

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        # get_extended_attention_mask: (1 - mask) * finfo.min, added to the scores.
        extended = attention_mask[:, None, None, :].to(torch.float32)
        extended = (1.0 - extended) * torch.finfo(torch.float32).min
        hidden = self.encoder(self.embeddings(input_ids, token_type_ids), extended)
        return hidden, (self.pooler(hidden) if self.pooler is not None else None)


# ----------------------------------------------------------------------------- DistilBERT

class DistilEmbeddings(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.word_embeddings = nn.Embedding(a.vocab_size, a.hidden_size, padding_idx=a.pad_token_id)
        self.position_embeddings = nn.Embedding(a.max_position_embeddings, a.hidden_size)
        self.LayerNorm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)
        self.dropout = nn.Dropout(a.hidden_dropout_prob)
        self.register_buffer("position_ids", torch.arange(a.max_position_embeddings).unsqueeze(0),
                             persistent=False)

    def forward(self, input_ids):
        position_ids = self.position_ids[:, : input_ids.shape[1]]
        x = self.word_embeddings(input_ids) + self.position_embeddings(position_ids)
        return self.dropout(self.LayerNorm(x))


class DistilMultiHeadSelfAttention(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.n_heads = a.num_attention_heads
        self.dim = a.hidden_size
        self.dropout = nn.Dropout(a.attention_probs_dropout_prob)
        self.q_lin = nn.Linear(a.hidden_size, a.hidden_size)
        self.k_lin = nn.Linear(a.hidden_size, a.hidden_size)
        self.v_lin = nn.Linear(a.hidden_size, a.hidden_size)
        self.out_lin = nn.Linear(a.hidden_size, a.hidden_size)

    def forward(self, x, attention_mask):
        bs, q_len, dim = x.shape
        dim_per_head = self.dim // self.n_heads

        def shape(t):
            return t.view(bs, -1, self.n_heads, dim_per_head).transpose(1, 2)

        q = shape(self.q_lin(x)) / math.sqrt(dim_per_head)
        k = shape(self.k_lin(x))
        v = shape(self.v_lin(x))
        scores = torch.matmul(q, k.transpose(2, 3))
        # DistilBERT masks with masked_fill, which exports as Equal/Expand/Where.
        mask = (attention_mask == 0).view(bs, 1, 1, -1).expand_as(scores)
        scores = scores.masked_fill(mask, torch.tensor(torch.finfo(scores.dtype).min))
        weights = self.dropout(nn.functional.softmax(scores, dim=-1))
        context = torch.matmul(weights, v).transpose(1, 2).contiguous().view(bs, -1, self.n_heads * dim_per_head)
        return self.out_lin(context)


class DistilFFN(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.dropout = nn.Dropout(a.hidden_dropout_prob)
        self.lin1 = nn.Linear(a.hidden_size, a.intermediate_size)
        self.lin2 = nn.Linear(a.intermediate_size, a.hidden_size)

    def forward(self, x):
        return self.dropout(self.lin2(gelu_erf(self.lin1(x))))


class DistilTransformerBlock(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.attention = DistilMultiHeadSelfAttention(a)
        self.sa_layer_norm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)
        self.ffn = DistilFFN(a)
        self.output_layer_norm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)

    def forward(self, x, attention_mask):
        x = self.sa_layer_norm(self.attention(x, attention_mask) + x)
        return self.output_layer_norm(self.ffn(x) + x)


class DistilTransformer(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.layer = nn.ModuleList([DistilTransformerBlock(a) for _ in range(a.num_hidden_layers)])

    def forward(self, x, attention_mask):
        for layer in self.layer:
            x = layer(x, attention_mask)
        return x


class DistilBertModel(nn.Module):
    def __init__(self, a: Architecture):
        super().__init__()
        self.embeddings = DistilEmbeddings(a)
        self.transformer = DistilTransformer(a)

    def forward(self, input_ids, attention_mask):
        return self.transformer(self.embeddings(input_ids), attention_mask)


# ----------------------------------------------------------------------------- heads

class SequenceClassifier(nn.Module):
    """BertForSequenceClassification / DistilBertForSequenceClassification /
    RobertaForSequenceClassification, chosen by Architecture.family."""

    def __init__(self, a: Architecture, num_labels):
        super().__init__()
        self.family = a.family
        self.num_labels = num_labels
        if a.family == "bert":
            self.bert = BertModel(a, with_pooler=True)
            self.dropout = nn.Dropout(a.classifier_dropout)
            self.classifier = nn.Linear(a.hidden_size, num_labels)
        elif a.family == "distilbert":
            self.distilbert = DistilBertModel(a)
            self.pre_classifier = nn.Linear(a.hidden_size, a.hidden_size)
            self.dropout = nn.Dropout(a.classifier_dropout)
            self.classifier = nn.Linear(a.hidden_size, num_labels)
        else:
            self.roberta = BertModel(a, with_pooler=False)
            self.classifier = RobertaClassificationHead(a, num_labels)
        init_weights(self, a)

    def encoder(self):
        return {"bert": getattr(self, "bert", None), "distilbert": getattr(self, "distilbert", None),
                "roberta": getattr(self, "roberta", None)}[self.family]

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        if self.family == "bert":
            _, pooled = self.bert(input_ids, attention_mask, token_type_ids)
            return self.classifier(self.dropout(pooled))
        if self.family == "distilbert":
            hidden = self.distilbert(input_ids, attention_mask)
            pooled = torch.relu(self.pre_classifier(hidden[:, 0]))
            return self.classifier(self.dropout(pooled))
        hidden, _ = self.roberta(input_ids, attention_mask)
        return self.classifier(hidden)


class TokenClassifier(nn.Module):
    """BertForTokenClassification / DistilBertForTokenClassification: logits [B, T, C]."""

    def __init__(self, a: Architecture, num_labels):
        super().__init__()
        self.family = a.family
        self.num_labels = num_labels
        if a.family == "distilbert":
            self.distilbert = DistilBertModel(a)
        elif a.family == "bert":
            self.bert = BertModel(a, with_pooler=False)
        else:
            self.roberta = BertModel(a, with_pooler=False)
        self.dropout = nn.Dropout(a.classifier_dropout)
        self.classifier = nn.Linear(a.hidden_size, num_labels)
        init_weights(self, a)

    def encoder(self):
        return getattr(self, self.family)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        if self.family == "distilbert":
            hidden = self.distilbert(input_ids, attention_mask)
        else:
            hidden, _ = self.encoder()(input_ids, attention_mask, token_type_ids)
        return self.classifier(self.dropout(hidden))


class RobertaClassificationHead(nn.Module):
    def __init__(self, a: Architecture, num_labels):
        super().__init__()
        self.dense = nn.Linear(a.hidden_size, a.hidden_size)
        self.dropout = nn.Dropout(a.classifier_dropout)
        self.out_proj = nn.Linear(a.hidden_size, num_labels)

    def forward(self, hidden):
        x = self.dropout(hidden[:, 0, :])
        x = torch.tanh(self.dense(x))
        return self.out_proj(self.dropout(x))


class MaskedLanguageModelHead(nn.Module):
    """Used only for the optional MLM warm-up; never exported. Ties the decoder to the
    word embeddings like BertForMaskedLM."""

    def __init__(self, a: Architecture, word_embeddings: nn.Embedding):
        super().__init__()
        self.dense = nn.Linear(a.hidden_size, a.hidden_size)
        self.LayerNorm = nn.LayerNorm(a.hidden_size, eps=a.layer_norm_eps)
        self.word_embeddings = word_embeddings
        self.bias = nn.Parameter(torch.zeros(a.vocab_size))

    def forward(self, hidden):
        x = self.LayerNorm(gelu_erf(self.dense(hidden)))
        return torch.matmul(x, self.word_embeddings.weight.t()) + self.bias


def init_weights(model, a: Architecture):
    for module in model.modules():
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=a.initializer_range)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=a.initializer_range)
            if module.padding_idx is not None:
                module.weight.data[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)


def encoder_hidden_states(model, input_ids, attention_mask, token_type_ids=None):
    """Last hidden states of the classifier's encoder (for MLM warm-up)."""
    if model.family == "distilbert":
        return model.distilbert(input_ids, attention_mask)
    hidden, _ = model.encoder()(input_ids, attention_mask, token_type_ids)
    return hidden


def word_embeddings(model):
    return model.encoder().embeddings.word_embeddings
