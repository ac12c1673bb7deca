"""Model card (README.md with Hugging Face model-card front matter) for a trained folder."""
import os

TASK_INFO = {
    "sst2": {"pipeline": "text-classification", "dataset": "glue/sst2", "dataset_name": "SST-2 (GLUE)",
             "split": "validation (872 sentences)", "data_licence":
             "SST-2 via the ALPS repository (MIT, ../shared/data/sst2/ALPS-LICENSE); Stanford Sentiment Treebank / GLUE terms",
             "train_data": "the 67,349 GLUE SST-2 train phrases (../shared/data/sst2/alps_train_part.tsv + alps_dev_part_of_glue_train.tsv)"},
    "goemotions": {"pipeline": "text-classification", "dataset": "go_emotions", "dataset_name": "GoEmotions",
                   "split": "test (5,427 comments; one probability threshold for all labels, chosen on dev for micro-F1)",
                   "data_licence": "GoEmotions, data CC-BY-4.0, repository Apache-2.0 (../shared/data/goemotions/LICENSE)",
                   "train_data": "GoEmotions train (43,410 Reddit comments, 28 labels, multi-label); dev (5,426) for the threshold"},
    "esnli": {"pipeline": "text-classification", "dataset": "esnli", "dataset_name": "e-SNLI (SNLI pairs)",
              "split": "test (9,824 pairs)",
              "data_licence": "e-SNLI, MIT (../shared/data/esnli/LICENSE); SNLI is CC-BY-SA-4.0",
              "train_data": "the e-SNLI/SNLI dev split (9,842 premise/hypothesis pairs) -- the only SNLI pairs available here"},
    "conll": {"pipeline": "token-classification", "dataset": "conll2003", "dataset_name": "CoNLL-2003 English NER",
              "split": "eng.testb (entity-level F1, exact span and type, seqeval-style)",
              "data_licence": "CoNLL-2003 / Reuters corpus terms: research use, training and tests only",
              "train_data": "CoNLL-2003 eng.train (14,041 sentences); eng.testa for monitoring"},
}

FAMILY_TEXT = {
    "bert": "BERT-style encoder (BertForSequenceClassification layout): word + position + token-type embeddings, "
            "post-LayerNorm blocks, additive attention mask `(1 - mask) * finfo.min`, erf GELU, "
            "[CLS] pooler with tanh, linear classifier. Inputs `input_ids`, `attention_mask`, `token_type_ids`.",
    "distilbert": "DistilBERT-style encoder (DistilBertForSequenceClassification layout): word + position embeddings, "
                  "no token types, attention mask applied with `masked_fill` (exports as Equal/Expand/Where), erf GELU, "
                  "pre_classifier + ReLU on [CLS], linear classifier. Inputs `input_ids`, `attention_mask`.",
    "roberta": "RoBERTa-style encoder (RobertaForSequenceClassification layout): position ids computed from the input ids "
               "(create_position_ids_from_input_ids: CumSum of the non-padding mask + padding_idx), additive attention mask, "
               "erf GELU, classification head dense + tanh + out_proj on the first token. Inputs `input_ids`, `attention_mask`.",
}


def usage_text(r):
    a = r["architecture"]
    if "sentencepiece" in r["tokenizer"]:
        tok = ("Tokenizer: `spiece.model` (ALBERT-style folder). input_ids = `[CLS]` (2) + "
               "`spm_encode --model spiece.model --output_format=id` of the text + `[SEP]` (3); "
               "[PAD]=0 [UNK]=1 [MASK]=4. The model's own normalizer (nmt_nfkc_cf) folds case.")
    else:
        tok = ("Tokenizer: `tokenizer.json` (WordPiece, BertNormalizer lower-casing, BertPreTokenizer, "
               "TemplateProcessing `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]`); loads with transformers.js "
               "`AutoTokenizer.from_pretrained`. [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4.")
    names = "`input_ids`, `attention_mask`" + (", `token_type_ids`" if a["family"] == "bert" else "")
    io = f"ONNX inputs {names} (int64, [batch_size, sequence_length], right padding with pad_token_id 0). "
    if r["task"] == "goemotions":
        io += ("Output `logits` [batch_size, 28]: independent sigmoid per label (problem_type "
               f"multi_label_classification); a label is on when its probability >= {r['metrics']['threshold']}.")
    elif r["task"] == "conll":
        io += ("Output `logits` [batch_size, sequence_length, 9] (BIO labels of id2label); a word's label is the "
               "argmax at its first word piece.")
    elif r["task"] == "esnli":
        io += ("Pairs: premise as text A (token type 0), hypothesis as text B (token type 1). Output `logits` "
               "[batch_size, 3], softmax over entailment / neutral / contradiction.")
    else:
        io += "Output `logits` [batch_size, 2], softmax over NEGATIVE / POSITIVE."
    return tok + "\n\n" + io


def _mb(n):
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def write(name, folder, r):
    info = TASK_INFO[r["task"]]
    a = r["architecture"]
    key = r["headline_metric"]
    metric_lines = "\n".join(
        f"| {k} | {v:.4f} | {r['onnx_metrics'].get(k, float('nan')):.4f} |"
        for k, v in r["metrics"].items() if isinstance(v, float) and k != "threshold")
    if "threshold" in r["metrics"]:
        metric_lines += f"\n\nDecision threshold (sigmoid probability, chosen on dev): {r['metrics']['threshold']}"
    ops = ", ".join(f"{k} {v}" for k, v in r["export"]["ops"].items())
    t = r["training"]
    extra_notes = "\n".join(f"- {n}" for n in r.get("notes", []))
    usage = usage_text(r)
    readers = "word-embedding initialization" + (" and the MLM warm-up" if t.get("mlm_epochs") else "")
    extra_data = (f"; the {readers} also read the Pang & Lee movie reviews "
                  "(../shared/data/movie-rationales, research data without a licence file)"
                  if "movie-rationales" in str(t.get("svd_data", "")) + str(t.get("mlm_data", "")) and t.get("svd_init") else "")
    svd_line = ""
    if t.get("svd_init"):
        svd_line = ("- Word embeddings initialized (not frozen) with PPMI + truncated-SVD co-occurrence vectors "
                    f"(window 4 with 1/distance weights, context smoothing 0.75, rank {a['hidden_size']}) of "
                    f"{t.get('svd_data')}: `iglens_models/cooccurrence.py`, about a minute of CPU.\n")
    averaging = ""
    if t.get("ema_decay"):
        averaging = (f"the shipped weights are the exponential moving average of the weights over the optimizer "
                     f"steps (decay {t['ema_decay']}), not the last step's; ")
    if t.get("holdout_sentences"):
        averaging += (f"the epoch kept is the best on {t['holdout_sentences']} sentences held out of the train "
                      "split (not trained on); ")
    reproduced = r.get("reproduced", "two runs of the same pipeline on a 3,000-phrase subset gave byte-identical\n"
                                     "  `model.onnx` and `spiece.model`; a full rerun of this model has not been done")
    self_training = ""
    if t.get("review_label_epochs"):
        self_training += (f"- Before fine-tuning, {t['review_label_epochs']} epoch(s) of training on the 71k sentences of the "
                          "Pang & Lee movie reviews (noRats_*), each labelled with its whole review's polarity (weak, "
                          "noisy labels: plot sentences sit in reviews of both kinds), same settings, no weight "
                          "averaging.\n")
    if t.get("soup_size", 1) > 1:
        self_training += (f"- Model soup: the fine-tuning above was run {t['soup_size']} times from the same starting "
                          f"weights with seeds {t['seed']}…{t['seed'] + t['soup_size'] - 1} (data order, dropout), and the "
                          f"shipped weights are the uniform average of the {t['soup_size']} results (one model, same size); no "
                          "member was chosen or weighted by validation accuracy.\n")
    pattern = FAMILY_TEXT[a["family"]]
    if r["task"] == "conll":
        pattern = {"distilbert": "DistilBERT-style encoder (DistilBertForTokenClassification layout): word + position "
                                 "embeddings, no token types, attention mask applied with `masked_fill` (Equal/Expand/"
                                 "Where), erf GELU, a linear classifier on every position. Inputs `input_ids`, "
                                 "`attention_mask`.",
                   "bert": "BERT-style encoder (BertForTokenClassification layout): additive attention mask, erf GELU, "
                           "a linear classifier on every position (no pooler)."}[a["family"]]
    text = f"""---
license: mit
language: en
pipeline_tag: {info['pipeline']}
library_name: transformers.js
tags: [iglens, onnx, {a['family']}]
datasets: [{info['dataset']}]
model-index:
- name: iglens/{name}
  results:
  - task: {{type: {info['pipeline']}}}
    dataset: {{name: {info['dataset_name']}, type: {info['dataset']}, split: {info['split'].split(' ')[0]}}}
    metrics:
    - {{type: {key}, value: {r['onnx_metrics'][key]:.4f}}}
---

# iglens/{name}

A small {info['dataset_name']} {'token' if info['pipeline'] == 'token-classification' else 'text'} classifier trained from scratch for IG Lens (no pretrained weights exist on
this machine). The folder has the layout of a transformers.js / Optimum export: `config.json`,
tokenizer files, `onnx/model.onnx`.

## Quality

{info['dataset_name']}, {info['split']}:

| metric | torch | ONNX (onnxruntime-node) |
|---|---|---|
{metric_lines}

Reproduce the ONNX figure: `node models/recipes/evaluate.mjs {name}` (or `/usr/bin/python3 models/recipes/evaluate.py {name}`).
Torch/ONNX agreement and padding invariance: `node models/recipes/check_onnx.mjs {name}`.

## Inputs and outputs

{usage}

## Model

- Pattern: {pattern}
- {a['num_hidden_layers']} layers, hidden size {a['hidden_size']}, {a['num_attention_heads']} heads,
  intermediate size {a['intermediate_size']}, max_position_embeddings {a['max_position_embeddings']},
  vocab_size {a['vocab_size']}, pad_token_id {a['pad_token_id']}; {r['parameters']:,} parameters.
- Tokenizer: {r['tokenizer']}.
- ONNX: opset 14, IR {r['export']['ir_version']}, inputs int64 with dynamic axes (batch_size, sequence_length),
  output `logits`; weights inside the file; word embeddings are a plain `Gather` on the initializer
  `{a['family']}.embeddings.word_embeddings.weight`. Node counts: {ops}.
- Size: `onnx/model.onnx` {_mb(r['onnx_bytes'])}; whole folder {_mb(r['size_bytes'])}.

## Training

- Data: {info['train_data']}.
{svd_line}- {('MLM warm-up (BERT 80/10/10 masking, ' + str(round(100 * t.get('mlm_mask_prob', 0.15))) + ' %) ' + str(t['mlm_epochs']) + ' epoch(s) on ' + t.get('mlm_data', 'the training texts') + ' (lr ' + str(t.get('mlm_lr')) + '), then ') if t.get('mlm_epochs') else ''}fine-tuning
  {t['epochs']} epochs, batch {t['batch_size']}, AdamW lr {t['lr']} (linear warm-up 6 % then linear decay),
  weight decay 0.01, dropout {a['hidden_dropout_prob']}, label smoothing {t.get('label_smoothing', 0)}, seed {t['seed']},
  {averaging}CPU with {t['threads']} thread(s); {r['train_seconds'] / 60:.1f} minutes wall clock for tokenizer, training and export
  on a 2-core machine (other jobs may have shared it: wall clock can far exceed CPU time).
{self_training}- Command (from the repository root): `/usr/bin/python3 models/recipes/train.py {name}`
  (Debian python3-torch 1.13.1, spm_train 0.1.97). Seeds, data order and thread count are fixed, so a rerun on the
  same machine should rebuild these weights ({reproduced}).
{extra_notes}

## Licence and data

Weights and recipes: MIT (the IG Lens project). Training data: {info['data_licence']}{extra_data}.
For tests and demos of the attribution tool; a from-scratch model this small is far weaker than
a pretrained transformer and should not be used to make decisions about people.
"""
    with open(os.path.join(folder, "README.md"), "w", encoding="utf-8") as f:
        f.write(text)
