#!/usr/bin/env bash
# Sets everything up, then runs every test suite: native GoogleTest (ctest), the same suites
# under AddressSanitizer + UBSan, Vitest (TypeScript API over the WASM core, in Node), the
# browser end-to-end suite (Chromium, with and without a WebGPU adapter) and the shipped models'
# own check (each card's quality figure recomputed from its ONNX file). Every suite runs even
# when an earlier one fails; the exit code is non-zero when any failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
IGLENS_SANITIZE=1 scripts/setup.sh || { echo "setup failed"; exit 1; }

passed=0
failed=0
failed_names=()
suite() {
  local name=$1; shift
  printf '\n== suite: %s\n' "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failed_names+=("$name"); fi
}

jobs=$(nproc)
suite "native (ctest)" ctest --test-dir build/native --output-on-failure -j"$jobs"
suite "native under ASan+UBSan (ctest)" env ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$root/tests/lsan.supp":print_suppressions=0 \
  ctest --test-dir build/asan --output-on-failure -j"$jobs"
suite "web (vitest)" npx vitest run --config tests/web/vitest.config.ts
suite "browser end-to-end (chromium)" node --test --test-concurrency=1 tests/e2e/*.test.mjs
suite "model cards (models/recipes/check_all.mjs)" node models/recipes/check_all.mjs

printf '\n'
[ "$failed" -gt 0 ] && printf 'failed suites: %s\n' "${failed_names[*]}"
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
