#!/usr/bin/env bash
# Explains N texts (default 1000: 50 SST-2 training sentences of different lengths, cycled) in one
# `iglens explain --batch` process and samples its resident memory while it runs. Every input
# shape recurs, so caches that grow per shape (ONNX Runtime's arena, allocator pools) are full
# after the first cycle; from then on memory must stay flat: the peak of the last quarter of the
# run may not exceed the peak of the first quarter by more than 5% (a leak of a few kB per
# explanation would show). Prints the summary and exits 1 when memory grows.
#   bench/memory_flat.sh [MODEL_DIR] [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
model=${1:-$root/models/sst2}
[ -d "$model" ] || model=$root/models/tiny
count=${2:-1000}
texts=$(mktemp)
samples=$(mktemp)
trap 'rm -f "$texts" "$samples"' EXIT

awk -F'\t' 'length($1) > 20 && $1 != "sentence" { print $1; if (++c >= 50) exit }' \
  "$root/../shared/data/sst2/alps_train_part.tsv" |
  awk -v n="$count" '{ line[NR] = $0 } END { for (i = 0; i < n; i++) print line[i % NR + 1] }' > "$texts"
"$root/build/native/iglens" explain --model "$model" --batch "$texts" > /dev/null &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >> "$samples" || true
  sleep 0.1
done
wait "$pid"

awk -v n="$count" -v model="$(basename "$model")" '
  { rss[NR] = $1 }
  END {
    if (NR < 8) { print "too few samples (" NR "): use more texts"; exit 1 }
    q = int(NR / 4)
    for (i = 1; i <= q; i++) if (rss[i] > first) first = rss[i]
    for (i = NR - q + 1; i <= NR; i++) if (rss[i] > last) last = rss[i]
    growth = (last - first) / first
    for (k = 1; k <= 4; k++) { m = 0; for (i = (k - 1) * q + 1; i <= k * q; i++) if (rss[i] > m) m = rss[i]; printf "quarter %d peak %.1f MB\n", k, m / 1024 }
    printf "%d texts on %s, %d RSS samples: peak first quarter %.1f MB, peak last quarter %.1f MB, growth %+.2f%%\n",
      n, model, NR, first / 1024, last / 1024, 100 * growth
    if (growth > 0.05) { print "memory grows: FAIL"; exit 1 }
    print "memory flat: OK"
  }' "$samples"
