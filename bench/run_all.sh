#!/usr/bin/env bash
# One command for the whole benchmark (issue 9): builds iglens_bench (build/bench, or
# $BENCH_BUILD_DIR) and, if missing, the web build; runs the matrix-multiply peak, the native speed
# grid, the browser-wasm comparison in Node, the Chromium first-explanation timing, the steps
# study, (with models/goemotions) the multi-label ratio, faithfulness on SST-2 validation and
# plausibility against the movie-review rationales; then writes bench/RESULTS.md and the SVG
# plots in bench/results/.
#
#   bench/run_all.sh [--model NAME] [--quick] [--steps-limit N] [--faithfulness-limit N]
#                    [--reviews N] [--skip-web] [--skip-chromium]
#
#   --model NAME     models/NAME (default: sst2 when models/sst2 exists, else tiny)
#   --quick          3 repeats, 3 adaptive texts, 100 sentences, 4 reviews: a smoke run (minutes)
#   --steps-limit N  sentences for the steps study (0 = all 872; default: all for tiny, an even
#                    subset of 200 for larger models, whose 872 x 16 explanations take hours here)
#   --faithfulness-limit N  sentences for the faithfulness study (default 0 = all 872)
#   --reviews N      rationale-annotated reviews for plausibility (default 20, half of each label,
#                    a seeded draw: each review is ~2 model windows x 10 methods)
# The machine is shared: the load average is recorded as each part starts, medians are used.
set -euo pipefail
cd "$(dirname "$0")/.."

model=""
repeats=7
adaptive_texts=10
steps_limit=""
page_repeats=5
skip_web=0
skip_chromium=0
faithfulness_limit=0
reviews=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --quick) repeats=3; adaptive_texts=3; steps_limit=100; page_repeats=2; faithfulness_limit=100; reviews=4; shift ;;
    --steps-limit) steps_limit="$2"; shift 2 ;;
    --faithfulness-limit) faithfulness_limit="$2"; shift 2 ;;
    --reviews) reviews="$2"; shift 2 ;;
    --skip-web) skip_web=1; shift ;;
    --skip-chromium) skip_chromium=1; shift ;;
    *) echo "run_all.sh: unknown option '$1' (see the header of bench/run_all.sh)" >&2; exit 2 ;;
  esac
done
if [[ -z "$model" ]]; then
  if [[ -f models/sst2/onnx/model.onnx ]]; then model=sst2; else model=tiny; fi
fi
[[ -f "models/$model/onnx/model.onnx" ]] || { echo "run_all.sh: models/$model/onnx/model.onnx is missing" >&2; exit 1; }
if [[ -z "$steps_limit" ]]; then
  if [[ "$model" == tiny ]]; then steps_limit=0; else steps_limit=200; fi
fi
texts=../shared/data/sst2/glue_sst2_validation_872.tsv
[[ -f "$texts" ]] || { echo "run_all.sh: $texts is missing (the SST-2 validation TSV)" >&2; exit 1; }
rationales=../shared/data/movie-rationales
[[ -d "$rationales/withRats_pos" ]] || { echo "run_all.sh: $rationales/withRats_pos is missing (the movie reviews with rationales)" >&2; exit 1; }

results=bench/results
mkdir -p "$results"
started="$(date -u '+%Y-%m-%d %H:%M')"
# Every part must measure one model: its hash is taken now and checked again at the end.
model_sha() { sha256sum "models/$model/onnx/model.onnx" | cut -c1-16; }
model_hash="$(model_sha)"
declare -A loads
mark_load() { loads[$1]="$(cut -d' ' -f1-3 /proc/loadavg)"; echo "== $1 (load $(cut -d' ' -f1-3 /proc/loadavg)) $(date -u +%H:%M:%S)" >&2; }
# A part's JSON replaces the old one when the part finished. A part that fails loses its old JSON
# (the report then lists it as not run, rather than showing an older run's figures under this
# run's date); the others still run, and the script exits 1 at the end naming the failed parts.
failed=()
run_part() {
  local name=$1; shift
  if "$@" > "$results/$name.json.tmp"; then
    mv "$results/$name.json.tmp" "$results/$name.json"
  else
    echo "run_all.sh: part '$name' failed (its error is above); the report lists it as not run" >&2
    rm -f "$results/$name.json.tmp" "$results/$name.json"
    failed+=("$name")
  fi
}

echo "== build" >&2
build_dir="${BENCH_BUILD_DIR:-build/bench}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build_dir" -j2 --target iglens_bench
bench="$build_dir/iglens_bench"

mark_load peak
run_part peak "$bench" peak

mark_load native_speed
run_part native_speed "$bench" speed --model "models/$model" --texts "$texts" --repeats "$repeats" --adaptive-texts "$adaptive_texts"

if [[ $skip_web -eq 0 ]]; then
  # The browser parts run build/web: rebuild it (seconds) so it holds the current WASM core and
  # models rather than whatever an earlier build left there.
  node scripts/build-web.mjs >&2
  web_flags=(--native "$results/native_speed.json" --model "$model" --repeats "$repeats" --page-repeats "$page_repeats")
  [[ $skip_chromium -eq 1 ]] && web_flags+=(--skip-chromium)
  mark_load web_speed
  run_part web_speed node bench/speed_web.mjs "${web_flags[@]}"
fi

mark_load steps
run_part steps "$bench" steps --model "models/$model" --texts "$texts" --limit "$steps_limit"

if [[ -f models/goemotions/onnx/model.onnx ]]; then
  mark_load multilabel
  run_part multilabel "$bench" multilabel --model models/goemotions --texts "$texts" --tokens 32 --steps 32 --repeats "$repeats"
fi

mark_load faithfulness
run_part faithfulness "$bench" faithfulness --model "models/$model" --texts "$texts" --limit "$faithfulness_limit"

mark_load plausibility
run_part plausibility "$bench" plausibility --model "models/$model" --rationales "$rationales" --reviews "$reviews"

if [[ "$(model_sha)" != "$model_hash" ]]; then
  echo "run_all.sh: models/$model/onnx/model.onnx changed during the run: the parts measured different models; run it again" >&2
  exit 1
fi
# The machine and the loads, for RESULTS.md.
node -e '
const os = require("os"), fs = require("fs");
const [out, loads, chromium, started, modelHash] = process.argv.slice(1);
const cpu = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) || [])[1] || os.cpus()[0]?.model;
// First touch of fresh memory (a page fault per 4 KiB page), median of 5 passes over 64 MiB:
// well under 1 µs on bare metal, far more in some VMs, where everything that allocates (above all
// Chromium, with its processes, IPC and wasm memories) slows down while pure compute does not.
const faultUs = [...Array(5)].map(() => {
  const n = 64 << 20, t = performance.now(), a = new Uint8Array(n);
  for (let i = 0; i < n; i += 4096) a[i] = 1;
  return ((performance.now() - t) * 1000) / (n / 4096);
}).sort((x, y) => x - y)[2];
fs.writeFileSync(out, JSON.stringify({
  started,
  model_onnx_sha256: modelHash,
  date: new Date().toISOString().replace("T", " ").slice(0, 16),
  nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
  cpu_model: cpu,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
  page_fault_us: Number(faultUs.toFixed(2)),
  node: `Node ${process.version}`,
  chromium: chromium || null,
  ort_web: require("./node_modules/onnxruntime-web/package.json").version,
  loads: Object.fromEntries(loads.split(";").filter(Boolean).map((kv) => kv.split("="))),
}, null, 1));
' "$results/environment.json" "$(for k in "${!loads[@]}"; do printf '%s=%s;' "$k" "${loads[$k]}"; done)" "$( (/usr/bin/chromium --version 2>/dev/null || true) | head -1)" "$started" "$model_hash"
node bench/report.mjs
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run_all.sh: bench/RESULTS.md written without the failed parts: ${failed[*]}" >&2
  exit 1
fi
echo "== done: bench/RESULTS.md" >&2
