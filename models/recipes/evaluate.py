#!/usr/bin/env python3
"""Reproduce the quality figure of a model card from the exported ONNX model.

    /usr/bin/python3 models/recipes/evaluate.py <name>

There is no onnxruntime for Python here, so this runs models/recipes/evaluate.mjs
(onnxruntime-node + the folder's own tokenizer) and compares its headline metric with the
value in the card's model-index front matter. Exit status 1 if they differ."""
import json
import os
import re
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def card_metric(name):
    with open(os.path.join(REPO, "models", name, "README.md"), encoding="utf-8") as f:
        m = re.search(r"metrics:\n    - \{type: (\w+), value: ([0-9.]+)\}", f.read())
    if not m:
        raise SystemExit(f"models/{name}/README.md has no model-index metric; retrain with train.py {name}")
    return m.group(1), float(m.group(2))


def main(argv):
    if len(argv) != 2:
        print("usage: evaluate.py <model name>", file=sys.stderr)
        return 2
    name = argv[1]
    out = subprocess.run(["node", os.path.join(REPO, "models", "recipes", "evaluate.mjs"), name, "--json"],
                         cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout + out.stderr, file=sys.stderr)
        return out.returncode
    metrics = json.loads(out.stdout)
    key, expected = card_metric(name)
    got = metrics[key]
    print(json.dumps(metrics, indent=1))
    ok = abs(got - expected) < 5e-5  # the card rounds to 4 decimals
    print(f"{name}: ONNX {key} {got:.4f}, card says {expected:.4f}: {'MATCH' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
