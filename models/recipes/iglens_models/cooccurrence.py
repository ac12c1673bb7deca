"""Distributional word-piece vectors (PPMI + truncated SVD of a co-occurrence matrix) to
initialize the word embeddings of a from-scratch model. Costs about a minute on one core and
gives the model word similarity it could not learn from 67k short phrases alone (the same idea
as Kim 2014's pretrained-vector CNNs, without needing any downloaded vectors)."""
import numpy as np
import torch


def ppmi_svd_embeddings(rows, vocab_size, dim, window=4, special_ids=(), seed=1234, target_std=0.05):
    """rows: lists of piece ids (one sentence each). Returns a [vocab_size, dim] float32 tensor.
    Pieces that never occur (and the special ids) keep a small random vector."""
    counts = np.zeros(vocab_size * vocab_size, dtype=np.float64)
    lengths = np.array([len(r) for r in rows])
    flat = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    sentence = np.repeat(np.arange(len(rows)), lengths)
    for d in range(1, window + 1):
        same = sentence[:-d] == sentence[d:]
        a, b = flat[:-d][same], flat[d:][same]
        w = 1.0 / d  # nearer neighbours count more, like word2vec's dynamic window
        counts += w * np.bincount(a * vocab_size + b, minlength=vocab_size * vocab_size)
        counts += w * np.bincount(b * vocab_size + a, minlength=vocab_size * vocab_size)
    m = counts.reshape(vocab_size, vocab_size)
    total = m.sum()
    row = m.sum(axis=1, keepdims=True)
    col = m.sum(axis=0, keepdims=True) ** 0.75  # context-distribution smoothing (Levy et al. 2015)
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * total / (row * col))
    ppmi = np.nan_to_num(np.maximum(pmi, 0.0), nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32)
    gen = torch.Generator().manual_seed(seed)
    u, s, _ = torch.svd_lowrank(torch.from_numpy(ppmi), q=dim + 10, niter=4)
    vectors = (u[:, :dim] * s[:dim].sqrt()).float()
    vectors = vectors / vectors.std() * target_std
    unseen = torch.from_numpy(row[:, 0] == 0)
    unseen[list(special_ids)] = True
    vectors[unseen] = torch.randn(int(unseen.sum()), dim, generator=gen) * 0.02
    return vectors
