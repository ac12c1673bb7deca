// The browser side of the speed benchmark (issue 9).
//  1. Node: the published module (build/web/iglens.js) in-process on ONNX Runtime Web's wasm
//     backend, 1 thread — the same texts and step counts as the native run it is given
//     (iglens_bench speed JSON), so each cell is a browser-wasm / native ratio.
//  2. Chromium: bench/first_explanation.mjs's cold page loads — once with no GPU (WASM backend)
//     and once with SwiftShader's software WebGPU adapter (a note only: it says nothing about a
//     real GPU).
// usage: node bench/speed_web.mjs --native results/native_speed.json --model NAME
//        [--repeats N] [--page-repeats N] [--skip-node] [--skip-chromium]
// Prints one JSON document on stdout; progress goes to stderr.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_TEXT, measureFirstExplanation } from './first_explanation.mjs';
import { summary } from './stats.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values: args } = parseArgs({
  options: {
    native: { type: 'string' },
    model: { type: 'string' },
    repeats: { type: 'string', default: '7' },
    'page-repeats': { type: 'string', default: '5' },
    'page-text': { type: 'string', default: DEFAULT_TEXT },
    'skip-node': { type: 'boolean', default: false },
    'skip-chromium': { type: 'boolean', default: false },
  },
});
const repeats = Math.max(1, Number(args.repeats));
const log = (...a) => console.error('speed_web:', ...a);

function readModelFolder(name) {
  const dir = join(root, 'models', name);
  const files = {};
  for (const f of readdirSync(dir)) if (/\.(json|model|txt)$/.test(f)) files[f] = readFileSync(join(dir, f));
  return { name, files, onnx: readFileSync(join(dir, 'onnx/model.onnx')) };
}

async function timed(lens, text, options) {
  // Warm-up: ORT's first run of a shape plans its memory. Long explanations get fewer repeats
  // (as in iglens_bench) so the grid stays within minutes; summary n says how many were taken.
  const warmStart = performance.now();
  await lens.explain(text, options);
  const count = performance.now() - warmStart > 2000 ? Math.min(repeats, 3) : repeats;
  const totals = [];
  const cpu = [];
  let last;
  for (let r = 0; r < count; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    last = await lens.explain(text, options);
    totals.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { total_ms: summary(totals), cpu_ms: summary(cpu), steps: last.steps, rows: last.rows, runs: last.runs, stop_reason: last.stop_reason,
    completeness: { rel_error: last.completeness?.rel_error ?? null, abs_error: last.completeness?.abs_error ?? null } };
}

async function nodeWasm(native) {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  const { IGLens } = await import(pathToFileURL(join(root, 'build/web/iglens.js')).href);
  const loadStart = performance.now();
  const lens = await IGLens.load(readModelFolder(args.model), {
    backend: 'wasm',
    worker: false,
    core: { moduleUrl: pathToFileURL(join(root, 'build/wasm/iglens_core.mjs')), wasmBinary: readFileSync(join(root, 'build/wasm/iglens_core.wasm')) },
    ort,
  });
  const load_ms = performance.now() - loadStart;
  const grid = [];
  for (const cell of native.grid) {
    log(`node wasm: ${cell.tokens} tokens, ${cell.steps} steps`);
    // The web API has no quadrature option: its default is Gauss-Legendre, as in the native run.
    const web = await timed(lens, cell.text, { steps: cell.steps });
    grid.push({ tokens: cell.tokens, steps: cell.steps, web, native_ms: cell.total_ms.median, native_cpu_ms: cell.cpu_ms.median,
      ratio: web.total_ms.median / cell.total_ms.median, cpu_ratio: web.cpu_ms.median / cell.cpu_ms.median });
  }
  const adaptive = [];
  for (const [i, cell] of native.adaptive.texts.entries()) {
    log(`node wasm: adaptive text ${i + 1}/${native.adaptive.texts.length}`);
    adaptive.push({ web: await timed(lens, cell.text, { steps: 'auto' }), native_ms: cell.total_ms.median, native_cpu_ms: cell.cpu_ms.median, native_steps: cell.steps });
  }
  await lens.dispose();
  const medians = adaptive.map((a) => a.web.total_ms.median);
  const cpuMedians = adaptive.map((a) => a.web.cpu_ms.median);
  return { info: lens.info, load_ms, ort_version: ort.env.versions?.web ?? null, threads: 1, grid, adaptive: { tokens: native.adaptive.tokens, texts: adaptive, median_of_text_medians_ms: summary(medians).median, median_of_text_cpu_medians_ms: summary(cpuMedians).median } };
}

const out = { model: args.model, repeats };
if (!args['skip-node']) {
  if (!args.native) throw new Error('--native <iglens_bench speed JSON> is needed for the Node wasm part (or pass --skip-node)');
  out.node_wasm = await nodeWasm(JSON.parse(readFileSync(args.native, 'utf8')));
}
if (!args['skip-chromium']) {
  const loads = Number(args['page-repeats']);
  const text = args['page-text'];
  out.chromium = [
    await measureFirstExplanation({ backend: 'wasm', loads, text }),
    await measureFirstExplanation({ backend: 'webgpu-swiftshader', loads: Math.min(2, loads), text }), // a note only: software WebGPU
  ];
}
console.log(JSON.stringify(out, null, 1));
