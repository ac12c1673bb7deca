"""Deterministic CPU training loop shared by all recipes."""
import copy
import math
import random
import time

import torch
from torch import nn

from . import modeling


def seed_everything(seed):
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def length_bucketed_batches(lengths, batch_size, rng):
    """Shuffle, then sort inside windows of 50 batches so a batch holds similar lengths
    (less padding, much faster on CPU), then shuffle the batch order. `rng` is a seeded
    random.Random, so the data order is the same on every run."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        batches.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def pad_batch(rows, pad_id, label_kind):
    """rows: (ids, types, label). Right padding, like the Hugging Face tokenizers do."""
    width = max(len(r[0]) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    types = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (row_ids, row_types, _) in enumerate(rows):
        ids[i, :len(row_ids)] = torch.tensor(row_ids)
        types[i, :len(row_types)] = torch.tensor(row_types)
        mask[i, :len(row_ids)] = 1
    if label_kind == "single":
        labels = torch.tensor([r[2] for r in rows], dtype=torch.long)
    elif label_kind == "multi":
        labels = torch.tensor([r[2] for r in rows], dtype=torch.float32)
    else:  # token labels, -100 where no label (special tokens, word continuations, padding)
        labels = torch.full((len(rows), width), -100, dtype=torch.long)
        for i, r in enumerate(rows):
            labels[i, :len(r[2])] = torch.tensor(r[2])
    return ids, mask, types, labels


def call_model(model, ids, mask, types, uses_token_types):
    return model(ids, mask, types) if uses_token_types else model(ids, mask)


def loss_fn(label_kind, logits, labels, label_smoothing=0.0):
    if label_kind == "single":
        return nn.functional.cross_entropy(logits, labels, label_smoothing=label_smoothing)
    if label_kind == "multi":
        return nn.functional.binary_cross_entropy_with_logits(logits, labels)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1),
                                       ignore_index=-100)


def make_optimizer(model, lr, weight_decay, total_steps, warmup_fraction):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if (p.ndim == 1 or "embeddings" in name and "LayerNorm" in name) else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=lr)
    warmup = max(1, int(total_steps * warmup_fraction))

    def schedule(step):
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, schedule)


def predict_logits(model, rows, pad_id, uses_token_types, label_kind, batch_size=128):
    """Logits in the order of `rows` (sorted internally by length for speed)."""
    model.eval()
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    out = [None] * len(rows)
    with torch.no_grad():
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            ids, mask, types, _ = pad_batch([rows[i] for i in idx], pad_id, label_kind)
            logits = call_model(model, ids, mask, types, uses_token_types)
            for j, i in enumerate(idx):
                out[i] = logits[j, :len(rows[i][0])] if label_kind == "token" else logits[j]
    return out


def average_state_dicts(states):
    """The element-wise mean of floating-point weights (integer buffers from the first)."""
    out = {}
    for k, v in states[0].items():
        out[k] = torch.stack([s[k] for s in states]).mean(0) if v.dtype.is_floating_point else v.clone()
    return out


def train(model, train_rows, *, pad_id, uses_token_types, label_kind, epochs, batch_size, lr,
          weight_decay=0.01, warmup_fraction=0.06, label_smoothing=0.0, seed=1234, log=print,
          evaluate=None, select=None, ema_decay=0.0, clip=1.0):
    """`select(model)` -> score, if given, is computed after each epoch and the weights of the
    best-scoring epoch are kept (score it on held-out training data, never on the test set).
    ema_decay > 0: the model ends with the exponential moving average of its weights over the
    optimizer steps (Polyak averaging), which smooths out the last steps' noise."""
    rng = random.Random(seed)
    best = None
    ema = copy.deepcopy(model.state_dict()) if ema_decay else None
    lengths = [len(r[0]) for r in train_rows]
    steps_per_epoch = math.ceil(len(train_rows) / batch_size)
    opt, sched = make_optimizer(model, lr, weight_decay, steps_per_epoch * epochs, warmup_fraction)
    step = 0
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        running = 0.0
        batches = length_bucketed_batches(lengths, batch_size, rng)
        for b, idx in enumerate(batches):
            ids, mask, types, labels = pad_batch([train_rows[i] for i in idx], pad_id, label_kind)
            logits = call_model(model, ids, mask, types, uses_token_types)
            loss = loss_fn(label_kind, logits, labels, label_smoothing)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            sched.step()
            step += 1
            if ema is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point:
                            ema[k].mul_(ema_decay).add_(v, alpha=1.0 - ema_decay)
            running += loss.item()
            if (b + 1) % 200 == 0:
                log(f"epoch {epoch + 1} step {b + 1}/{len(batches)} loss {running / 200:.4f} "
                    f"lr {sched.get_last_lr()[0]:.2e} {time.time() - t0:.0f}s")
                running = 0.0
        msg = f"epoch {epoch + 1} done in {time.time() - t0:.0f}s"
        if select is not None:
            score = select(model)
            msg += f"; held-out score {score:.4f}"
            if best is None or score > best[0]:
                best = (score, epoch + 1, copy.deepcopy(model.state_dict()))
        if evaluate is not None:
            msg += f"; {evaluate(model)}"
        log(msg)
    if ema is not None:
        model.load_state_dict(ema)
        if evaluate is not None:
            log(f"weights averaged over the steps (decay {ema_decay}): {evaluate(model)}")
    if best is not None:
        model.load_state_dict(best[2])
        log(f"kept the weights of epoch {best[1]} (held-out score {best[0]:.4f})")
    model.eval()
    return model


def mlm_warmup(model, texts_rows, *, pad_id, mask_id, special_ids, vocab_size, uses_token_types,
               epochs, batch_size, lr, seed=1234, log=print, mask_prob=0.15):
    """Masked-language-model warm-up of the classifier's encoder on unlabeled token rows
    (BERT's 80/10/10 masking). The MLM head is thrown away afterwards."""
    a_hidden = modeling.word_embeddings(model).weight.shape[1]
    arch = modeling.Architecture("bert", vocab_size, a_hidden, 1, 1, a_hidden, 1)
    head = modeling.MaskedLanguageModelHead(arch, modeling.word_embeddings(model))
    head.dense.weight.data.normal_(0.0, 0.02)
    head.dense.bias.data.zero_()
    params = list(model.parameters()) + [p for n, p in head.named_parameters() if "word_embeddings" not in n]
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    lengths = [len(r[0]) for r in texts_rows]
    steps = math.ceil(len(texts_rows) / batch_size) * epochs
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    warmup = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warmup if s < warmup else max(0.0, (steps - s) / max(1, steps - warmup)))
    special = torch.tensor(sorted(special_ids))
    for epoch in range(epochs):
        model.train()
        head.train()
        t0 = time.time()
        running, count = 0.0, 0
        for b, idx in enumerate(length_bucketed_batches(lengths, batch_size, rng)):
            ids, mask, types, _ = pad_batch([texts_rows[i] for i in idx], pad_id, "single")
            candidates = (mask == 1) & ~torch.isin(ids, special)
            chosen = (torch.rand(ids.shape, generator=gen) < mask_prob) & candidates
            if chosen.sum() == 0:
                continue
            r = torch.rand(ids.shape, generator=gen)
            random_tokens = torch.randint(len(special_ids), vocab_size, ids.shape, generator=gen)
            corrupted = torch.where(chosen & (r < 0.8), torch.full_like(ids, mask_id), ids)
            corrupted = torch.where(chosen & (r >= 0.8) & (r < 0.9), random_tokens, corrupted)
            hidden = modeling.encoder_hidden_states(model, corrupted, mask, types if uses_token_types else None)
            # Vocabulary logits only at the masked positions: the [*, V] projection is the
            # costliest part of MLM on a CPU.
            logits = head(hidden[chosen])
            loss = nn.functional.cross_entropy(logits, ids[chosen])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            running += loss.item()
            count += 1
            if count % 200 == 0:
                log(f"mlm epoch {epoch + 1} step {b + 1} loss {running / 200:.4f} {time.time() - t0:.0f}s")
                running = 0.0
        log(f"mlm epoch {epoch + 1} done in {time.time() - t0:.0f}s")
    model.eval()
    return model
