// The browser side of the speed benchmark (issue 9).
//  1. Node: the published module (build/web/iglens.js) in-process on ONNX Runtime Web's wasm
//     backend, 1 thread — the same texts and step counts as the native run it is given
//     (iglens_bench speed JSON), so each cell is a browser-wasm / native ratio.
//  2. Chromium (Debian's, via playwright-core): time from navigation start until the page has
//     loaded its default model and shown one explanation, through the page's own form — once with
//     no GPU (WASM backend) and once with SwiftShader's software WebGPU adapter (a note only: it
//     says nothing about a real GPU).
// usage: node bench/speed_web.mjs --native results/native_speed.json --model NAME
//        [--repeats N] [--page-repeats N] [--skip-node] [--skip-chromium]
// Prints one JSON document on stdout; progress goes to stderr.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { summary } from './stats.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values: args } = parseArgs({
  options: {
    native: { type: 'string' },
    model: { type: 'string' },
    repeats: { type: 'string', default: '7' },
    'page-repeats': { type: 'string', default: '5' },
    'page-text': { type: 'string', default: "it 's a charming and often affecting journey ." },
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

// One cold page load per repeat (a new browser, so nothing is cached): navigation start ->
// the default model loaded by the page -> the sentence typed and explained -> "Done in" shown.
async function firstExplanation(backend, loads) {
  const { startServer } = await import(pathToFileURL(join(root, 'scripts/serve.mjs')).href);
  const { chromium } = await import('playwright-core');
  const { server, url } = await startServer({ port: 0, quiet: true });
  const runs = [];
  const failures = [];
  try {
    for (let r = 0; r < loads; r++) {
      log(`chromium ${backend.name}: page load ${r + 1}`);
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: backend.flags, headless: true });
      let page;
      try {
        page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const workers = [];
        page.on('worker', (w) => workers.push(w));
        await page.goto(url);
        const readyAt = await page.waitForFunction(() => {
          const button = document.getElementById('explain');
          return button && !button.disabled && /ready/.test(document.getElementById('status')?.textContent ?? '') && performance.now();
        }, null, { timeout: 120000 });
        await page.fill('#text', args['page-text']);
        await page.click('#explain');
        const doneAt = await page.waitForFunction(() => /Done in/.test(document.getElementById('status')?.textContent ?? '') && performance.now(), null, { timeout: 120000 });
        const status = await page.textContent('#model-info').catch(() => null);
        // Where the page's own time went (the worker's fetches are in the worker's timeline, not here).
        const page_timing = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, start_ms: e.startTime, duration_ms: e.duration, bytes: e.encodedBodySize }));
          return { dom_content_loaded_ms: nav?.domContentLoadedEventEnd ?? null, load_event_ms: nav?.loadEventEnd ?? null, slowest_resources: resources.sort((a, b) => b.duration_ms - a.duration_ms).slice(0, 6) };
        });
        // The worker's clock starts when the worker does: its origin relative to the page is added.
        page_timing.worker_resources = [];
        for (const w of workers) {
          const entries = await w.evaluate(() => ({ origin: performance.timeOrigin, list: performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, start_ms: e.startTime, duration_ms: e.duration, bytes: e.encodedBodySize })) })).catch(() => null);
          const pageOrigin = await page.evaluate(() => performance.timeOrigin);
          if (entries) for (const e of entries.list) page_timing.worker_resources.push({ ...e, start_ms: e.start_ms + entries.origin - pageOrigin });
        }
        runs.push({ model_ready_ms: await readyAt.jsonValue(), first_explanation_ms: await doneAt.jsonValue(), model_info: status, page_timing, errors });
      } catch (e) {
        // A failed load is recorded with what the page showed, and left out of the medians.
        const shown = page ? await page.evaluate(() => ({ status: document.getElementById('status')?.textContent, error: document.getElementById('error')?.textContent })).catch(() => null) : null;
        failures.push({ error: String(e).split('\n')[0], shown });
        log(`chromium ${backend.name}: load ${r + 1} failed: ${String(e).split('\n')[0]} ${JSON.stringify(shown)}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  return { backend: backend.name, flags: backend.flags, runs, failures, first_explanation_ms: summary(runs.map((r) => r.first_explanation_ms)), model_ready_ms: summary(runs.map((r) => r.model_ready_ms)) };
}

const baseFlags = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
const out = { model: args.model, repeats };
if (!args['skip-node']) {
  if (!args.native) throw new Error('--native <iglens_bench speed JSON> is needed for the Node wasm part (or pass --skip-node)');
  out.node_wasm = await nodeWasm(JSON.parse(readFileSync(args.native, 'utf8')));
}
if (!args['skip-chromium']) {
  out.page_text = args['page-text'];
  out.default_model = JSON.parse(readFileSync(join(root, 'build/web/models/index.json'), 'utf8')).default;
  out.chromium = [
    await firstExplanation({ name: 'wasm', flags: [...baseFlags, '--disable-gpu'] }, Number(args['page-repeats'])),
    await firstExplanation({ name: 'webgpu-swiftshader', flags: [...baseFlags, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'] }, Math.min(2, Number(args['page-repeats']))), // a note only: software WebGPU
  ];
}
console.log(JSON.stringify(out, null, 1));
