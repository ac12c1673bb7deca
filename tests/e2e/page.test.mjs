// The static page in Chromium, as a user drives it: the default model loads by itself, a pasted
// text is explained and shown exactly as typed, the numbers equal the native CLI's, pasted markup
// stays text, nothing leaves the machine, exports download and parse, a model folder from disk
// works, the keyboard reaches everything and a phone-width screen does not overflow.
// The full checks run on WASM; WebGPU (SwiftShader here, ~50x slower) gets one explanation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertClose, backends, nativeEntityRow, nativeExplain, openPage, screenshot, serve } from './browser.mjs';

const text = 'The plot is dull, but the lead actress is wonderful.';
const xss = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
// The page lists build/web/models/index.json and loads its default (sst2 once it ships, else tiny).
const defaultModel = JSON.parse(readFileSync('build/web/models/index.json', 'utf8')).default;

/** Waits until the model has loaded (the status line says so and Explain is enabled). */
async function waitForModel(page, name) {
  await page.waitForFunction(
    (name) => {
      const status = document.getElementById('status')?.textContent ?? '';
      const error = document.getElementById('error');
      if (error && !error.hidden && error.textContent) throw new Error(error.textContent);
      return status.includes(`Model ${name} ready`) && !document.getElementById('explain').disabled;
    },
    name,
    { timeout: 120_000 },
  );
}

/** Types `input` into the text box, explains (by clicking or by Ctrl+Enter) and waits for the result. */
async function explainText(page, input, { keyboard = false, timeout = 120_000 } = {}) {
  await page.fill('#text', input);
  // A marker that the result being waited for is a new one.
  await page.evaluate(() => document.getElementById('result-body').replaceChildren());
  if (keyboard) {
    await page.focus('#text');
    await page.keyboard.press('Control+Enter');
  } else {
    await page.click('#explain');
  }
  await page.waitForFunction(
    () => {
      const error = document.getElementById('error');
      if (error && !error.hidden && error.textContent) throw new Error(error.textContent);
      return document.querySelector('#result-body .ig-text') !== null && !document.getElementById('explain').disabled;
    },
    null,
    { timeout },
  );
}

/** The first highlighted text's characters and the word scores the page shows. */
async function shownResult(page) {
  return page.evaluate(() => {
    const paragraph = document.querySelector('#result-body .ig-highlights .ig-text');
    const marks = [...paragraph.querySelectorAll('mark')];
    return {
      text: paragraph.textContent,
      granularity: paragraph.dataset.granularity,
      words: marks.map((m) => ({ text: m.textContent, score: Number(m.dataset.score) })),
      imgs: document.querySelectorAll('#result-body img').length,
      badge: document.querySelector('#result-body .ig-badge')?.textContent ?? null,
      badgeLevel: [...(document.querySelector('#result-body .ig-badge')?.classList ?? [])].find((c) => c.startsWith('ig-badge-')),
    };
  });
}

function assertWordsMatch(shown, native) {
  assert.equal(shown.granularity, 'word');
  assert.deepEqual(shown.words.map((w) => w.text), native.words.map((w) => w.text));
  shown.words.forEach((w, i) => assertClose(w.score, native.words[i].score, `word "${w.text}"`));
}

async function downloadExport(page, kind) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
  return { name: download.suggestedFilename(), content: readFileSync(await download.path(), 'utf8') };
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
function parseCsv(csv) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

let server;
let url;
before(async () => ({ server, url } = await serve()));
after(() => server.close());

const wasm = backends.find((b) => b.name === 'wasm');
const webgpu = backends.find((b) => b.name === 'webgpu');

describe(`the page on WASM (default model ${defaultModel})`, () => {
  let session;
  let native;
  before(async () => {
    native = nativeExplain(defaultModel, text);
    session = await openPage(wasm, url);
    // This browser has no GPU, so the page's "auto" backend picks WASM by itself.
    await waitForModel(session.page, defaultModel);
    assert.match(await session.page.textContent('#model-info'), /running on wasm\./);
  });
  after(() => session?.browser.close());

  it('explains a pasted text: the highlighted text is the input exactly and the scores equal the native CLI', async () => {
    const { page } = session;
    await explainText(page, text);
    const shown = await shownResult(page);
    assert.equal(shown.text, text);
    assertWordsMatch(shown, native);
    await screenshot(page, 'page-wasm-1200');
  });

  it('shows the completeness badge, at most 1%', async () => {
    const { page } = session;
    assert.ok(await page.isVisible('#result-body .ig-badge'));
    const shown = await shownResult(page);
    const match = /Completeness error (<0\.01|\d+\.\d+)%/.exec(shown.badge);
    assert.ok(match, `badge: ${shown.badge}`);
    assert.ok(match[1] === '<0.01' || Number(match[1]) <= 1, `badge: ${shown.badge}`);
    assert.equal(shown.badgeLevel, 'ig-badge-ok');
  });

  it('exports JSON, CSV and an HTML snapshot that download and parse', async () => {
    const { page, browser } = session;
    const json = await downloadExport(page, 'json');
    assert.match(json.name, /\.json$/);
    const doc = JSON.parse(json.content);
    assert.equal(doc.format, 'iglens-explanation/1');
    assert.equal(doc.text, text);
    assert.equal(doc.explanation.text, text);
    assert.equal(doc.explanation.method, native.method);
    assert.equal(doc.explanation.steps, native.steps);
    assert.equal(doc.explanation.tokens.length, native.tokens.length);
    doc.explanation.tokens.forEach((t, i) => {
      assert.equal(t.text, native.tokens[i].text);
      assertClose(t.score, native.tokens[i].score, `token ${i} "${t.text}"`);
    });
    assertClose(doc.explanation.completeness.f_input, native.completeness.f_input, 'F(input)');
    assertClose(doc.explanation.completeness.sum, native.completeness.sum, 'sum of attributions');
    doc.explanation.prediction.probabilities.forEach((p, i) => assertClose(p, native.prediction.probabilities[i], `p[${i}]`));

    const tokens = await downloadExport(page, 'csv-tokens');
    const tokenRows = parseCsv(tokens.content.replace(/^\ufeff/, ''));
    assert.deepEqual(tokenRows[0], ['index', 'token', 'special', 'segment', 'start', 'end', 'text', 'word', 'score']);
    assert.equal(tokenRows.length - 1, native.tokens.length);
    tokenRows.slice(1).forEach((r, i) => assertClose(Number(r[8]), native.tokens[i].score, `CSV token ${i}`));

    const words = await downloadExport(page, 'csv-words');
    const wordRows = parseCsv(words.content.replace(/^\ufeff/, ''));
    assert.deepEqual(wordRows[0], ['index', 'word', 'start', 'end', 'tokens', 'score']);
    assert.deepEqual(wordRows.slice(1).map((r) => r[1]), native.words.map((w) => w.text));

    const html = await downloadExport(page, 'html');
    assert.match(html.content, /^<!DOCTYPE html>/);
    const snapshot = await browser.newPage();
    try {
      await snapshot.setContent(html.content);
      assert.equal(await snapshot.textContent('.ig-text'), text);
      assert.equal(await snapshot.locator('script').count(), 0);
    } finally {
      await snapshot.close();
    }
  });

  it('shows pasted markup as text: no element made from it, no dialog, no console error', async () => {
    const { page, errors } = session;
    await explainText(page, xss);
    const shown = await shownResult(page);
    assert.equal(shown.text, xss);
    assert.equal(shown.imgs, 0);
    assert.equal(await page.locator('#result-body script').count(), 0);
    assert.deepEqual(errors, []);
  });

  it('is driven by the keyboard: Tab reaches the text box and Ctrl+Enter explains', async () => {
    const { page } = session;
    // Clicking the heading moves the sequential focus starting point to the top of the page.
    await page.click('h1.promise');
    let reached = false;
    for (let i = 0; i < 4 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'text');
    }
    assert.ok(reached, 'Tab did not reach the text box within 4 presses (skip link first)');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('a wonderful film');
    await page.evaluate(() => document.getElementById('result-body').replaceChildren());
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#result-body .ig-text', { timeout: 120_000 });
    assert.equal((await shownResult(page)).text, 'a wonderful film');
  });

  it('fits a 360 px wide screen without horizontal overflow', async () => {
    const { page } = session;
    await explainText(page, text);
    await page.setViewportSize({ width: 360, height: 740 });
    const widths = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}`),
    }));
    await screenshot(page, 'page-wasm-360');
    assert.ok(widths.scroll <= 360, `scrollWidth ${widths.scroll}; widest: ${widths.wide.join(', ')}`);
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('loads a model folder from disk and explains with it', async () => {
    const { page } = session;
    await page.setInputFiles('#model-folder', 'models/tiny');
    await waitForModel(page, 'tiny');
    const input = 'a gripping, funny film';
    await explainText(page, input);
    const shown = await shownResult(page);
    assert.equal(shown.text, input);
    assertWordsMatch(shown, nativeExplain('tiny', input));
  });

  it('sends nothing anywhere: every request is for the page, its assets or model files', () => {
    const { requests } = session;
    const origin = new URL(url).origin;
    assert.ok(requests.length > 0);
    for (const r of requests) {
      const where = new URL(r.url);
      // Exports are blob: URLs the page made itself; everything else is a GET to its own server.
      if (where.protocol === 'blob:') {
        assert.equal(new URL(where.pathname).origin, origin, r.url);
        continue;
      }
      assert.equal(where.origin, origin, `request to another origin: ${r.url}`);
      assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
      assert.equal(r.body, '');
      assert.match(where.pathname, /^\/(|index\.html|iglens\.js|assets\/[^/]+|core\/[^/]+|models\/index\.json|models\/[^/]+\/[^?#]+)$/, r.url);
      for (const secret of [text, 'wonderful', 'gripping', 'onerror']) {
        assert.ok(!decodeURIComponent(r.url).includes(secret), `the text is in a request: ${r.url}`);
      }
    }
  });
});

describe('each task on the page (WASM)', () => {
  let session;
  before(async () => {
    session = await openPage(wasm, url);
    await waitForModel(session.page, defaultModel);
  });
  after(() => session?.browser.close());

  async function useModel(page, name) {
    await page.selectOption('#model', name);
    await waitForModel(page, name);
  }

  /** The rows of a result table: each row's header and cell texts. */
  function tableRows(page, selector) {
    return page.$$eval(`#result-body ${selector} tbody tr`, (rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent)),
    );
  }

  it('NER: skips the ignored tags, lists the entity groups and shows the attention by layer and head', async () => {
    const { page, errors } = session;
    await useModel(page, 'conll-ner');
    assert.equal(await page.isVisible('#ignored-labels'), true);
    assert.equal(await page.inputValue('#ignored-labels'), 'O');
    // Every prepared graph carries the attention outputs: ticking the view loads nothing again.
    const downloads = [];
    const onRequest = (r) => /\/onnx\/model\.onnx$/.test(new URL(r.url()).pathname) && downloads.push(r.url());
    page.on('request', onRequest);
    await page.check('#attention');
    const input = 'John Smith lives in Berlin.';
    await explainText(page, input);
    page.off('request', onRequest);
    assert.deepEqual(downloads, []);
    const native = nativeExplain('conll-ner', input, ['--ignored-labels', 'O', '--attention']);
    let shown = await shownResult(page);
    assert.equal(shown.text, input);
    // The text shows the entity groups, and the first entity's row: its words' tag rows added up.
    const groups = await page.$$eval('#result-body .ig-highlights .ig-group', (gs) => gs.map((g) => [g.dataset.group, g.textContent]));
    assert.deepEqual(groups, native.entities.map((e) => [e.label, e.text]));
    assertWordsMatch(shown, { words: nativeEntityRow(native, native.entities[0]) });
    const entities = await tableRows(page, '.ig-entity-table');
    assert.deepEqual(entities.map((r) => [r[0], r[1]]), native.entities.map((e) => [e.label, e.text]));
    // Another entity, chosen from the keyboard: its row is highlighted and the focus stays on its button.
    const last = native.entities.length - 1;
    await page.focus(`#result-body button[data-focus-row="entity:${last}"]`);
    await page.keyboard.press('Enter');
    shown = await shownResult(page);
    assertWordsMatch(shown, { words: nativeEntityRow(native, native.entities[last]) });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.focusRow), `entity:${last}`);
    assert.match(await page.textContent('#result-body .ig-prediction-head'), new RegExp(`showing ${native.entities[last].label}`));

    const tokens = native.tokens.length;
    assert.equal(await page.isVisible('#attention-controls'), true);
    assert.equal(await page.locator('#result-body .ig-heatmap-cell').count(), tokens * tokens);
    assert.match(await page.textContent('#result-body .ig-heatmap figcaption'), /layer 3 of 3, mean of 4 heads/);
    await page.selectOption('#attention-layer', { value: '0' });
    await page.selectOption('#attention-head', { value: '1' });
    assert.match(await page.textContent('#result-body .ig-heatmap figcaption'), /layer 1 of 3, head 2 of 4/);
    // Layer 1, head 2, query row 0: the page's cells hold the native weights.
    const cells = await page.$$eval('#result-body .ig-heatmap tbody tr:first-child .ig-heatmap-cell', (c) => c.map((td) => Number(td.dataset.weight)));
    const offset = (0 * native.attention.heads + 1) * tokens * tokens;
    cells.forEach((w, k) => assertClose(w, native.attention.weights[offset + k], `attention [0][1][0][${k}]`));
    await screenshot(page, 'page-task-ner');
    assert.deepEqual(errors, []);
  });

  it('zero-shot: explains every candidate label on the NLI model and ranks them', async () => {
    const { page, errors } = session;
    await page.uncheck('#attention');
    await useModel(page, 'esnli-nli');
    assert.equal(await page.isVisible('#candidates'), true);
    await page.fill('#candidates', 'sports, cooking, politics');
    const input = 'A man is playing football in the park.';
    await explainText(page, input);
    const native = nativeExplain('esnli-nli', input, ['--labels', 'sports,cooking,politics']);
    const shown = await shownResult(page);
    assert.equal(shown.text, input);
    // The premise is highlighted; the hypothesis words follow pair_start in the CLI's result.
    const best = native.candidates.find((c) => c.label === native.prediction.label).explanation;
    assertWordsMatch(shown, { words: best.words.filter((w) => w.end < best.pair_start) });
    const rows = await tableRows(page, '.ig-label-table');
    const ranked = [...native.candidates].sort((a, b) => b.score - a.score);
    assert.deepEqual(rows.map((r) => r[0]), ranked.map((c) => c.label));
    rows.forEach((r, i) => assert.equal(r[1], `${(ranked[i].score * 100).toFixed(1)}%`));
    rows.forEach((r) => assert.equal(r[2], input));
    // Another candidate chosen: its own premise row and its hypothesis are shown.
    await page.click(`#result-body button[data-focus-row="label:${ranked[1].label}"]`);
    const second = ranked[1].explanation;
    assertWordsMatch(await shownResult(page), { words: second.words.filter((w) => w.end < second.pair_start) });
    const texts = await page.$$eval('#result-body .ig-highlights .ig-text', (ps) => ps.map((p) => p.textContent));
    assert.deepEqual(texts, [input, ranked[1].hypothesis]);
    await screenshot(page, 'page-task-zero-shot');

    // Each label on its own: entailment against contradiction per candidate, not a softmax over them.
    await page.check('#multi-label');
    await explainText(page, input);
    const independent = nativeExplain('esnli-nli', input, ['--labels', 'sports,cooking,politics', '--multi-label']);
    const independentRows = await tableRows(page, '.ig-label-table');
    const byScore = [...independent.candidates].sort((a, b) => b.score - a.score);
    assert.deepEqual(independentRows.map((r) => [r[0], r[1]]), byScore.map((c) => [c.label, `${(c.score * 100).toFixed(1)}%`]));
    assert.match(await page.textContent('#result-body .ig-label-table caption'), /each scored on its own/);
    await page.uncheck('#multi-label');
    assert.deepEqual(errors, []);
  });

  it('a pair (NLI): premise and hypothesis each highlighted over their own characters', async () => {
    const { page, errors } = session;
    await page.fill('#candidates', '');
    const premise = 'A man plays guitar on stage.';
    const hypothesis = 'A man is sleeping.';
    await page.fill('#text-pair', hypothesis);
    await explainText(page, premise);
    const native = nativeExplain('esnli-nli', premise, ['--pair', hypothesis]);
    const texts = await page.$$eval('#result-body .ig-highlights .ig-text', (ps) => ps.map((p) => p.textContent));
    assert.deepEqual(texts, [premise, hypothesis]);
    const scores = await page.$$eval('#result-body .ig-highlights .ig-text mark', (ms) => ms.map((m) => Number(m.dataset.score)));
    assert.equal(scores.length, native.words.length);
    scores.forEach((score, i) => assertClose(score, native.words[i].score, `word "${native.words[i].text}"`));
    await page.fill('#text-pair', '');
    assert.deepEqual(errors, []);
  });

  it('question answering: a model folder from disk, a question and a context; the answer with its start and end rows', async () => {
    const { page, errors } = session;
    const folder = 'tests/core/explain/fixtures/qa-tiny';
    await page.setInputFiles('#model-folder', folder);
    await waitForModel(page, 'qa-tiny');
    assert.equal(await page.isVisible('#question'), true);
    assert.equal(await page.isVisible('#target'), false);
    const question = 'Where is the tower?';
    const context = 'The tower is in Paris, near the river.';
    await page.fill('#question', question);
    await explainText(page, context);
    const native = nativeExplain(folder, context, ['--question', question]);
    const texts = await page.$$eval('#result-body .ig-highlights .ig-text', (ps) => ps.map((p) => p.textContent));
    assert.deepEqual(texts, [question, context]);
    const answer = await page.textContent('#result-body .ig-answer-text');
    assert.ok(answer.startsWith(`Answer: ${native.answer.text}`), answer);
    const rows = await tableRows(page, '.ig-answer-table');
    assert.deepEqual(rows.map((r) => [r[0], Number(r[1])]), [
      ['Answer start', native.answer.start - native.pair_start],
      ['Answer end', native.answer.end - native.pair_start],
    ]);
    const shown = await shownResult(page);
    assertWordsMatch(shown, { words: native.words.filter((w) => w.end < native.pair_start) });
    await screenshot(page, 'page-task-qa');
    assert.deepEqual(errors, []);
  });
});

describe(`the page on WebGPU (default model ${defaultModel})`, () => {
  let session;
  before(async () => (session = await openPage(webgpu, url)));
  after(() => session?.browser.close());

  it('explains one text on the GPU backend and agrees with the native CLI', async () => {
    const { page, errors } = session;
    // The page's "auto" backend takes WebGPU when the browser offers an adapter.
    await waitForModel(page, defaultModel);
    const info = await page.textContent('#model-info');
    assert.match(info, /running on webgpu\./, info);
    // A fixed, small step count keeps SwiftShader's software GPU within the suite's time budget
    // whatever the default model's size; the CLI runs with the same count.
    await page.fill('#steps', '8');
    const input = 'a wonderful film';
    await explainText(page, input, { timeout: 240_000 });
    const shown = await shownResult(page);
    assert.equal(shown.text, input);
    assertWordsMatch(shown, nativeExplain(defaultModel, input, ['--steps', '8']));
    assert.match(shown.badge, /· 8 steps/);
    await screenshot(page, 'page-webgpu-1200');
    assert.deepEqual(errors, []);
  });

  it('falls back to WASM when a WebGPU run fails, says so, and gives the same numbers', async () => {
    const { page, errors } = session;
    // Every GPU submission from now on throws, in the page's workers (where ONNX Runtime runs):
    // the next run fails on WebGPU and the runner rebuilds its session on the wasm EP.
    for (const worker of page.workers()) {
      await worker.evaluate(() => {
        GPUQueue.prototype.submit = () => {
          throw new Error('injected GPU failure');
        };
      });
    }
    const input = 'a wonderful film';
    await explainText(page, input);
    const runInfo = await page.textContent('#result-body .ig-runinfo');
    assert.match(runInfo, /backend: wasm/);
    assert.match(runInfo, /a WebGPU run failed/);
    assertWordsMatch(await shownResult(page), nativeExplain(defaultModel, input, ['--steps', '8']));
    assert.deepEqual(errors, []);
  });
});
