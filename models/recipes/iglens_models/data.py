"""Readers for the datasets in ../shared/data (paths relative to the repository root)."""
import os

REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHARED_DATA = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data"))


def read_tsv_with_header(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["sentence", "label"]:
            raise ValueError(f"{path}: expected header 'sentence<TAB>label', got {header}")
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            sentence, label = line.rsplit("\t", 1)
            rows.append((sentence.strip(), int(label)))
    return rows


def sst2_train():
    d = os.path.join(SHARED_DATA, "sst2")
    return (read_tsv_with_header(os.path.join(d, "alps_train_part.tsv"))
            + read_tsv_with_header(os.path.join(d, "alps_dev_part_of_glue_train.tsv")))


def sst2_holdout_split(rows, count, seed, min_words=10, min_shared_words=4):
    """Carve `count` held-out sentences out of the SST-2 train phrases, for picking an epoch
    without touching the validation set. The train file holds every phrase of each sentence's
    parse tree, so a held-out item is a whole sentence (a phrase of >= min_words words that is
    no part of a longer phrase), and the train phrases of >= min_shared_words words that are
    parts of a held-out sentence leave the training rows too; shorter ones ("not", "a good
    film") are kept, as they come from many sentences. Returns (train_rows, held_out_rows)."""
    import random
    words = [s.split() for s, _ in rows]
    inside_longer = set()
    for w in words:
        for i in range(len(w)):
            for j in range(i + min_words, len(w) + (i > 0)):
                inside_longer.add(" ".join(w[i:j]))
    sentences = [k for k, w in enumerate(words) if len(w) >= min_words and " ".join(w) not in inside_longer]
    held = set(random.Random(seed).sample(sentences, count))
    parts = set()
    for k in held:
        w = words[k]
        for i in range(len(w)):
            for j in range(i + min_shared_words, len(w) + 1):
                parts.add(" ".join(w[i:j]))
    train = [r for k, r in enumerate(rows) if k not in held and " ".join(words[k]) not in parts]
    return train, [rows[k] for k in sorted(held)]


def sst2_validation():
    return read_tsv_with_header(os.path.join(SHARED_DATA, "sst2", "glue_sst2_validation_872.tsv"))


def goemotions_labels():
    with open(os.path.join(SHARED_DATA, "goemotions", "labels.txt"), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip()]


def goemotions_split(split):
    rows = []
    with open(os.path.join(SHARED_DATA, "goemotions", f"{split}.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                raise ValueError(f"goemotions {split}: bad line {line!r}")
            rows.append((parts[0], [int(x) for x in parts[1].split(",")]))
    return rows


ESNLI_LABELS = ["entailment", "neutral", "contradiction"]


def esnli_split(split):
    d = os.path.join(SHARED_DATA, "esnli")

    def lines(name):
        with open(os.path.join(d, f"{name}.{split}"), encoding="utf-8") as f:
            return [l.rstrip("\n").strip() for l in f]

    s1, s2, labels = lines("s1"), lines("s2"), lines("labels")
    s1, s2, labels = s1[: len(labels)], s2[: len(labels)], [l for l in labels]
    rows = []
    for a, b, l in zip(s1, s2, labels):
        if l == "":
            continue
        rows.append((a, b, ESNLI_LABELS.index(l)))
    return rows


def esnli_explanations(split):
    """The free-text explanations (preproc1_expl_1) of a split: unlabeled text for embeddings."""
    with open(os.path.join(SHARED_DATA, "esnli", f"preproc1_expl_1.{split}"), encoding="utf-8") as f:
        return [l.strip() for l in f]


def conll_split(name):
    """Sentences of (tokens, ner_tags) from eng.train / eng.testa / eng.testb."""
    sentences, tokens, tags = [], [], []
    with open(os.path.join(SHARED_DATA, "conll2003", name), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            parts = line.split(" ")
            tokens.append(parts[0])
            tags.append(parts[-1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def movie_review_sentences():
    """Sentences of the 2,000 Pang & Lee polarity reviews (noRats_*, one review per line,
    already lower-cased and tokenized like SST). Unlabeled in-domain text for MLM warm-up."""
    return [s for s, _ in movie_review_sentences_with_review_label()]


def movie_review_sentences_with_review_label():
    """(sentence, label of the whole review: 0 negative, 1 positive) for every sentence of the
    noRats_* reviews. The review's label is weak evidence for one sentence (most sentences of a
    positive review tell the plot), so it only filters a classifier's own guesses."""
    import re
    out = []
    for label, folder in ((0, "noRats_neg"), (1, "noRats_pos")):
        d = os.path.join(SHARED_DATA, "movie-rationales", folder)
        for fname in sorted(os.listdir(d)):
            with open(os.path.join(d, fname), encoding="utf-8", errors="replace") as f:
                text = " ".join(f.read().split())
            out.extend((s.strip(), label) for s in re.split(r"(?<= [.!?]) ", text) if s.strip())
    return out
