// IG in Node through the public API: the WASM core prepares the graph and plans the runs, ONNX
// Runtime Web (wasm) executes them, and the attributions equal the native CLI's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IGLens } from '../../web/src/api';
import { cliJson, loadLens } from './support';

function expectClose(a: number, b: number, rel = 1e-4, abs = 1e-5) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(abs + rel * Math.abs(b));
}

describe('explain on the tiny model', () => {
  let lens: IGLens;
  beforeAll(async () => {
    lens = await loadLens('tiny');
  });
  afterAll(() => lens?.dispose());

  const cases: [string, string[], Record<string, string>][] = [
    ['a gripping, funny and heartfelt film', [], {}],
    ['the plot is thin and the acting is wooden.', ['--target', 'POSITIVE', '--steps', '24'], { target: 'POSITIVE', steps: '24' }],
    ['a thoughtful film', ['--method', 'gxi'], { method: 'gxi' }],
    ['not bad at all', ['--baseline', 'zero', '--objective', 'prob'], { baseline: 'zero', objective: 'prob' }],
    ['a dull, lifeless remake', ['--baseline', 'pad'], { baseline: 'pad' }],
  ];

  it.each(cases)('%j %j equals the native CLI', async (text, flags, options) => {
    const native = cliJson(['explain', '--model', 'models/tiny', '--json', ...flags, text]);
    const web = await lens.explain(text, options as never);
    expect(web.prediction.label).toBe(native.prediction.label);
    expect(web.target).toEqual(native.target);
    expect(web.steps).toBe(native.steps);
    expect(web.tokens.map((t) => [t.text, t.start, t.end, t.special])).toEqual(
      native.tokens.map((t: { text: string; start: number; end: number; special: boolean }) => [t.text, t.start, t.end, t.special]),
    );
    web.tokens.forEach((t, i) => expectClose(t.score, native.tokens[i].score));
    web.words.forEach((w, i) => expectClose(w.score, native.words[i].score));
    if (native.completeness) {
      expectClose(web.completeness!.f_input, native.completeness.f_input);
      expectClose(web.completeness!.sum, native.completeness.sum);
    } else {
      expect(web.completeness).toBeNull();
    }
  });

  it('proves completeness: Σ attributions ≈ F(x) − F(x′) within 1% by default', async () => {
    const result = await lens.explain('an endearing, witty and wise film');
    const { f_input, f_baseline, sum, rel_error } = result.completeness!;
    expect(Math.abs(sum - (f_input - f_baseline))).toBeLessThanOrEqual(0.01 * Math.abs(f_input - f_baseline) + 1e-6);
    expect(rel_error).toBeLessThanOrEqual(0.01);
    const tokenSum = result.tokens.reduce((s, t) => s + t.score, 0);
    const wordSum = result.words.reduce((s, w) => s + w.score, 0);
    expectClose(tokenSum, sum, 1e-9, 1e-9);
    expectClose(wordSum, sum, 1e-9, 1e-9);
  });

  it('defaults to the [MASK] baseline and names it; PAD is there when asked for', async () => {
    const text = 'a dull, lifeless remake';
    const byDefault = await lens.explain(text);
    expect(byDefault.baseline).toEqual({ kind: 'mask', keep_special_tokens: true });
    const auto = await lens.explain(text, { baseline: 'auto' });
    expect(auto.baseline).toEqual(byDefault.baseline);
    expect(auto.tokens).toEqual(byDefault.tokens);
    const pad = await lens.explain(text, { baseline: 'pad' });
    expect(pad.baseline).toEqual({ kind: 'pad', keep_special_tokens: true });
    expect(pad.completeness!.f_baseline).not.toBe(byDefault.completeness!.f_baseline);
  });

  it('maps every word back to the exact characters of the text', async () => {
    const text = 'Ünïcödé  and  emoji 🎬 are fine';
    const result = await lens.explain(text, { steps: 8 });
    for (const w of result.words) expect(text.slice(w.start, w.end).trim()).toBe(w.text.trim());
  });

  it('reports progress and rejects bad requests with clear errors', async () => {
    const seen: number[] = [];
    await lens.explain('a funny film', { onProgress: (p: { done: number }) => seen.push(p.done) });
    expect(seen.length).toBeGreaterThan(0);
    await expect(lens.explain('')).rejects.toThrow(/text is empty/);
    await expect(lens.explain('fine', { target: 'NEUTRAL' })).rejects.toThrow(/unknown label 'NEUTRAL'.*0=NEGATIVE, 1=POSITIVE/);
    await expect(lens.explain('fine', { steps: 0 })).rejects.toThrow(/steps must be a whole number/);
  });
});

describe('several targets and pairs on the tiny model', () => {
  let lens: IGLens;
  beforeAll(async () => {
    lens = await loadLens('tiny');
  });
  afterAll(() => lens?.dispose());

  it("explains every label in one job ('all'), each row equal to its own single-target job", async () => {
    const text = 'a funny but slow film';
    const all = await lens.explain(text, { target: 'all', steps: 16 });
    expect(all.targets.map((t) => t.target.label)).toEqual(['NEGATIVE', 'POSITIVE']);
    for (const row of all.targets) {
      const single = await lens.explain(text, { target: row.target.label, steps: 16 });
      row.tokens.forEach((t, i) => expectClose(t.score, single.tokens[i].score));
    }
  });

  it('explains a pair over both texts and says where the second begins', async () => {
    const result = await lens.explain('a funny film', { pair: 'but the ending drags', steps: 16 });
    const native = cliJson(['explain', '--model', 'models/tiny', '--json', '--steps', '16', '--pair', 'but the ending drags', 'a funny film']);
    const shown = 'a funny film\nbut the ending drags';
    expect(result.text).toBe(shown);
    expect(result.pair_start).toBe(13);
    expect(result.words.map((w) => shown.slice(w.start, w.end))).toEqual(['a', 'funny', 'film', 'but', 'the', 'ending', 'drags']);
    result.words.forEach((w, i) => expectClose(w.score, native.words[i].score));
  });
});
