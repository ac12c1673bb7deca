#!/usr/bin/env python3
"""Train, export and package one of the IG Lens models.

    /usr/bin/python3 models/recipes/train.py <name>      (name: see RECIPES below)

Trains a tokenizer and a small transformer from ../shared/data on the CPU (2 threads, fixed
seeds, deterministic data order), exports ONNX opset 14 to models/<name>/onnx/model.onnx,
writes config.json, tokenizer files and the model card, then verifies the ONNX file with
onnxruntime-node (models/recipes/check_onnx.mjs, evaluate.mjs). Scratch files and logs go to
models/.work/<name>/."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from iglens_models import card, data, package  # noqa: E402
from iglens_models.recipes import RECIPES  # noqa: E402

REPO = data.REPO_ROOT


def main(argv):
    if len(argv) < 2 or argv[1] not in RECIPES:
        print(f"usage: train.py <{'|'.join(RECIPES)}> [--experiment TAG key=value ...]", file=sys.stderr)
        return 2
    name = argv[1]
    overrides, tag = {}, None
    if len(argv) > 2:
        # Hyper-parameter trials: train and report only, nothing is packaged.
        if argv[2] != "--experiment" or len(argv) < 4:
            print("usage: train.py <name> --experiment TAG key=value ...", file=sys.stderr)
            return 2
        tag = argv[3]
        for kv in argv[4:]:
            k, v = kv.split("=", 1)
            overrides[k] = json.loads(v)
    torch.set_num_threads(1)
    work = os.path.join(REPO, "models", ".work", name + (f"-{tag}" if tag else ""))
    os.makedirs(work, exist_ok=True)
    log_file = open(os.path.join(work, "train.log"), "a", encoding="utf-8")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    # An experiment packages into its work folder; promote_experiment.py copies it into place.
    folder = os.path.join(work, "package") if tag else os.path.join(REPO, "models", name)
    fixture = (os.path.join(work, "fixture.json") if tag
               else os.path.join(REPO, "models", "recipes", "fixtures", f"{name}.json"))
    started = time.time()
    result = RECIPES[name](name=name, work=work, log=log, out_folder=folder, fixture_path=fixture, **overrides)
    result["train_seconds"] = round(time.time() - started)
    result["overrides"] = overrides
    verify_and_document(name, folder, fixture, work, result, log)
    if tag:
        log(f"experiment {tag}: {json.dumps(result['metrics'])} in {result['train_seconds']}s")
    log(f"done in {time.time() - started:.0f}s")
    return 0


def node(script, *args):
    out = subprocess.run(["node", os.path.join(REPO, "models", "recipes", script), *args],
                         cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{script} {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def verify_and_document(name, folder, fixture, work, result, log):
    log(node("check_onnx.mjs", name, "--folder", folder, "--fixture", fixture).strip())
    onnx_metrics = json.loads(node("evaluate.mjs", name, "--json", "--folder", folder))
    log(f"onnx metrics: {onnx_metrics}")
    torch_metrics = result["metrics"]
    key = result["headline_metric"]
    if result.get("overrides", {}).get("smoke_test_rows"):
        log(f"smoke test: torch {torch_metrics[key]} on the truncated split, ONNX {onnx_metrics[key]} on the full one")
    elif abs(onnx_metrics[key] - torch_metrics[key]) > 1e-9:
        raise RuntimeError(f"ONNX {key} {onnx_metrics[key]} differs from torch {torch_metrics[key]}")
    result["onnx_metrics"] = onnx_metrics
    result["size_bytes"] = package.folder_size_bytes(folder)
    result["onnx_bytes"] = os.path.getsize(os.path.join(folder, "onnx", "model.onnx"))
    card.write(name, folder, result)
    with open(os.path.join(work, "result.json"), "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
