#!/usr/bin/env python3
"""Copy a finished `train.py <name> --experiment TAG` package into models/<name>.

    /usr/bin/python3 models/recipes/promote_experiment.py <name> <TAG>

Only for a TAG whose overrides equal the recipe defaults in iglens_models/recipes.py (the
check below enforces it), so that `train.py <name>` rebuilds the same weights: training runs
on one thread with fixed seeds and a fixed data order."""
import inspect
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    name, tag = argv[1], argv[2]
    work = os.path.join(REPO, "models", ".work", f"{name}-{tag}")
    with open(os.path.join(work, "result.json")) as f:
        result = json.load(f)
    from iglens_models import recipes
    source = inspect.getsource(getattr(recipes, name.replace("-", "_")))
    for key, value in result.get("overrides", {}).items():
        short = key.split(".", 1)[-1]
        if f"{short}={value!r}" not in source and f"{short}={json.dumps(value)}" not in source \
                and f"{short}={str(value)}" not in source:
            raise SystemExit(f"override {key}={value!r} is not a default of recipe {name}; "
                             "make it the default first so train.py reproduces these weights")
    dest = os.path.join(REPO, "models", name)
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    shutil.copytree(os.path.join(work, "package"), dest)
    if os.path.exists(os.path.join(dest, "spiece.model")):
        from iglens_models import spm  # packages built before spm.train scrubbed its paths
        spm.scrub_training_paths(os.path.join(dest, "spiece.model"))
    shutil.copyfile(os.path.join(work, "fixture.json"), os.path.join(HERE, "fixtures", f"{name}.json"))
    shutil.copyfile(os.path.join(work, "result.json"), os.path.join(REPO, "models", ".work", f"{name}-result.json"))
    print(f"models/{name} <- {os.path.relpath(work, REPO)}/package")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
