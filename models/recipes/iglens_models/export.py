"""ONNX export the way Optimum exports transformers classifiers for transformers.js:
opset 14, int64 inputs with dynamic batch/sequence axes, output `logits`, constant folding,
weights inside the file."""
import json
import os

import torch

from . import onnx_inspect

OPSET = 14


def input_names(uses_token_types):
    return ["input_ids", "attention_mask"] + (["token_type_ids"] if uses_token_types else [])


def export(model, path, uses_token_types, token_level_output):
    model.eval()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ids = torch.tensor([[2, 10, 11, 12, 3], [2, 13, 3, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    args = (ids, mask, types) if uses_token_types else (ids, mask)
    names = input_names(uses_token_types)
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in names}
    axes["logits"] = {0: "batch_size", 1: "sequence_length"} if token_level_output else {0: "batch_size"}
    with torch.no_grad():
        torch.onnx.export(model, args, path, opset_version=OPSET, input_names=names,
                          output_names=["logits"], dynamic_axes=axes, do_constant_folding=True,
                          export_params=True)
    return check_export(path, model, uses_token_types)


def check_export(path, model, uses_token_types):
    """Fail loudly if the file deviates from what the product's loader expects."""
    info = onnx_inspect.inspect(path)
    problems = []
    if info["opsets"].get("", None) != OPSET:
        problems.append(f"default opset is {info['opsets']}, expected {OPSET}")
    if info["external_data"]:
        problems.append("weights stored as external data")
    want = input_names(uses_token_types)
    got = [v["name"] for v in info["inputs"]]
    if got != want:
        problems.append(f"inputs {got}, expected {want}")
    for v in info["inputs"]:
        if v["type"] != "int64" or v["dims"] != ["batch_size", "sequence_length"]:
            problems.append(f"input {v}")
    if [v["name"] for v in info["outputs"]] != ["logits"]:
        problems.append(f"outputs {info['outputs']}")
    emb_name = f"{model.family}.embeddings.word_embeddings.weight"
    emb_shape = list(model.encoder().embeddings.word_embeddings.weight.shape)
    if info["initializers"].get(emb_name) != emb_shape:
        problems.append(f"no initializer {emb_name} {emb_shape}")
    gathers = [n for n in info["nodes"] if n["op_type"] == "Gather" and n["inputs"][:2] == [emb_name, "input_ids"]]
    if len(gathers) != 1:
        problems.append(f"word embeddings are not one plain Gather({emb_name}, input_ids)")
    banned = {"Attention", "MultiHeadAttention", "FusedMatMul", "LayerNormalization"} & {n["op_type"] for n in info["nodes"]}
    if banned:
        problems.append(f"unexpected fused ops {banned}")
    if problems:
        raise RuntimeError(f"{path}: " + "; ".join(problems))
    ops = {}
    for n in info["nodes"]:
        ops[n["op_type"]] = ops.get(n["op_type"], 0) + 1
    return {"ops": dict(sorted(ops.items())), "initializers": len(info["initializers"]),
            "ir_version": info["ir_version"]}


def write_parity_fixture(path, model, rows, pad_id, uses_token_types, token_level_output, texts,
                         texts_b=None, words=None):
    """Torch logits of a right-padded batch, for models/recipes/check_onnx.mjs: the ONNX
    logits must match them (<= 1e-4) and each row run alone must match its padded row."""
    from .training import pad_batch, call_model
    model.eval()
    kind = "token" if token_level_output else "single"
    dummy = [(r[0], r[1], [0] * len(r[0]) if token_level_output else 0) for r in rows]
    ids, mask, types, _ = pad_batch(dummy, pad_id, kind)
    with torch.no_grad():
        logits = call_model(model, ids, mask, types, uses_token_types)
    fixture = {"texts": texts, "texts_b": texts_b, "words": words, "input_ids": ids.tolist(), "attention_mask": mask.tolist(),
               "token_type_ids": types.tolist() if uses_token_types else None,
               "logits": logits.tolist(), "token_level_output": token_level_output}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fixture, f)
