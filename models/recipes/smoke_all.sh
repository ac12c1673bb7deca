#!/usr/bin/env bash
# Runs every recipe end to end on 300 rows of its data (tokenizer, training, ONNX export, the
# ONNX checks, the card), into models/.work/<name>-smoke/: a check that the recipes still run,
# not a model (nothing in models/<name> changes). 3.5 minutes on an idle 2-core machine, about
# 10 under load; needs `scripts/setup.sh --train`. CI does not run it (PyTorch is a large install
# and the suite is long enough); run it after touching models/recipes/.
set -euo pipefail
cd "$(dirname "$0")/../.."
failed=()
# The recipe names come from train.py's own table, so a new recipe is smoke-tested on arrival.
names=$(/usr/bin/python3 -c 'import sys; sys.path.insert(0, "models/recipes")
from iglens_models.recipes import RECIPES; print(*RECIPES)')
for name in $names; do
  echo "== $name"
  if ! /usr/bin/python3 models/recipes/train.py "$name" --experiment smoke smoke_test_rows=300 | tail -n 2; then
    failed+=("$name")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "recipes that failed: ${failed[*]} (logs: models/.work/<name>-smoke/train.log)"; exit 1; }
echo "every recipe ran end to end"
