// The <ig-lens> element on the docs page (build/web/widget.html) in Chromium (WASM): every
// element renders its explanation inside its own shadow root, nothing loads before an element
// comes near the viewport, all elements naming the same model share one model download, and
// the task embeds (zero-shot, NER with attention, several labels of a multi-label model) show
// their task views with the native CLI's numbers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertClose, backends, nativeEntityRow, nativeExplain, openPage, screenshot, screenshotDir, serve } from './browser.mjs';

const wasm = backends.find((b) => b.name === 'wasm');
// Short enough that the first example sits well below the fold (and the observer's 200 px margin).
const viewport = { width: 1200, height: 300 };

let server;
let url;
before(async () => ({ server, url } = await serve()));
after(() => server.close());

/** What each <ig-lens> shows: its text attribute and its shadow root's highlighted text. */
function widgetStates(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('ig-lens')].map((el) => ({
      model: el.getAttribute('model'),
      text: el.getAttribute('text'),
      shadow: el.shadowRoot !== null,
      shown: el.shadowRoot?.querySelector('.ig-text')?.textContent ?? null,
      error: el.shadowRoot?.querySelector('.w-error, .ig-error')?.textContent ?? null,
      badge: el.shadowRoot?.querySelector('.ig-badge')?.textContent ?? null,
      top: el.getBoundingClientRect().top + window.scrollY,
    })),
  );
}

/** What the element naming `model` shows in its shadow root. */
function embedView(page, model) {
  return page.evaluate((model) => {
    const el = [...document.querySelectorAll('ig-lens')].find((e) => e.getAttribute('model') === model);
    const root = el.shadowRoot;
    const error = root.querySelector('.w-error')?.textContent;
    if (error) throw new Error(error);
    const texts = [...root.querySelectorAll('.ig-highlights .ig-text')];
    return {
      texts: texts.map((p) => p.textContent),
      scores: texts.map((p) => [...p.querySelectorAll('mark')].map((m) => Number(m.dataset.score))),
      groups: [...root.querySelectorAll('.ig-highlights .ig-group')].map((g) => [g.dataset.group, g.textContent, g.classList.contains('is-chosen')]),
      choices: [...root.querySelectorAll('button[data-focus-row]')].map((b) => [b.textContent, b.getAttribute('aria-pressed')]),
      focused: root.activeElement?.dataset?.focusRow ?? null,
      headline: root.querySelector('.ig-prediction-head')?.textContent ?? '',
      badge: root.querySelector('.ig-badge')?.textContent ?? '',
      cells: [...root.querySelectorAll('.ig-heatmap-cell')].map((td) => Number(td.dataset.weight)),
    };
  }, model);
}

/** Presses the element's chooser button `index` from the keyboard (focus, then Enter). */
async function chooseRow(page, model, index) {
  await page.evaluate(
    ([model, index]) => {
      const el = [...document.querySelectorAll('ig-lens')].find((e) => e.getAttribute('model') === model);
      el.shadowRoot.querySelectorAll('button[data-focus-row]')[index].focus();
    },
    [model, index],
  );
  await page.keyboard.press('Enter');
}

/** A screenshot of one element only, readable at full size. */
async function screenshotEmbed(page, model, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.locator(`ig-lens[model="${model}"]`).screenshot({ path: `${screenshotDir}${name}.png` });
}

const assertScores = (shown, expected, what) => {
  assert.equal(shown.length, expected.length, `${what}: ${shown.length} highlighted words, native ${expected.length}`);
  shown.forEach((score, i) => assertClose(score, expected[i], `${what} word ${i}`));
};
const percent = (p) => `${(p * 100).toFixed(1)}%`;
/** The native words of the first text of a pair, and of the second. */
const premiseWords = (exp) => exp.words.filter((w) => w.end < exp.pair_start).map((w) => w.score);
const hypothesisWords = (exp) => exp.words.filter((w) => w.start >= exp.pair_start).map((w) => w.score);

const modelDownloads = (requests) => requests.filter((r) => /\/onnx\/model\.onnx$/.test(new URL(r.url).pathname));

describe('the <ig-lens> docs page', () => {
  let session;
  before(async () => {
    session = await openPage(wasm, 'about:blank');
    await session.page.setViewportSize(viewport);
    await session.page.goto(`${url}widget.html`);
  });
  after(() => session?.browser.close());

  it('fetches no model while every element is below the fold', async () => {
    const { page, requests } = session;
    await page.waitForFunction(() => customElements.get('ig-lens') !== undefined);
    const states = await widgetStates(page);
    assert.ok(states.length >= 3, `expected several widgets, found ${states.length}`);
    // The check means something only if the first element really starts beyond the observer's margin.
    assert.ok(states[0].top > viewport.height + 200, `first widget at ${states[0].top}px is not below the fold`);
    await page.waitForTimeout(1500);
    assert.deepEqual(modelDownloads(requests), []);
    assert.ok(states.every((s) => s.shown === null));
  });

  it('renders every element inside its shadow root once scrolled to, sharing one model download', async () => {
    const { page, requests, errors } = session;
    const count = (await widgetStates(page)).length;
    for (let i = 0; i < count; i++) {
      await page.evaluate((i) => document.querySelectorAll('ig-lens')[i].scrollIntoView({ block: 'center' }), i);
      await page.waitForFunction(
        (i) => {
          const root = document.querySelectorAll('ig-lens')[i].shadowRoot;
          const error = root?.querySelector('.w-error, .ig-error');
          if (error?.textContent) throw new Error(error.textContent);
          return root?.querySelector('.ig-text') != null;
        },
        i,
        { timeout: 120_000 },
      );
    }
    const states = await widgetStates(page);
    for (const s of states) {
      assert.ok(s.shadow);
      assert.equal(s.shown, s.text, 'the highlighted text is the text attribute, exactly');
      assert.match(s.badge ?? '', /Completeness error|No completeness check/);
    }
    // The result lives only in shadow roots: the page's own DOM has no result markup.
    assert.equal(await page.evaluate(() => document.querySelectorAll('.ig-text, .ig-badge').length), 0);
    const perModel = new Map();
    for (const r of modelDownloads(requests)) perModel.set(new URL(r.url).pathname, (perModel.get(new URL(r.url).pathname) ?? 0) + 1);
    const models = new Set(states.map((s) => s.model));
    assert.equal(perModel.size, models.size, `model downloads: ${[...perModel.keys()].join(', ')}`);
    for (const [path, n] of perModel) assert.equal(n, 1, `${path} was fetched ${n} times`);
    assert.deepEqual(errors, []);
    await page.setViewportSize({ width: 1200, height: 900 });
    await screenshot(page, 'widget-wasm-1200');
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth);
    await screenshot(page, 'widget-wasm-360');
    assert.ok(overflow <= 360, `docs page scrollWidth ${overflow} at 360 px`);
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('zero-shot: the candidates ranked, the best one highlighted over premise and hypothesis, another chosen by keyboard', async () => {
    const { page, errors } = session;
    const model = 'models/esnli-nli';
    const text = await page.evaluate((m) => document.querySelector(`ig-lens[model="${m}"]`).getAttribute('text'), model);
    const native = nativeExplain('esnli-nli', text, ['--labels', 'sports,cooking,politics', '--hypothesis-template', 'This example is about {}.']);
    const ranked = [...native.candidates].sort((a, b) => b.score - a.score);
    let shown = await embedView(page, model);
    assert.deepEqual(shown.choices, ranked.map((c, i) => [`${c.label} ${percent(c.score)}`, String(i === 0)]));
    assert.deepEqual(shown.texts, [text, ranked[0].hypothesis]);
    assertScores(shown.scores[0], premiseWords(ranked[0].explanation), 'best candidate, premise');
    assertScores(shown.scores[1], hypothesisWords(ranked[0].explanation), 'best candidate, hypothesis');
    await screenshotEmbed(page, model, 'widget-zero-shot');

    await chooseRow(page, model, 1);
    shown = await embedView(page, model);
    assert.equal(shown.focused, `label:${ranked[1].label}`, 'the keyboard stays on the chosen button');
    assert.deepEqual(shown.texts, [text, ranked[1].hypothesis]);
    assertScores(shown.scores[0], premiseWords(ranked[1].explanation), 'second candidate, premise');
    assert.ok(shown.headline.includes(`entailment of ${ranked[1].hypothesis}`), shown.headline);

    // An attribute change runs again: each candidate scored on its own, as the CLI's --multi-label.
    await page.evaluate((m) => document.querySelector(`ig-lens[model="${m}"]`).setAttribute('multi-label', ''), model);
    const independent = nativeExplain('esnli-nli', text, ['--labels', 'sports,cooking,politics', '--hypothesis-template', 'This example is about {}.', '--multi-label']);
    const byScore = [...independent.candidates].sort((a, b) => b.score - a.score);
    await page.waitForFunction(
      ([m, first]) => document.querySelector(`ig-lens[model="${m}"]`).shadowRoot.querySelector('button[data-focus-row]')?.textContent === first,
      [model, `${byScore[0].label} ${percent(byScore[0].score)}`],
      { timeout: 120_000 },
    );
    shown = await embedView(page, model);
    assert.deepEqual(shown.choices.map((c) => c[0]), byScore.map((c) => `${c.label} ${percent(c.score)}`));
    assertScores(shown.scores[0], premiseWords(byScore[0].explanation), 'multi-label best candidate');
    assert.deepEqual(errors, []);
  });

  it("NER: entity groups underlined with their tags, an entity's summed row, the attention heatmap", async () => {
    const { page, errors } = session;
    const model = 'models/conll-ner';
    const text = await page.evaluate((m) => document.querySelector(`ig-lens[model="${m}"]`).getAttribute('text'), model);
    const native = nativeExplain('conll-ner', text, ['--ignored-labels', 'O', '--attention']);
    const entityRow = (e) => nativeEntityRow(native, e).map((w) => w.score);
    let shown = await embedView(page, model);
    assert.deepEqual(shown.texts, [text]);
    assert.deepEqual(shown.groups, native.entities.map((e, i) => [e.label, e.text, i === 0]));
    assert.deepEqual(shown.choices.map((c) => c[0]), native.entities.map((e) => `${e.label} \u201c${e.text}\u201d ${percent(e.score)}`));
    assertScores(shown.scores[0], entityRow(native.entities[0]), `entity ${native.entities[0].text}`);
    assert.match(shown.badge, /Completeness error/);

    const { layers, heads, tokens, weights } = native.attention;
    assert.equal(shown.cells.length, tokens * tokens);
    // The last layer's mean over its heads, query row 0.
    for (let k = 0; k < tokens; k++) {
      let mean = 0;
      for (let h = 0; h < heads; h++) mean += weights[((layers - 1) * heads + h) * tokens * tokens + k] / heads;
      assertClose(shown.cells[k], mean, `attention [last layer][mean][0][${k}]`);
    }

    const last = native.entities.length - 1;
    await chooseRow(page, model, last);
    shown = await embedView(page, model);
    assert.deepEqual(shown.groups.map((g) => g[2]), native.entities.map((_, i) => i === last));
    assertScores(shown.scores[0], entityRow(native.entities[last]), `entity ${native.entities[last].text}`);
    assert.ok(shown.headline.endsWith(`showing ${native.entities[last].label} \u201c${native.entities[last].text}\u201d`), shown.headline);
    await screenshotEmbed(page, model, 'widget-ner');
    assert.deepEqual(errors, []);
  });

  it('several labels of a multi-label model: one row each, the most probable shown first', async () => {
    const { page, errors } = session;
    const model = 'models/goemotions';
    const text = await page.evaluate((m) => document.querySelector(`ig-lens[model="${m}"]`).getAttribute('text'), model);
    const native = nativeExplain('goemotions', text, ['--target', 'gratitude', '--target', 'joy', '--target', 'admiration']);
    const rows = native.targets
      .map((t) => ({ label: t.target.label, p: native.prediction.probabilities[t.target.index], words: t.words.map((w) => w.score) }))
      .sort((a, b) => b.p - a.p);
    let shown = await embedView(page, model);
    assert.deepEqual(shown.choices, rows.map((r, i) => [`${r.label} ${percent(r.p)}`, String(i === 0)]));
    assertScores(shown.scores[0], rows[0].words, rows[0].label);
    assert.match(shown.headline, new RegExp(`^Top label: ${native.prediction.label}`));
    await chooseRow(page, model, 2);
    shown = await embedView(page, model);
    assertScores(shown.scores[0], rows[2].words, rows[2].label);
    await screenshotEmbed(page, model, 'widget-multi-label');
    assert.deepEqual(errors, []);
  });
});
