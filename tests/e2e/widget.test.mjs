// The <ig-lens> element on the docs page (build/web/widget.html) in Chromium (WASM): every
// element renders its explanation inside its own shadow root, nothing loads before an element
// comes near the viewport, and all elements naming the same model share one model download.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends, openPage, screenshot, serve } from './browser.mjs';

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
  });
});
