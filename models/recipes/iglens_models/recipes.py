"""The model recipes. Each returns a result dict used for the model card."""
import copy
import math
import os
import shutil
import time

import torch

from . import cooccurrence, data, export, modeling, package, spm, training, wordpiece

SEED = 1234
SST2_LABELS = ["NEGATIVE", "POSITIVE"]
REVIEWS = ("the 2,000 Pang & Lee movie reviews (../shared/data/movie-rationales/noRats_*, 71k sentences; "
           "research data without a licence file)")


def _accuracy(logits, rows):
    correct = sum(int(l.argmax().item() == r[2]) for l, r in zip(logits, rows))
    return correct / len(rows)


def spm_sst2_classifier(*, name, work, log, arch_kwargs, family, vocab_size, max_len, epochs,
                        batch_size, lr, mlm_epochs=0, mlm_lr=5e-4, mlm_mask_prob=0.15, label_smoothing=0.0, threads=1, mlm_reviews=False,
                        mlm_only_reviews=False, svd_init=False, holdout_sentences=0, ema_decay=0.0, smoke_test_rows=0,
                        mlm_state=None, soup_size=1, review_label_epochs=0, out_folder,
                        fixture_path):
    torch.set_num_threads(threads)
    training.seed_everything(SEED)
    train_raw, valid_raw = data.sst2_train(), data.sst2_validation()
    log(f"sst2: {len(train_raw)} train phrases, {len(valid_raw)} validation sentences")
    t0 = time.time()
    spm_path = spm.train([s for s, _ in train_raw], os.path.join(work, "spm"), vocab_size, seed=SEED)
    log(f"spm_train {vocab_size} pieces in {time.time() - t0:.0f}s")
    uses_types = family == "bert"

    def rows_of(raw):
        enc = spm.encode_for_model(spm_path, [s for s, _ in raw], max_len)
        return [(ids, types, label) for (ids, types), (_, label) in zip(enc, raw)]

    held_out_rows = []
    if holdout_sentences:  # after spm_train, so the tokenizer is the same with or without it
        train_raw, held_out_raw = data.sst2_holdout_split(train_raw, holdout_sentences, SEED)
        held_out_rows = rows_of(held_out_raw)
        log(f"held out {len(held_out_raw)} train sentences for picking the epoch; {len(train_raw)} phrases left")
    if smoke_test_rows:  # quick end-to-end check of the recipe code, not a real model
        train_raw = train_raw[:smoke_test_rows]
    train_rows, valid_rows = rows_of(train_raw), rows_of(valid_raw)
    a = modeling.Architecture(family, vocab_size=vocab_size, max_position_embeddings=max_len,
                              pad_token_id=spm.SPECIAL_IDS["[PAD]"], **arch_kwargs)
    model = modeling.SequenceClassifier(a, num_labels=2)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"{family} model, {n_params} parameters")

    if svd_init:
        t0 = time.time()
        sentences = spm.encode(spm_path, data.movie_review_sentences()) + [ids[1:-1] for ids, _, _ in train_rows]
        vectors = cooccurrence.ppmi_svd_embeddings(sentences, vocab_size, a.hidden_size,
                                                   special_ids=list(spm.SPECIAL_IDS.values()), seed=SEED)
        with torch.no_grad():
            modeling.word_embeddings(model).weight.copy_(vectors)
        log(f"word embeddings initialized from PPMI-SVD co-occurrence vectors in {time.time() - t0:.0f}s")

    if mlm_state:  # experiments: reuse the encoder of an earlier run's MLM warm-up
        model.load_state_dict(torch.load(mlm_state))
        log(f"encoder loaded from {mlm_state} (MLM warm-up skipped)")
    elif mlm_epochs:
        unlabeled = [] if mlm_only_reviews else [(ids, types, 0) for ids, types, _ in train_rows]
        if mlm_reviews or mlm_only_reviews:
            reviews = data.movie_review_sentences()
            reviews = reviews[:smoke_test_rows] if smoke_test_rows else reviews
            unlabeled = pack_sentences(spm.encode(spm_path, reviews), 126) + unlabeled
        log(f"MLM warm-up on {len(unlabeled)} sequences")
        training.mlm_warmup(model, unlabeled, pad_id=0, mask_id=spm.SPECIAL_IDS["[MASK]"],
                            special_ids=list(spm.SPECIAL_IDS.values()), vocab_size=vocab_size,
                            uses_token_types=uses_types, epochs=mlm_epochs, batch_size=batch_size,
                            lr=mlm_lr, mask_prob=mlm_mask_prob, seed=SEED, log=log)
        torch.save(model.state_dict(), os.path.join(work, "mlm_state.pt"))
    pretrained_state = copy.deepcopy(model.state_dict())
    if mlm_state or mlm_epochs:
        # Reseed so a run that loads mlm_state continues exactly as the full recipe does. Only
        # then: without a warm-up the random stream goes on from the model's initialisation, as
        # it did when tiny was trained, so `train.py tiny` still rebuilds its shipped weights.
        training.seed_everything(SEED)

    def evaluate(m):
        acc = _accuracy(training.predict_logits(m, valid_rows, 0, uses_types, "single"), valid_rows)
        return f"validation accuracy {acc:.4f}"

    def held_out_accuracy(m):
        return _accuracy(training.predict_logits(m, held_out_rows, 0, uses_types, "single"), held_out_rows)

    def fine_tune(rows, n_epochs, seed=SEED, ema=ema_decay):
        t0 = time.time()
        training.train(model, rows, pad_id=0, uses_token_types=uses_types, label_kind="single",
                       epochs=n_epochs, batch_size=batch_size, lr=lr, seed=seed, log=log, evaluate=evaluate,
                       select=held_out_accuracy if held_out_rows else None, ema_decay=ema,
                       label_smoothing=label_smoothing)
        log(f"fine-tuning on {len(rows)} rows took {time.time() - t0:.0f}s")

    if review_label_epochs:
        # Intermediate task: every review sentence labelled with its whole review's polarity.
        # The label is noisy for one sentence (plot summaries sit in positive and negative
        # reviews alike), but it carries sentiment for words SST-2's phrases rarely show.
        reviews = data.movie_review_sentences_with_review_label()
        reviews = reviews[:smoke_test_rows] if smoke_test_rows else reviews
        log(f"review-label pre-training on {len(reviews)} review sentences")
        # No weight averaging here: it would pull the result back towards the MLM weights.
        fine_tune(rows_of(reviews), review_label_epochs, ema=0.0)
        pretrained_state = copy.deepcopy(model.state_dict())
    if soup_size > 1:
        # A uniform "model soup": soup_size fine-tunings of the same warmed-up encoder that differ
        # only in seed (data order, dropout), their weights averaged into one model of the same
        # size. Each member's and the logit ensemble's accuracy are logged, never used to choose.
        members, member_logits = [], []
        for k in range(soup_size):
            training.seed_everything(SEED + k)
            model.load_state_dict(pretrained_state)
            fine_tune(train_rows, epochs, SEED + k)
            members.append(copy.deepcopy(model.state_dict()))
            member_logits.append(torch.stack(training.predict_logits(model, valid_rows, 0, uses_types, "single")))
            log(f"soup member {k + 1}/{soup_size} (seed {SEED + k}): {evaluate(model)}")
        ensemble = torch.stack([l.softmax(-1) for l in member_logits]).mean(0)
        log(f"logit ensemble of the {soup_size} members (not shipped): validation accuracy "
            f"{_accuracy(ensemble, valid_rows):.4f}")
        model.load_state_dict(training.average_state_dicts(members))
        log(f"soup: {evaluate(model)}")
    else:
        fine_tune(train_rows, epochs)
    logits = training.predict_logits(model, valid_rows, 0, uses_types, "single")
    acc = _accuracy(logits, valid_rows)
    log(f"torch validation accuracy {acc:.4f}")
    result = {"task": "sst2", "family": family,
              "tokenizer": f"sentencepiece unigram, {vocab_size} pieces (spm_train on the SST-2 train split)",
              "architecture": a.__dict__, "parameters": n_params, "headline_metric": "accuracy",
              "metrics": {"accuracy": acc},
              "training": {"epochs": epochs, "batch_size": batch_size, "lr": lr, "mlm_epochs": mlm_epochs,
                           "mlm_lr": mlm_lr, "mlm_mask_prob": mlm_mask_prob, "mlm_data": (REVIEWS if mlm_only_reviews else REVIEWS + " and the SST-2 train phrases" if mlm_reviews else "the SST-2 train phrases"),
                           "label_smoothing": label_smoothing, "seed": SEED, "threads": threads,
                           "holdout_sentences": holdout_sentences, "ema_decay": ema_decay,
                           "soup_size": soup_size, "review_label_epochs": review_label_epochs,
                           "svd_init": svd_init, "svd_data": REVIEWS + " and the SST-2 train phrases"}}

    folder = out_folder
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    ops = export.export(model, os.path.join(folder, "onnx", "model.onnx"), uses_types, False)
    package.write_config(folder, name, a, SST2_LABELS, "single_label_classification", "sequence",
                         extra={"finetuning_task": "sst-2"})
    package.write_albert_style_tokenizer(folder, spm_path, max_len)
    sample = [valid_raw[i] for i in (0, 1, 5, 17, 100)] + [("a", 1), ("Ça, c'est « très » bien… 😀 naïve café", 1)]
    sample_rows = rows_of(sample)
    export.write_parity_fixture(fixture_path, model, sample_rows, 0, uses_types, False, [s for s, _ in sample])
    result["export"] = ops
    return result


def _merge(defaults, overrides):
    """Recipe defaults, with --experiment overrides (arch.* keys go into the architecture)."""
    out = dict(defaults)
    out["arch_kwargs"] = dict(defaults["arch_kwargs"])
    for k, v in overrides.items():
        if k.startswith("arch."):
            out["arch_kwargs"][k[5:]] = v
        else:
            out[k] = v
    return out


def pack_sentences(encoded, max_pieces):
    """Consecutive sentences joined into [CLS] ... [SEP] rows of at most max_pieces + 2 ids."""
    rows, current = [], []
    for ids in encoded:
        ids = ids[:max_pieces]
        if current and len(current) + len(ids) > max_pieces:
            rows.append(current)
            current = []
        current = current + ids
    if current:
        rows.append(current)
    cls, sep = spm.SPECIAL_IDS["[CLS]"], spm.SPECIAL_IDS["[SEP]"]
    return [([cls] + r + [sep], [0] * (len(r) + 2), 0) for r in rows]


def tiny(**kw):
    # Trained with 2 threads before the recipes switched to 1 (1 is far faster while other
    # jobs share the 2 cores); kept at 2 so the command reproduces the shipped weights.
    return spm_sst2_classifier(**_merge(dict(
        threads=2, family="distilbert", vocab_size=1000, max_len=128, epochs=3, batch_size=64, lr=2e-3,
        arch_kwargs=dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, hidden_dropout_prob=0.1,
                         attention_probs_dropout_prob=0.1, classifier_dropout=0.1)), kw))


def sst2(**kw):
    return spm_sst2_classifier(**_merge(dict(
        family="bert", vocab_size=8000, max_len=512, epochs=2, batch_size=64, lr=5e-4,
        mlm_epochs=1, mlm_reviews=True, mlm_lr=0.001, svd_init=True, label_smoothing=0.1, ema_decay=0.999,
        review_label_epochs=2, soup_size=4,
        arch_kwargs=dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4,
                         intermediate_size=512, hidden_dropout_prob=0.2,
                         attention_probs_dropout_prob=0.1, classifier_dropout=0.1)), kw))


def best_threshold(probs, gold, grid=None):
    """The single probability threshold that maximizes micro-F1 (chosen on dev)."""
    grid = grid or [round(0.02 * k, 2) for k in range(1, 50)]
    return max(grid, key=lambda t: (multilabel_f1(probs, gold, t)["micro_f1"], -abs(t - 0.5)))


def multilabel_f1(probs, gold, threshold):
    """probs: [N][C] floats, gold: [N][C] 0/1. Micro and macro F1 at one threshold."""
    n_labels = len(gold[0])
    tp, fp, fn = [0] * n_labels, [0] * n_labels, [0] * n_labels
    for p_row, g_row in zip(probs, gold):
        for c in range(n_labels):
            pred = p_row[c] >= threshold
            if pred and g_row[c]:
                tp[c] += 1
            elif pred:
                fp[c] += 1
            elif g_row[c]:
                fn[c] += 1

    def f1(t, f_p, f_n):
        return 0.0 if t == 0 else 2 * t / (2 * t + f_p + f_n)

    return {"micro_f1": f1(sum(tp), sum(fp), sum(fn)),
            "macro_f1": sum(f1(tp[c], fp[c], fn[c]) for c in range(n_labels)) / n_labels}


def goemotions(*, name, work, log, out_folder, fixture_path, **overrides):
    cfg = _merge(dict(
        family="roberta", min_count=10, max_len=512, epochs=8, batch_size=64, lr=5e-4, threads=1, smoke_test_rows=0, svd_init=True,
        arch_kwargs=dict(hidden_size=128, num_hidden_layers=3, num_attention_heads=4, intermediate_size=512,
                         hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, classifier_dropout=0.1)),
        overrides)
    torch.set_num_threads(cfg["threads"])
    training.seed_everything(SEED)
    labels = data.goemotions_labels()
    splits = {s: data.goemotions_split(s) for s in ("train", "dev", "test")}
    log(f"goemotions: {', '.join(f'{k} {len(v)}' for k, v in splits.items())}; {len(labels)} labels")
    counts = wordpiece.count_used_tokens([t for t, _ in splits["train"]], work)
    vocab = wordpiece.reduced_vocab(counts, cfg["min_count"])
    tok_dir = os.path.join(work, "tokenizer")
    wordpiece.write_folder(tok_dir, vocab, cfg["max_len"])
    log(f"WordPiece vocabulary: {len(vocab)} tokens (bert-base-uncased tokens used >= {cfg['min_count']} times "
        f"in train, plus all single characters and ## + character)")

    def rows_of(raw):
        enc = wordpiece.tokenize(tok_dir, [t for t, _ in raw], cfg["max_len"])
        return [(ids, [0] * len(ids), [1.0 if c in ls else 0.0 for c in range(len(labels))])
                for (ids, _), (_, ls) in zip(enc, raw)]

    if cfg["smoke_test_rows"]:  # quick end-to-end check of the recipe code, not a real model
        splits = {k: v[:cfg["smoke_test_rows"]] for k, v in splits.items()}
    rows = {s: rows_of(v) for s, v in splits.items()}
    # RoBERTa positions start at padding_idx + 1, hence two extra rows like roberta-base's 514.
    a = modeling.Architecture("roberta", vocab_size=len(vocab), max_position_embeddings=cfg["max_len"] + 2,
                              pad_token_id=0, type_vocab_size=1, layer_norm_eps=1e-5, **cfg["arch_kwargs"])
    model = modeling.SequenceClassifier(a, num_labels=len(labels))
    n_params = sum(p.numel() for p in model.parameters())
    log(f"roberta model, {n_params} parameters")
    if cfg["svd_init"]:
        _svd_init(model, [ids[1:-1] for ids, _, _ in rows["train"]], len(vocab), log, "the train comments")

    def scores(m, split):
        logits = training.predict_logits(m, rows[split], 0, False, "multi")
        # float64 sigmoid like evaluate.mjs, so thresholds cut the same way.
        probs = [[1.0 / (1.0 + math.exp(-v)) for v in l.tolist()] for l in logits]
        return probs, [r[2] for r in rows[split]]

    def evaluate(m):
        dev_p, dev_g = scores(m, "dev")
        t = best_threshold(dev_p, dev_g)
        return f"dev threshold {t}: {multilabel_f1(dev_p, dev_g, t)}"

    t0 = time.time()
    training.train(model, rows["train"], pad_id=0, uses_token_types=False, label_kind="multi",
                   epochs=cfg["epochs"], batch_size=cfg["batch_size"], lr=cfg["lr"], seed=SEED, log=log,
                   evaluate=evaluate)
    log(f"fine-tuning took {time.time() - t0:.0f}s")
    dev_p, dev_g = scores(model, "dev")
    threshold = best_threshold(dev_p, dev_g)
    test_p, test_g = scores(model, "test")
    metrics = multilabel_f1(test_p, test_g, threshold)
    metrics["threshold"] = threshold
    log(f"torch test metrics at dev threshold {threshold}: {metrics}")
    result = {"task": "goemotions", "family": "roberta",
              "tokenizer": f"WordPiece tokenizer.json, {len(vocab)} tokens cut from bert-base-uncased "
                           f"(tokens used >= {cfg['min_count']} times in GoEmotions train + all single characters)",
              "architecture": a.__dict__, "parameters": n_params, "headline_metric": "micro_f1",
              "metrics": metrics,
              "training": {"epochs": cfg["epochs"], "batch_size": cfg["batch_size"], "lr": cfg["lr"],
                           "seed": SEED, "threads": cfg["threads"], "svd_init": cfg["svd_init"],
                           "svd_data": "the GoEmotions train comments"}}
    folder = out_folder
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    result["export"] = export.export(model, os.path.join(folder, "onnx", "model.onnx"), False, False)
    package.write_config(folder, name, a, labels, "multi_label_classification", "sequence",
                         extra={"bos_token_id": 2, "eos_token_id": 3})
    wordpiece.write_folder(folder, vocab, cfg["max_len"])
    sample = [splits["test"][i] for i in (0, 1, 2, 3, 4)] + [("Ça, c'est « très » bien… 😀 naïve café", [0])]
    export.write_parity_fixture(fixture_path, model, rows_of(sample), 0, False, False, [t for t, _ in sample])
    return result


def _wordpiece_tokenizer(texts, work, min_count, max_len, log, what):
    counts = wordpiece.count_used_tokens(texts, work)
    vocab = wordpiece.reduced_vocab(counts, min_count)
    tok_dir = os.path.join(work, "tokenizer")
    wordpiece.write_folder(tok_dir, vocab, max_len)
    log(f"WordPiece vocabulary: {len(vocab)} tokens (bert-base-uncased tokens used >= {min_count} times "
        f"in {what}, plus all single characters and ## + character)")
    return vocab, tok_dir


def _svd_init(model, sentences, vocab_size, log, what):
    """Word embeddings from PPMI-SVD co-occurrence vectors of the training texts."""
    t0 = time.time()
    emb = modeling.word_embeddings(model)
    vectors = cooccurrence.ppmi_svd_embeddings(sentences, vocab_size, emb.weight.shape[1],
                                               special_ids=[0, 1, 2, 3, 4], seed=SEED)
    with torch.no_grad():
        emb.weight.copy_(vectors)
    log(f"word embeddings initialized from PPMI-SVD co-occurrence vectors of {what} in {time.time() - t0:.0f}s")


def _wordpiece_description(vocab, min_count, what):
    return (f"WordPiece tokenizer.json (BertTokenizer, uncased), {len(vocab)} tokens cut from bert-base-uncased: "
            f"tokens used >= {min_count} times in {what} + every single character and ##character")


def esnli_nli(*, name, work, log, out_folder, fixture_path, **overrides):
    cfg = _merge(dict(
        min_count=3, max_len=512, epochs=12, batch_size=32, lr=5e-4, threads=1, smoke_test_rows=0, svd_init=True,
        arch_kwargs=dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=512,
                         hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, classifier_dropout=0.1)),
        overrides)
    torch.set_num_threads(cfg["threads"])
    training.seed_everything(SEED)
    train_raw, test_raw = data.esnli_split("dev"), data.esnli_split("test")
    log(f"esnli: train on dev {len(train_raw)} pairs, test {len(test_raw)} pairs")
    vocab, tok_dir = _wordpiece_tokenizer([t for a, b, _ in train_raw for t in (a, b)], work,
                                          cfg["min_count"], cfg["max_len"], log, "the e-SNLI dev pairs")

    def rows_of(raw):
        enc = wordpiece.tokenize(tok_dir, [a for a, _, _ in raw], cfg["max_len"], texts_b=[b for _, b, _ in raw])
        return [(ids, types, label) for (ids, types), (_, _, label) in zip(enc, raw)]

    if cfg["smoke_test_rows"]:
        train_raw, test_raw = train_raw[:cfg["smoke_test_rows"]], test_raw[:cfg["smoke_test_rows"]]
    train_rows, test_rows = rows_of(train_raw), rows_of(test_raw)
    a = modeling.Architecture("bert", vocab_size=len(vocab), max_position_embeddings=cfg["max_len"],
                              pad_token_id=0, **cfg["arch_kwargs"])
    model = modeling.SequenceClassifier(a, num_labels=3)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"bert model, {n_params} parameters")
    if cfg["svd_init"]:
        expl = [e for e in data.esnli_explanations("dev") if e]
        enc = wordpiece.tokenize(tok_dir, expl, cfg["max_len"])
        sentences = [ids[1:-1] for ids, _ in enc]
        for ids, types, _ in train_rows:  # premise and hypothesis as separate sentences
            sep = ids.index(3)
            sentences += [ids[1:sep], ids[sep + 1:-1]]
        _svd_init(model, sentences, len(vocab), log, "the e-SNLI dev premises, hypotheses and explanations")

    def evaluate(m):
        return f"test accuracy {_accuracy(training.predict_logits(m, test_rows, 0, True, 'single'), test_rows):.4f}"

    t0 = time.time()
    training.train(model, train_rows, pad_id=0, uses_token_types=True, label_kind="single", epochs=cfg["epochs"],
                   batch_size=cfg["batch_size"], lr=cfg["lr"], seed=SEED, log=log, evaluate=evaluate)
    log(f"fine-tuning took {time.time() - t0:.0f}s")
    acc = _accuracy(training.predict_logits(model, test_rows, 0, True, "single"), test_rows)
    log(f"torch test accuracy {acc:.4f}")
    result = {"task": "esnli", "family": "bert",
              "tokenizer": _wordpiece_description(vocab, cfg["min_count"], "the e-SNLI dev premises and hypotheses"),
              "architecture": a.__dict__, "parameters": n_params, "headline_metric": "accuracy",
              "metrics": {"accuracy": acc},
              "training": {"epochs": cfg["epochs"], "batch_size": cfg["batch_size"], "lr": cfg["lr"],
                           "seed": SEED, "threads": cfg["threads"], "svd_init": cfg["svd_init"],
                           "svd_data": "the e-SNLI dev premises, hypotheses and explanations"},
              "notes": ["Per-epoch test accuracy is logged for information only; the shipped weights are simply "
                        "those after the last epoch (no selection on the test split).",
                        "Majority-class baseline: 34.3 % (entailment, 3,368 of 9,824 test pairs); 9.8k training pairs "
                        "are far too few for a from-scratch model to learn much beyond lexical-overlap cues."]}
    folder = out_folder
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    result["export"] = export.export(model, os.path.join(folder, "onnx", "model.onnx"), True, False)
    package.write_config(folder, name, a, data.ESNLI_LABELS, "single_label_classification", "sequence")
    wordpiece.write_folder(folder, vocab, cfg["max_len"])
    sample = [test_raw[i] for i in (0, 1, 2, 3)] + [("Ça, c'est « très » bien… 😀", "naïve café", 0)]
    export.write_parity_fixture(fixture_path, model, rows_of(sample), 0, True, False,
                                [x for x, _, _ in sample], texts_b=[y for _, y, _ in sample])
    return result


CONLL_LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]


def iob1_to_bio(tags):
    """CoNLL-2003 files use IOB1 (I- starts an entity unless it follows one of the same type)."""
    out = []
    for i, t in enumerate(tags):
        if t.startswith("I-") and (i == 0 or tags[i - 1][2:] != t[2:] or tags[i - 1] == "O"):
            out.append("B-" + t[2:])
        else:
            out.append(t)
    return out


def entity_spans(tags):
    """(start, end, type) spans of a BIO sequence, conlleval-style: an I- that does not continue
    an entity of its type starts a new one."""
    spans, start, kind = [], None, None
    for i, t in enumerate(list(tags) + ["O"]):
        continues = t.startswith("I-") and kind == t[2:]
        if start is not None and not continues:
            spans.append((start, i, kind))
            start, kind = None, None
        if t.startswith("B-") or (t.startswith("I-") and not continues):
            start, kind = i, t[2:]
    return set(spans)


def entity_f1(gold_seqs, pred_seqs):
    tp = fp = fn = 0
    for g, p in zip(gold_seqs, pred_seqs):
        gs, ps = entity_spans(g), entity_spans(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"entity_f1": f1, "precision": precision, "recall": recall}


def conll_ner(*, name, work, log, out_folder, fixture_path, **overrides):
    cfg = _merge(dict(
        family="distilbert", min_count=5, max_len=512, epochs=4, batch_size=32, lr=1e-3, threads=1, smoke_test_rows=0,
        svd_init=True,
        arch_kwargs=dict(hidden_size=128, num_hidden_layers=3, num_attention_heads=4, intermediate_size=512,
                         hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, classifier_dropout=0.1)),
        overrides)
    torch.set_num_threads(cfg["threads"])
    training.seed_everything(SEED)
    splits = {s: data.conll_split(f) for s, f in (("train", "eng.train"), ("testa", "eng.testa"), ("testb", "eng.testb"))}
    log(f"conll: {', '.join(f'{k} {len(v)} sentences' for k, v in splits.items())}")
    vocab, tok_dir = _wordpiece_tokenizer([" ".join(w) for w, _ in splits["train"]], work, cfg["min_count"],
                                          cfg["max_len"], log, "CoNLL-2003 eng.train")

    def rows_of(sentences):
        """First word piece carries the word's BIO label; other pieces, [CLS], [SEP]: -100."""
        per_word = wordpiece.tokenize(tok_dir, None, cfg["max_len"], words=[w for w, _ in sentences])
        rows, firsts = [], []
        for (words, tags), pieces in zip(sentences, per_word):
            ids, labels, first = [2], [-100], []
            for word_pieces, tag in zip(pieces, iob1_to_bio(tags)):
                if len(ids) + len(word_pieces) > cfg["max_len"] - 1 or not word_pieces:
                    first.append(None)  # truncated (or nothing left after normalization): predicted O
                    continue
                first.append(len(ids))
                ids.extend(word_pieces)
                labels.extend([CONLL_LABELS.index(tag)] + [-100] * (len(word_pieces) - 1))
            ids.append(3)
            labels.append(-100)
            rows.append((ids, [0] * len(ids), labels))
            firsts.append(first)
        return rows, firsts

    if cfg["smoke_test_rows"]:
        splits = {k: v[:cfg["smoke_test_rows"]] for k, v in splits.items()}
    data_rows = {k: rows_of(v) for k, v in splits.items()}
    a = modeling.Architecture(cfg["family"], vocab_size=len(vocab), max_position_embeddings=cfg["max_len"],
                              pad_token_id=0, **cfg["arch_kwargs"])
    model = modeling.TokenClassifier(a, num_labels=len(CONLL_LABELS))
    uses_types = cfg["family"] == "bert"
    n_params = sum(p.numel() for p in model.parameters())
    log(f"{cfg['family']} token classifier, {n_params} parameters")
    if cfg["svd_init"]:
        _svd_init(model, [ids[1:-1] for ids, _, _ in data_rows["train"][0]], len(vocab), log, "eng.train")

    def score(m, split):
        rows, firsts = data_rows[split]
        logits = training.predict_logits(m, rows, 0, uses_types, "token")
        preds = [[CONLL_LABELS[int(l[f].argmax())] if f is not None else "O" for f in first]
                 for l, first in zip(logits, firsts)]
        return entity_f1([iob1_to_bio(t) for _, t in splits[split]], preds)

    t0 = time.time()
    training.train(model, data_rows["train"][0], pad_id=0, uses_token_types=uses_types, label_kind="token",
                   epochs=cfg["epochs"], batch_size=cfg["batch_size"], lr=cfg["lr"], seed=SEED, log=log,
                   evaluate=lambda m: f"eng.testa {score(m, 'testa')}")
    log(f"fine-tuning took {time.time() - t0:.0f}s")
    metrics = score(model, "testb")
    log(f"torch eng.testb {metrics}")
    result = {"task": "conll", "family": cfg["family"],
              "tokenizer": _wordpiece_description(vocab, cfg["min_count"], "CoNLL-2003 eng.train"),
              "architecture": a.__dict__, "parameters": n_params, "headline_metric": "entity_f1",
              "metrics": metrics,
              "training": {"epochs": cfg["epochs"], "batch_size": cfg["batch_size"], "lr": cfg["lr"],
                           "seed": SEED, "threads": cfg["threads"], "svd_init": cfg["svd_init"],
                           "svd_data": "the eng.train sentences"},
              "notes": ["Labels: BIO (the IOB1 tags of the CoNLL files converted to BIO); the first word piece of "
                        "each word carries its label, the other pieces and [CLS]/[SEP] are ignored in the loss and "
                        "in the evaluation (word-level predictions from the first piece).",
                        "Uncased tokenizer: capitalization, the strongest NER cue, is lost; a cased pretrained "
                        "model scores ~0.91 F1."]}
    folder = out_folder
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    result["export"] = export.export(model, os.path.join(folder, "onnx", "model.onnx"), uses_types, True)
    package.write_config(folder, name, a, CONLL_LABELS, "single_label_classification", "token")
    wordpiece.write_folder(folder, vocab, cfg["max_len"])
    sample = [splits["testb"][i] for i in (0, 1, 2, 5)] + [(["Ça", "c'est", "très", "bien…", "😀", "Zürich"], ["O"] * 6)]
    sample_rows, _ = rows_of(sample)
    export.write_parity_fixture(fixture_path, model, sample_rows, 0, uses_types, True,
                                [" ".join(w) for w, _ in sample], words=[w for w, _ in sample])
    return result


RECIPES = {"tiny": tiny, "sst2": sst2, "goemotions": goemotions, "esnli-nli": esnli_nli, "conll-ner": conll_ner}
