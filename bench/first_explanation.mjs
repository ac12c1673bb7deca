// Time to the first explanation in the browser (issue 7's "Done when": ≤ 3 s on the WASM
// backend). Each load is cold — a new Chromium (Debian's, via playwright-core) with a fresh
// profile, so nothing is cached — on the real static server (scripts/serve.mjs, with its CSP and
// COOP/COEP headers). The clock starts at navigation start: fetching the page, ONNX Runtime Web,
// the WASM core and the model, compiling them, preparing the gradient graph and creating the
// session all count. When the page says the model is ready, the sentence is typed into the form,
// Explain is pressed, and the clock stops when the page shows "Done in".
// Beside the medians it reports where the time went: the page's and the worker's performance
// marks (named "iglens:…", on the page's clock) and the largest fetches.
// usage: node bench/first_explanation.mjs [--loads N] [--backend wasm|webgpu-swiftshader]
//        [--text "…"]
// Prints one JSON document on stdout; progress goes to stderr. bench/speed_web.mjs calls
// measureFirstExplanation() for its Chromium rows, so both report the same shape.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { summary } from './stats.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const log = (...a) => console.error('first_explanation:', ...a);
export const DEFAULT_TEXT = "it 's a charming and often affecting journey .";

const baseFlags = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
export const BACKEND_FLAGS = {
  wasm: [...baseFlags, '--disable-gpu'],
  // Software WebGPU (SwiftShader): says nothing about a real GPU; a check that the path works.
  'webgpu-swiftshader': [...baseFlags, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'],
};

/** Marks and fetches of one realm (page or worker), shifted onto the page's clock. */
function timeline() {
  const entries = (type) => performance.getEntriesByType(type);
  return {
    origin: performance.timeOrigin,
    marks: entries('mark').filter((m) => m.name.startsWith('iglens:')).map((m) => ({ name: m.name.slice(7), at_ms: m.startTime })),
    fetches: entries('resource').map((e) => ({ path: new URL(e.name).pathname, start_ms: e.startTime, end_ms: e.responseEnd, bytes: e.encodedBodySize })),
  };
}

async function oneLoad(page, url, text) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.goto(url);
  const ready = await page.waitForFunction(() => {
    const button = document.getElementById('explain');
    return button && !button.disabled && /ready/.test(document.getElementById('status')?.textContent ?? '') && performance.now();
  }, null, { timeout: 120000 });
  const model_ready_ms = await ready.jsonValue();
  await page.fill('#text', text);
  await page.click('#explain');
  const done = await page.waitForFunction(() => /Done in/.test(document.getElementById('status')?.textContent ?? '') && performance.now(), null, { timeout: 120000 });
  const first_explanation_ms = await done.jsonValue();
  const model_info = await page.textContent('#model-info');
  const realms = [await page.evaluate(timeline)];
  for (const w of workers) realms.push(await w.evaluate(timeline).catch(() => null));
  const origin = realms[0].origin;
  const marks = [];
  const fetches = [];
  for (const realm of realms.filter(Boolean)) {
    const shift = realm.origin - origin;
    for (const m of realm.marks) marks.push({ ...m, at_ms: Math.round(m.at_ms + shift) });
    for (const f of realm.fetches) fetches.push({ ...f, start_ms: Math.round(f.start_ms + shift), end_ms: Math.round(f.end_ms + shift) });
  }
  marks.sort((a, b) => a.at_ms - b.at_ms);
  fetches.sort((a, b) => b.bytes - a.bytes);
  return { first_explanation_ms, model_ready_ms, model_info, marks, largest_fetches: fetches.slice(0, 6), errors };
}

/** `loads` cold page loads on one backend; a failed load is recorded with what the page showed
 * and left out of the medians. */
export async function measureFirstExplanation({ backend = 'wasm', loads = 5, text = DEFAULT_TEXT } = {}) {
  const flags = BACKEND_FLAGS[backend];
  if (!flags) throw new Error(`backend must be one of ${Object.keys(BACKEND_FLAGS).join(', ')}`);
  if (!Number.isInteger(loads) || loads < 1) throw new Error('loads must be a whole number ≥ 1');
  const { startServer } = await import(pathToFileURL(join(root, 'scripts/serve.mjs')).href);
  const { chromium } = await import('playwright-core');
  const { server, url } = await startServer({ port: 0, quiet: true });
  const runs = [];
  const failures = [];
  try {
    for (let r = 0; r < loads; r++) {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: flags, headless: true });
      const page = await browser.newPage();
      try {
        const run = await oneLoad(page, url, text);
        log(`${backend} load ${r + 1}/${loads}: ready ${run.model_ready_ms.toFixed(0)} ms, explained ${run.first_explanation_ms.toFixed(0)} ms`);
        runs.push(run);
      } catch (e) {
        const shown = await page.evaluate(() => ({ status: document.getElementById('status')?.textContent, error: document.getElementById('error')?.textContent })).catch(() => null);
        failures.push({ error: String(e).split('\n')[0], shown });
        log(`${backend} load ${r + 1}/${loads} failed: ${failures.at(-1).error} ${JSON.stringify(shown)}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  return {
    backend,
    flags,
    text,
    default_model: JSON.parse(readFileSync(join(root, 'build/web/models/index.json'), 'utf8')).default,
    first_explanation_ms: summary(runs.map((r) => r.first_explanation_ms)),
    model_ready_ms: summary(runs.map((r) => r.model_ready_ms)),
    runs,
    failures,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({
    options: {
      loads: { type: 'string', default: '5' },
      backend: { type: 'string', default: 'wasm' },
      text: { type: 'string', default: DEFAULT_TEXT },
    },
  });
  const result = await measureFirstExplanation({ backend: args.backend, loads: Number(args.loads), text: args.text });
  console.log(JSON.stringify(result, null, 1));
}
