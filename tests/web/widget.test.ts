// The <ig-lens> element's logic that runs without a browser: attribute parsing, the shared
// model loads (one load per model for many elements), the per-model queue, and its view.
import { describe, expect, it } from 'vitest';
import { explainOptions, loadKey, readWidgetConfig } from '../../web/src/widget/attributes';
import { SharedLoads } from '../../web/src/widget/shared-loads';
import { renderWidgetFrame, renderWidgetResult } from '../../web/src/widget/view';
import { findAll, hasClass, textContent, toHtml } from '../../web/src/render';
import { simpleExplanation } from './render-fixtures';

const BASE = 'https://docs.example/guide/page.html';

function attrs(map: Record<string, string>) {
  return (name: string) => (name in map ? map[name] : null);
}

describe('widget attributes', () => {
  it('resolves the model against the page and fills defaults', () => {
    const c = readWidgetConfig(attrs({ model: 'models/sst2', text: 'fine film' }), '', BASE);
    expect(c).toEqual({
      model: 'https://docs.example/guide/models/sst2/',
      text: 'fine film',
      method: 'ig',
      baseline: 'auto',
      steps: 'auto',
      objective: 'logit',
      granularity: 'word',
      topK: 5,
      backend: 'auto',
      multiLabel: false,
      attention: false,
      flipSign: false,
    });
  });

  it('reads the task attributes and maps them onto the same explain options as the page', () => {
    const zeroShot = readWidgetConfig(
      attrs({ model: 'm', text: 'A man plays football.', labels: 'sports, cooking,, sports', 'hypothesis-template': 'It is about {}.', 'multi-label': '' }),
      '',
      BASE,
    );
    expect(explainOptions(zeroShot)).toEqual({
      method: 'ig',
      baseline: 'auto',
      steps: 'auto',
      objective: 'logit',
      candidateLabels: ['sports', 'cooking'],
      multiLabel: true,
      hypothesisTemplate: 'It is about {}.',
    });
    const ner = readWidgetConfig(attrs({ model: 'm', text: 'John lives in Berlin.', 'ignored-labels': 'O', attention: 'true', 'flip-sign': '' }), '', BASE);
    expect(explainOptions(ner)).toMatchObject({ ignoredLabels: ['O'], attention: true, flipSign: true });
    const qa = readWidgetConfig(attrs({ model: 'm', text: 'The tower is in Paris.', question: 'Where is the tower?', target: 'POSITIVE' }), '', BASE);
    const qaOptions = explainOptions(qa);
    expect(qaOptions.question).toBe('Where is the tower?');
    expect(qaOptions).not.toHaveProperty('target');
    const pair = readWidgetConfig(attrs({ model: 'm', text: 'a', pair: 'b', target: 'all', 'multi-label': 'false' }), '', BASE);
    expect(explainOptions(pair)).toMatchObject({ pair: 'b', target: 'all' });
    expect(explainOptions(pair)).not.toHaveProperty('multiLabel');
    const several = readWidgetConfig(attrs({ model: 'm', text: 'a', target: 'gratitude, joy,' }), '', BASE);
    expect(explainOptions(several).target).toEqual(['gratitude', 'joy']);
  });

  it('explains task attributes that do not fit together', () => {
    const bad = (map: Record<string, string>) => () => readWidgetConfig(attrs({ model: 'm', text: 't', ...map }), '', BASE);
    expect(bad({ question: 'q?', pair: 'p' })).toThrow(/question.*leave out pair/);
    expect(bad({ question: '  ' })).toThrow(/type the question/);
    expect(bad({ labels: 'a,b', pair: 'p' })).toThrow(/leave out pair/);
    expect(bad({ 'hypothesis-template': 'It is {}.' })).toThrow(/goes with labels/);
    expect(bad({ 'multi-label': '' })).toThrow(/multi-label.*goes with labels/);
    expect(bad({ labels: 'a', 'hypothesis-template': 'no slot' })).toThrow(/mark where the label goes/);
    expect(bad({ attention: 'yes' })).toThrow(/attention="yes"/);
  });

  it('reads every option, and the element text when there is no text attribute', () => {
    const c = readWidgetConfig(
      attrs({ model: '/m/x/', target: 'POSITIVE', method: 'SmoothGrad', baseline: 'mask', steps: '64', objective: 'prob', granularity: 'token', 'top-k': '0', backend: 'wasm', pair: 'b', 'asset-base': '../' }),
      '  inner text  ',
      BASE,
    );
    expect(c).toMatchObject({ model: 'https://docs.example/m/x/', text: 'inner text', target: 'POSITIVE', method: 'smoothgrad', baseline: 'mask', steps: 64, objective: 'prob', granularity: 'token', topK: 0, backend: 'wasm', pair: 'b', assetBase: 'https://docs.example/' });
    expect(readWidgetConfig(attrs({ model: 'm', text: 't', 'target-index': '1' }), '', BASE).target).toBe(1);
  });

  it('explains mistakes in the markup', () => {
    expect(() => readWidgetConfig(attrs({ text: 't' }), '', BASE)).toThrow(/needs a model attribute/);
    expect(() => readWidgetConfig(attrs({ model: 'm' }), '   ', BASE)).toThrow(/needs a text attribute/);
    expect(() => readWidgetConfig(attrs({ model: 'm', text: 't', method: 'lime' }), '', BASE)).toThrow(/method="lime".*ig, saliency, gxi, smoothgrad/);
    expect(() => readWidgetConfig(attrs({ model: 'm', text: 't', steps: '0' }), '', BASE)).toThrow(/steps/);
    expect(() => readWidgetConfig(attrs({ model: 'm', text: 't', 'top-k': '-1' }), '', BASE)).toThrow(/top-k/);
    expect(() => readWidgetConfig(attrs({ model: 'm', text: 't', 'target-index': 'x' }), '', BASE)).toThrow(/target-index/);
  });

  it('shares a load between spellings of the same folder and with the attention view, not between backends', () => {
    const a = readWidgetConfig(attrs({ model: 'models/sst2', text: 't' }), '', BASE);
    const b = readWidgetConfig(attrs({ model: './models/sst2/', text: 'u', target: 'NEGATIVE' }), '', BASE);
    const c = readWidgetConfig(attrs({ model: 'models/sst2', text: 't', backend: 'wasm' }), '', BASE);
    const d = readWidgetConfig(attrs({ model: 'models/sst2', text: 't', attention: '' }), '', BASE);
    expect(loadKey(a)).toBe(loadKey(b));
    expect(loadKey(a)).not.toBe(loadKey(c));
    // Every prepared graph carries the attention outputs: the attention view needs no load of its own.
    expect(loadKey(a)).toBe(loadKey(d));
  });
});

describe('shared model loads', () => {
  it('starts one load per key, however many elements ask, and tells all of them its progress', async () => {
    const loads = new SharedLoads<string, number>();
    let started = 0;
    let finish!: (v: string) => void;
    const start = (progress: (p: number) => void) => {
      started++;
      return new Promise<string>((resolve) => {
        finish = (v) => {
          progress(1);
          resolve(v);
        };
      });
    };
    const heard: string[] = [];
    const p1 = loads.get('m', start, (p) => heard.push(`a${p}`));
    const p2 = loads.get('m', start, (p) => heard.push(`b${p}`));
    const p3 = loads.get('other', async () => 'other model');
    await Promise.resolve();
    finish('lens');
    expect(await p1).toBe('lens');
    expect(await p2).toBe('lens');
    expect(await p3).toBe('other model');
    expect(started).toBe(1);
    expect(heard).toEqual(['a1', 'b1']);
    expect(loads.size).toBe(2);
  });

  it('forgets a failed load so the next element retries', async () => {
    const loads = new SharedLoads<string>();
    let attempts = 0;
    const flaky = async () => {
      attempts++;
      if (attempts === 1) throw new Error('network down');
      return 'lens';
    };
    await expect(loads.get('m', flaky)).rejects.toThrow('network down');
    expect(loads.has('m')).toBe(false);
    expect(await loads.get('m', flaky)).toBe('lens');
    expect(attempts).toBe(2);
  });

  it('runs the explanations of one model one at a time, in order, even when one fails', async () => {
    const loads = new SharedLoads<string>();
    await loads.get('m', async () => 'lens');
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      running--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([loads.enqueue('m', task('a')), loads.enqueue('m', task('b', true)), loads.enqueue('m', task('c'))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expect(loads.enqueue('unknown', task('x'))).rejects.toThrow(/no model load/);
  });
});

describe('widget view', () => {
  it('shows the prediction, the exact text, a legend and the badge, escaping everything', () => {
    const text = '<img src=x onerror=alert(1)> lovely';
    const exp = simpleExplanation(text, [0.1, 0.2, -0.3, 0.9]);
    const view = renderWidgetResult({ text, explanation: exp, granularity: 'word' }, 3);
    expect(textContent(findAll(view, (e) => hasClass(e, 'ig-text'))[0])).toBe(text);
    expect(findAll(view, (e) => hasClass(e, 'ig-legend'))).toHaveLength(1);
    expect(findAll(view, (e) => hasClass(e, 'ig-badge-ok'))).toHaveLength(1);
    expect(findAll(view, (e) => hasClass(e, 'ig-bar-row'))).toHaveLength(3);
    expect(toHtml(view)).not.toMatch(/<img/);
    expect(findAll(renderWidgetResult({ text, explanation: exp, granularity: 'word' }, 0), (e) => hasClass(e, 'ig-bar-row'))).toHaveLength(0);
  });

  it('marks the active granularity on the toggle', () => {
    const frame = renderWidgetFrame('token');
    const pressed = findAll(frame, (e) => e.tag === 'button').map((b) => [b.attrs['data-granularity'], b.attrs['aria-pressed']]);
    expect(pressed).toEqual([
      ['word', 'false'],
      ['token', 'true'],
    ]);
  });
});
