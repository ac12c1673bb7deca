"""A smaller WordPiece vocabulary cut out of bert-base-uncased's, and the tokenizer.json /
vocab.txt / tokenizer_config.json of a Hugging Face BertTokenizer folder that uses it.

Tokenization itself always goes through @huggingface/transformers (js/tokenize_texts.mjs), the
same code that tokenizes for the shipped model, so training and inference ids cannot drift."""
import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter

from .data import REPO_ROOT
from .spm import SPECIAL_IDS

BERT_DIR = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "tokenizers", "bert-base-uncased"))
SPECIALS = sorted(SPECIAL_IDS, key=SPECIAL_IDS.get)  # the same ids as the sentencepiece models


def tokenize(folder, texts, max_length, texts_b=None, words=None):
    """(input_ids, token_type_ids) per text, or per-word id lists when `words` is given."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
        with open(src, "w", encoding="utf-8") as f:
            json.dump({"texts": texts, "texts_b": texts_b, "max_length": max_length, "words": words}, f)
        subprocess.run(["node", os.path.join(REPO_ROOT, "models", "recipes", "js", "tokenize_texts.mjs"),
                        folder, src, dst], check=True, cwd=REPO_ROOT)
        with open(dst, encoding="utf-8") as f:
            out = json.load(f)
    if words is not None:
        return out["word_ids"]
    return list(zip(out["input_ids"], out["token_type_ids"]))


def reduced_vocab(used_counts, min_count):
    """bert-base-uncased tokens, in their original order, that the corpus uses at least
    `min_count` times, plus every single character and every '##' + single character (so
    no word falls to [UNK] that would not with the full vocabulary), plus the specials.
    The [unusedN] slots are dropped, so [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4."""
    with open(os.path.join(BERT_DIR, "vocab.txt"), encoding="utf-8") as f:
        full = [line.rstrip("\n") for line in f]
    keep = []
    for token in full:
        if token in SPECIALS:
            keep.append(token)
        elif token.startswith("[unused"):
            continue
        elif len(token) == 1 or (token.startswith("##") and len(token) == 3):
            keep.append(token)
        elif used_counts.get(token, 0) >= min_count:
            keep.append(token)
    assert keep[:5] == SPECIALS, keep[:5]
    return keep


def write_folder(folder, vocab, model_max_length):
    """tokenizer.json (bert-base-uncased's pipeline with the new vocabulary), vocab.txt,
    tokenizer_config.json, special_tokens_map.json."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(BERT_DIR, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    index = {t: i for i, t in enumerate(vocab)}
    tj["model"]["vocab"] = index
    tj["added_tokens"] = [dict(a, id=index[a["content"]]) for a in tj["added_tokens"] if a["content"] in index]
    for name, spec in tj["post_processor"]["special_tokens"].items():
        spec["ids"] = [index[t] for t in spec["tokens"]]
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, indent=2)
    with open(os.path.join(folder, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(BERT_DIR, "tokenizer_config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    cfg["model_max_length"] = model_max_length
    cfg.pop("max_len", None)
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    shutil.copyfile(os.path.join(BERT_DIR, "special_tokens_map.json"),
                    os.path.join(folder, "special_tokens_map.json"))


def count_used_tokens(texts, work):
    """How often each bert-base-uncased token occurs when the full tokenizer encodes `texts`."""
    with open(os.path.join(BERT_DIR, "vocab.txt"), encoding="utf-8") as f:
        full = [line.rstrip("\n") for line in f]
    counts = Counter()
    for ids, _ in tokenize(BERT_DIR, texts, 100000):
        counts.update(full[i] for i in ids)
    return counts
