// Every shipped model folder (models/<name>/config.json) loads in ONNX Runtime Web (wasm) through
// the public API and explains a sentence exactly as the native CLI does on native ONNX Runtime:
// same tokens, prediction and targets, the same scores, and every row complete within 1 %.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../web/src/types';
import { cliJson, loadLens, repoRoot } from './support';

const text = "The film's ending, a quiet reunion in Paris, moved me more than I expected.";
const secondText = 'Someone liked a movie.';

const modelsDir = join(repoRoot, 'models');
const shipped = readdirSync(modelsDir).filter((name) => existsSync(join(modelsDir, name, 'config.json'))).sort();

function expectClose(a: number, b: number, rel = 1e-4, abs = 1e-5) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(abs + rel * Math.abs(b));
}

it('covers every model folder the models README lists', () => {
  expect(shipped).toEqual(['conll-ner', 'esnli-nli', 'goemotions', 'sst2', 'tiny']);
});

describe.each(shipped)('models/%s', (name) => {
  it('loads in ONNX Runtime Web and explains like the native CLI', async () => {
    const config = JSON.parse(readFileSync(join(modelsDir, name, 'config.json'), 'utf8'));
    const labels = Object.keys(config.id2label).sort((a, b) => Number(a) - Number(b)).map((k) => config.id2label[k]);
    const pair = labels.includes('entailment') ? secondText : undefined;
    // Token classification: one row per token not predicted 'O' keeps the run short.
    const ignoredLabels = labels.includes('O') ? ['O'] : undefined;
    const flags = [...(pair ? ['--pair', pair] : []), ...(ignoredLabels ? ['--ignored-labels', 'O'] : [])];

    const lens = await loadLens(name);
    try {
      expect(lens.info.labels).toEqual(labels);
      expect(lens.info.backend).toBe('wasm');
      const native = cliJson(['explain', '--model', `models/${name}`, '--json', ...flags, text]);
      const web = await lens.explain(text, { pair, ignoredLabels });

      expect(web.tokens.map((t) => [t.text, t.start, t.end])).toEqual(
        native.tokens.map((t: { text: string; start: number; end: number }) => [t.text, t.start, t.end]),
      );
      expect(web.prediction.label).toBe(native.prediction.label);
      web.prediction.logits!.forEach((v, i) => expectClose(v, native.prediction.logits[i]));
      expect(web.steps).toBe(native.steps);
      expect(web.targets.map((t) => t.target)).toEqual(native.targets.map((t: TargetResult) => t.target));
      expect(web.targets.length).toBeGreaterThan(0);
      web.targets.forEach((row, i) => {
        row.tokens.forEach((t, j) => expectClose(t.score, native.targets[i].tokens[j].score));
        expect(row.completeness!.rel_error!).toBeLessThanOrEqual(0.01);
      });
    } finally {
      await lens.dispose();
    }
  });
});
