// The thin slice through every layer: the WASM core tokenizes in Node, ONNX Runtime Web (wasm)
// runs the model, and the result equals the native CLI's (core natively + native ONNX Runtime).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IGLens } from '../../web/src/api';
import { cliJson, loadLens } from './support';

const texts = [
  'a gripping , funny and heartfelt film',
  'the plot is thin and the acting is wooden .',
  'Ünïcödé, emoji 🎬 and CJK 电影 in one line',
];

describe('predict on the tiny model: WASM core + ONNX Runtime Web equals native', () => {
  let lens: IGLens;
  beforeAll(async () => {
    lens = await loadLens('tiny');
  });
  afterAll(() => lens?.dispose());

  it('loads the model and says what it is', () => {
    expect(lens.info.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(lens.info.backend).toBe('wasm');
    expect(lens.info.maxTokens).toBeGreaterThan(0);
  });

  it.each(texts)('agrees with the native CLI on %j', async (text) => {
    const web = await lens.predict(text);
    const native = cliJson(['predict', '--model', 'models/tiny', '--json', text]);
    expect(web.tokens.map((t) => t.id)).toEqual(native.tokens.map((t: { id: number }) => t.id));
    expect(web.tokens.map((t) => [t.start, t.end])).toEqual(native.tokens.map((t: { start: number; end: number }) => [t.start, t.end]));
    expect(web.prediction.label).toBe(native.prediction.label);
    web.prediction.logits!.forEach((v, i) => expect(v).toBeCloseTo(native.prediction.logits[i], 5));
    web.prediction.probabilities.forEach((p, i) => expect(Math.abs(p - native.prediction.probabilities[i])).toBeLessThan(1e-5));
  });

  it('gives a clear error for empty text instead of a number', async () => {
    await expect(lens.predict('')).rejects.toThrow(/text is empty/);
  });
});
