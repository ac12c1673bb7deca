// Shared set-up of the end-to-end tests: the real static server (scripts/serve.mjs, with its
// CSP headers) on a free loopback port, Debian's Chromium driven by playwright-core, either
// with a WebGPU adapter (SwiftShader, --enable-unsafe-webgpu) or without one, and the native
// CLI whose numbers the browser must reproduce.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const screenshotDir = fileURLToPath(new URL('../../build/e2e-screenshots/', import.meta.url));

const baseFlags = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export const backends = [
  { name: 'webgpu', flags: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'] },
  { name: 'wasm', flags: ['--disable-gpu'] },
];

export async function serve() {
  return startServer({ port: 0, quiet: true });
}

/** A browser page on `url`, with every request and console error recorded. */
export async function openPage(backend, url) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...baseFlags, ...backend.flags],
    headless: true,
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    errors.push(`dialog opened: ${d.message()}`);
    d.dismiss();
  });
  await page.goto(url);
  return { browser, page, requests, errors };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

/** The CLI's JSON for `input` on a shipped model (a name) or a model folder (a path with a slash). */
export function nativeExplain(model, input, extraArgs = []) {
  return JSON.parse(
    execFileSync('build/native/iglens', ['explain', '--model', model.includes('/') ? model : `models/${model}`, '--json', ...extraArgs, input], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  );
}

/** Browser and native numbers agree within 1e-4 relative. */
export function assertClose(actual, expected, what) {
  assert.ok(
    Math.abs(actual - expected) <= 1e-4 * Math.abs(expected) + 1e-6,
    `${what}: browser ${actual} vs native ${expected}`,
  );
}

/** NER: the native word scores of an entity's row, the sum of its words' tag rows (what the
 *  browser shows for an entity). */
export function nativeEntityRow(native, entity) {
  const positions = new Set(entity.words.map((w) => native.words[w].tokens[0]));
  const parts = native.targets.filter((t) => positions.has(t.target.position));
  assert.equal(parts.length, entity.words.length, `every word of ${entity.text} was explained`);
  return native.words.map((w, k) => ({ text: w.text, score: parts.reduce((sum, p) => sum + p.words[k].score, 0) }));
}
