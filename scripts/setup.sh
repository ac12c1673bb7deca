#!/usr/bin/env bash
# Sets up everything IG Lens needs on a fresh Debian 12 machine and builds it. Idempotent: a
# second run only rebuilds what changed. Needs root (or sudo) for apt; everything else stays
# inside the clone (third_party/, node_modules/, build/).
#
#   scripts/setup.sh            system packages, npm packages, native + WASM + web builds
#   scripts/setup.sh --train    also the packages the model recipes need (python3-torch)
#   IGLENS_SANITIZE=1 ...       also the native build under AddressSanitizer + UBSan (build/asan)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)
log() { printf '\n== setup: %s\n' "$*"; }

want_train=0
for arg in "$@"; do
  case "$arg" in
    --train) want_train=1 ;;
    *) echo "setup.sh: unknown option '$arg' (known: --train)" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages ------------------------------------------------------------------------
# Only what the build and the tests use: the core has its own ONNX protobuf codec, so neither
# libonnx nor libprotobuf is needed. spm_encode (package sentencepiece) is the tokenizer
# reference in the tests.
packages=(build-essential cmake libgtest-dev nlohmann-json3-dev emscripten chromium
          sentencepiece dpkg-dev fonts-dejavu-core)
command -v node >/dev/null || packages+=(nodejs npm)
[ "$want_train" = 1 ] && packages+=(libopenblas0-pthread python3-torch python3-numpy)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# `apt-get source` needs a deb-src entry for the mirror the machine already uses.
src_list=/etc/apt/sources.list.d/iglens-src.sources
need_update=0
if [ ! -f "$src_list" ]; then
  mirror=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}')
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" | as_root tee "$src_list" >/dev/null
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ "$need_update" = 1 ]; then
  log "apt: ${missing[*]:-(source lists)}"
  as_root apt-get update -q
  [ ${#missing[@]} -gt 0 ] && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- sentencepiece source (compiled into the core, natively and to WASM) ---------------------
spm_dir=third_party/sentencepiece
if [ ! -f "$spm_dir/.iglens-ready" ]; then
  log "sentencepiece source (apt-get source)"
  rm -rf "$spm_dir" third_party/spm-src && mkdir -p third_party/spm-src
  (cd third_party/spm-src && apt-get source -q sentencepiece=0.1.97-3 >/dev/null)
  mv third_party/spm-src/sentencepiece-0.1.97 "$spm_dir" && rm -rf third_party/spm-src
  # Debian builds only the shared library; we need the static one, without -pthread (WASM).
  (cd "$spm_dir" && patch -R -s -p1 < debian/patches/disable-static-library.patch)
  sed -i 's/ -pthread//g; s/-pthread //g' "$spm_dir/src/CMakeLists.txt"
  touch "$spm_dir/.iglens-ready"
fi

# --- npm packages (pinned by package-lock.json) ----------------------------------------------
# onnxruntime-node's postinstall tries to download CUDA files; we only need its CPU library.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
fi

# --- native ONNX Runtime: library from onnxruntime-node, headers from the asus4 package -----
ort_dir=third_party/onnxruntime
if [ ! -f "$ort_dir/lib/libonnxruntime.so" ]; then
  log "native ONNX Runtime 1.30 (from npm packages)"
  mkdir -p "$ort_dir/lib" "$ort_dir/include"
  cp node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1 "$ort_dir/lib/"
  ln -sf libonnxruntime.so.1 "$ort_dir/lib/libonnxruntime.so"
  cp node_modules/com.github.asus4.onnxruntime/Plugins/iOS~/onnxruntime.xcframework/ios-arm64_x86_64-simulator/onnxruntime.framework/Headers/*.h \
    "$ort_dir/include/"
fi

# --- builds ------------------------------------------------------------------------------------
log "native build (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs"

if [ "${IGLENS_SANITIZE:-0}" = 1 ]; then
  log "native build with AddressSanitizer + UBSan (build/asan)"
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIGLENS_SANITIZE=ON >/dev/null
  cmake --build build/asan -j"$jobs"
fi

log "WASM build (build/wasm)"
# Debian's emscripten needs Debian's node modules (acorn) on NODE_PATH at -O2 and above.
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j"$jobs"

log "web build (build/web)"
npm run --silent build:web

log "ready"
