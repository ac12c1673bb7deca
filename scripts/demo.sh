#!/usr/bin/env bash
# The main job: set everything up, then serve the demo page with the default model on
# http://127.0.0.1:${PORT:-8080}/ until interrupted.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
exec node "$root/scripts/serve.mjs"
