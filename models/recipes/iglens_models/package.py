"""Writes the Hugging Face / transformers.js folder files: config.json and tokenizer files."""
import json
import os
import shutil

from .modeling import Architecture
from .spm import SPECIAL_IDS

TRANSFORMERS_VERSION = "4.29.2"  # the version the reference distilbert-sst2 config was saved with


def _dump(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def label_maps(labels):
    return ({str(i): l for i, l in enumerate(labels)}, {l: i for i, l in enumerate(labels)})


def write_config(folder, name, a: Architecture, labels, problem_type, head, extra=None):
    """head: 'sequence' or 'token'. Keys follow each family's real PretrainedConfig.to_dict(), plus
    the ids of [CLS], [SEP] and [MASK]. problem_type is one of PretrainedConfig's three values; a
    token classifier is single_label_classification (one softmax per token)."""
    id2label, label2id = label_maps(labels)
    family_class = {"bert": "Bert", "distilbert": "DistilBert", "roberta": "Roberta"}[a.family]
    arch_name = family_class + ("ForSequenceClassification" if head == "sequence" else "ForTokenClassification")
    if a.family == "distilbert":
        cfg = {"activation": "gelu", "attention_dropout": a.attention_probs_dropout_prob,
               "dim": a.hidden_size, "dropout": a.hidden_dropout_prob, "hidden_dim": a.intermediate_size,
               "n_heads": a.num_attention_heads, "n_layers": a.num_hidden_layers, "qa_dropout": 0.1,
               "seq_classif_dropout": a.classifier_dropout, "sinusoidal_pos_embds": False,
               "tie_weights_": True, "output_past": True}
    else:
        cfg = {"attention_probs_dropout_prob": a.attention_probs_dropout_prob, "classifier_dropout": None,
               "hidden_act": "gelu", "hidden_dropout_prob": a.hidden_dropout_prob,
               "hidden_size": a.hidden_size, "intermediate_size": a.intermediate_size,
               "layer_norm_eps": a.layer_norm_eps, "num_attention_heads": a.num_attention_heads,
               "num_hidden_layers": a.num_hidden_layers, "position_embedding_type": "absolute",
               "type_vocab_size": a.type_vocab_size, "use_cache": True}
    cfg.update({"_name_or_path": f"iglens/{name}", "architectures": [arch_name], "model_type": a.family,
                "id2label": id2label, "label2id": label2id, "initializer_range": a.initializer_range,
                "max_position_embeddings": a.max_position_embeddings, "pad_token_id": a.pad_token_id,
                "problem_type": problem_type, "vocab_size": a.vocab_size,
                "transformers_version": TRANSFORMERS_VERSION})
    # Both tokenizer kinds pin the special pieces to the same ids (spm.SPECIAL_IDS,
    # wordpiece.SPECIALS); naming them here lets a reader build inputs from config.json alone.
    cfg.update({"cls_token_id": SPECIAL_IDS["[CLS]"], "sep_token_id": SPECIAL_IDS["[SEP]"],
                "mask_token_id": SPECIAL_IDS["[MASK]"]})
    if extra:
        cfg.update(extra)
    _dump(os.path.join(folder, "config.json"), cfg)
    return cfg


def write_albert_style_tokenizer(folder, spm_model_path, model_max_length):
    """An ALBERT-style sentencepiece folder: spiece.model + tokenizer_config.json +
    special_tokens_map.json. keep_accents is true because the reference tokenization is
    exactly `spm_encode` on the (lower-cased) text; the model's own nmt_nfkc_cf normalizer
    already folds case, so do_lower_case changes nothing but is kept for ALBERT readers."""
    shutil.copyfile(spm_model_path, os.path.join(folder, "spiece.model"))
    mask = {"__type": "AddedToken", "content": "[MASK]", "lstrip": True, "normalized": False,
            "rstrip": False, "single_word": False}
    _dump(os.path.join(folder, "tokenizer_config.json"), {
        "bos_token": "[CLS]", "clean_up_tokenization_spaces": True, "cls_token": "[CLS]",
        "do_lower_case": True, "eos_token": "[SEP]", "keep_accents": True, "mask_token": mask,
        "model_max_length": model_max_length, "pad_token": "[PAD]", "remove_space": True,
        "sep_token": "[SEP]", "sp_model_kwargs": {}, "tokenizer_class": "AlbertTokenizer",
        "unk_token": "[UNK]"})
    _dump(os.path.join(folder, "special_tokens_map.json"), {
        "bos_token": "[CLS]", "cls_token": "[CLS]", "eos_token": "[SEP]",
        "mask_token": {"content": "[MASK]", "lstrip": True, "normalized": False, "rstrip": False,
                       "single_word": False},
        "pad_token": "[PAD]", "sep_token": "[SEP]", "unk_token": "[UNK]"})
    assert SPECIAL_IDS["[PAD]"] == 0


def folder_size_bytes(folder):
    total = 0
    for root, _, files in os.walk(folder):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total
