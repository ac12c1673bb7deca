#!/usr/bin/env python3
"""Rewrite the model cards of the shipped folders from the result.json that train.py stored
(models/.work/<name>-result.json after promote_experiment.py, else models/.work/<name>/result.json),
e.g. after improving the card template. Needs the training scratch files; changes no weights."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from iglens_models import card  # noqa: E402

WORK = os.path.join(HERE, "..", ".work")

for name in sys.argv[1:]:
    for path in (os.path.join(WORK, f"{name}-result.json"), os.path.join(WORK, name, "result.json")):
        if os.path.exists(path):
            with open(path) as f:
                result = json.load(f)
            card.write(name, os.path.join(HERE, "..", name), result)
            print(f"models/{name}/README.md rewritten from {os.path.relpath(path, os.path.join(HERE, '..', '..'))}")
            break
    else:
        raise SystemExit(f"no result.json for {name}")
