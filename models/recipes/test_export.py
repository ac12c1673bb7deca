#!/usr/bin/env python3
"""Recipe test, no training needed (a few seconds): random-weight models of every exported
pattern (BERT, DistilBERT, RoBERTa sequence heads; DistilBERT and BERT token heads) are exported
like the shipped ones, checked for the Optimum-like layout (export.check_export), and run with
onnxruntime-node by check_onnx.mjs: ONNX vs torch logits <= 1e-4, padded vs unpadded rows <= 1e-4.

    /usr/bin/python3 models/recipes/test_export.py
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

from iglens_models import export, modeling  # noqa: E402

CASES = [("bert", "sequence"), ("distilbert", "sequence"), ("roberta", "sequence"),
         ("distilbert", "token"), ("bert", "token")]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rows = [([2, 17, 33, 90, 45, 3], [0, 0, 0, 0, 0, 0]), ([2, 8, 3], [0, 0, 0]),
            ([2, 5, 6, 7, 3, 9, 10, 3], [0, 0, 0, 0, 0, 1, 1, 1]), ([2, 3], [0, 0])]
    failures = 0
    for family, head in CASES:
        a = modeling.Architecture(family, vocab_size=100, hidden_size=16, num_hidden_layers=2,
                                  num_attention_heads=2, intermediate_size=32,
                                  max_position_embeddings=34 if family == "roberta" else 32,
                                  type_vocab_size=1 if family == "roberta" else 2)
        cls = modeling.SequenceClassifier if head == "sequence" else modeling.TokenClassifier
        model = cls(a, num_labels=3).eval()
        # Random weights far from init so an unmasked pad position would visibly change logits.
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.randn_like(p) * 0.5)
        uses_types = family == "bert"
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "onnx", "model.onnx")
            info = export.export(model, path, uses_types, head == "token")
            with open(os.path.join(tmp, "config.json"), "w") as f:
                json.dump({"pad_token_id": 0}, f)
            fixture = os.path.join(tmp, "fixture.json")
            dummy = [(ids, types if uses_types else [0] * len(ids), None) for ids, types in rows]
            export.write_parity_fixture(fixture, model, dummy, 0, uses_types, head == "token", None)
            out = subprocess.run(["node", os.path.join(HERE, "check_onnx.mjs"), f"{family}-{head}",
                                  "--folder", tmp, "--fixture", fixture], capture_output=True, text=True)
            ok = out.returncode == 0
            failures += not ok
            print(f"{'PASS' if ok else 'FAIL'} {family} {head}: {info['ops'].get('Where', 0)} Where, "
                  f"{info['ops'].get('CumSum', 0)} CumSum, {info['ops'].get('Tanh', 0)} Tanh; "
                  + (out.stdout.strip() or out.stderr.strip()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
