// Every task through the public API on the real WASM core in Node (ONNX Runtime Web, wasm):
// zero-shot, question answering, token classification with ignored labels, the attention view,
// flipSign and batches. Question answering runs on the random-weight QA fixture
// (tests/core/explain/fixtures/qa-tiny): no trained QA model ships.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IGLens } from '../../web/src/api';
import type { ModelFiles } from '../../web/src/model-files';
import type { Ort } from '../../web/src/runner';
import type { Explanation } from '../../web/src/types';
import { coreModuleUrl, coreWasm, hasModel, loadLens, repoRoot } from './support';

function load(files: ModelFiles): Promise<IGLens> {
  return IGLens.load(files, {
    backend: 'wasm',
    worker: false,
    core: { moduleUrl: coreModuleUrl, wasmBinary: coreWasm() },
    ort: ort as unknown as Ort,
  });
}

function qaFixture(): ModelFiles {
  const dir = join(repoRoot, 'tests/core/explain/fixtures/qa-tiny');
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) files[f] = readFileSync(join(dir, f));
  return { name: 'qa-tiny', files, onnx: readFileSync(join(dir, 'onnx/model.onnx')) };
}

function expectComplete(e: { completeness: Explanation['completeness'] }) {
  expect(e.completeness!.rel_error).not.toBeNull();
  expect(e.completeness!.rel_error!).toBeLessThanOrEqual(0.01);
}

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe.runIf(hasModel('esnli-nli'))('zero-shot on the NLI model', () => {
  let lens: IGLens;
  beforeAll(async () => {
    lens = await loadLens('esnli-nli');
  });
  afterAll(() => lens?.dispose());

  it('explains each candidate as its own pair job and scores them like transformers', async () => {
    const text = 'The team won the final match last night.';
    const result = await lens.explain(text, { candidateLabels: ['sports', 'politics', 'cooking'] });
    expect(result.explainer).toBe('zero-shot');
    expect(result.labels).toEqual(['sports', 'politics', 'cooking']);
    expect(result.candidates).toHaveLength(3);
    const entailed: number[] = [];
    for (const c of result.candidates!) {
      expect(c.hypothesis).toBe(`This example is ${c.label}.`);
      const alone = await lens.explain(text, { pair: c.hypothesis, target: 'entailment' });
      expect(c.explanation.tokens.map((t) => t.score)).toEqual(alone.tokens.map((t) => t.score));
      expect(c.explanation.target.label).toBe('entailment');
      expectComplete(c.explanation);
      entailed.push(alone.prediction.logits![alone.labels.indexOf('entailment')]);
    }
    const total = entailed.reduce((s, e) => s + Math.exp(e), 0);
    result.prediction.probabilities.forEach((p, k) => expect(p).toBeCloseTo(Math.exp(entailed[k]) / total, 9));
    expect(result.prediction.label).toBe(result.labels[result.prediction.index]);
  });

  it('multi-label mode compares entailment with contradiction per candidate', async () => {
    const result = await lens.explain('A chef slices onions.', {
      candidateLabels: ['cooking', 'sports'],
      hypothesisTemplate: 'This text is about {}.',
      multiLabel: true,
      steps: 8,
    });
    expect(result.multi_label).toBe(true);
    for (const c of result.candidates!) {
      const logits = c.explanation.prediction.logits!;
      const [e, k] = [c.explanation.labels.indexOf('entailment'), c.explanation.labels.indexOf('contradiction')];
      expect(c.score).toBeCloseTo(1 / (1 + Math.exp(logits[k] - logits[e])), 9);
    }
  });

  it('refuses a template without {} and a model without an entailment label', async () => {
    await expect(lens.explain('text', { candidateLabels: ['a'], hypothesisTemplate: 'no slot' })).rejects.toThrow(/\{\}/);
    const tiny = await loadLens('tiny');
    await expect(tiny.explain('a fine film', { candidateLabels: ['a', 'b'] })).rejects.toThrow(/entailment/);
    await tiny.dispose();
  });
});

describe('question answering on the QA test model', () => {
  let lens: IGLens;
  beforeAll(async () => {
    lens = await load(qaFixture());
  });
  afterAll(() => lens?.dispose());

  it('finds an answer span in the context and explains its start and end', async () => {
    const question = 'Where is the Eiffel Tower?';
    const context = 'The Eiffel Tower is an iron tower in Paris, France.';
    const result = await lens.explain(context, { question });
    expect(result.explainer).toBe('question-answering');
    expect(result.text).toBe(`${question}\n${context}`);
    const answer = result.answer!;
    expect(answer.start).toBeGreaterThanOrEqual(result.pair_start!);
    expect(slice(result.text, answer)).toBe(answer.text);
    expect(answer.end_token - answer.start_token).toBeLessThan(15);
    expect(result.targets.map((t) => [t.target.label, t.target.position])).toEqual([
      ['start', answer.start_token],
      ['end', answer.end_token],
    ]);
    result.targets.forEach(expectComplete);
    // F(x) of each row is the logit the span was chosen by (an independent run).
    expect(result.targets[0].completeness!.f_input).toBeCloseTo(answer.start_logit, 4);
    expect(result.targets[1].completeness!.f_input).toBeCloseTo(answer.end_logit, 4);
    // The prediction is the answer, not a softmax over (start, end) at one token.
    expect(result.prediction).toEqual({
      label: answer.text,
      index: -1,
      probabilities: [],
      logits: [answer.start_logit, answer.end_logit],
      score: answer.score,
    });
    const short = await lens.explain(context, { question, maxAnswerTokens: 1, steps: 8 });
    expect(short.answer!.end_token).toBe(short.answer!.start_token);
    await expect(lens.explain(context)).rejects.toThrow(/needs a question/);
  });
});

describe.runIf(hasModel('conll-ner'))('token classification', () => {
  let lens: IGLens;
  beforeAll(async () => {
    lens = await loadLens('conll-ner');
  });
  afterAll(() => lens?.dispose());

  it('skips tokens predicted as an ignored label and groups entities', async () => {
    const text = 'John Smith lives in New York';
    const every = await lens.explain(text, { steps: 8 });
    const kept = await lens.explain(text, { steps: 8, ignoredLabels: ['O'] });
    const notO = every.targets.filter((t) => t.target.label !== 'O');
    expect(kept.targets.map((t) => t.target)).toEqual(notO.map((t) => t.target));
    expect(kept.rows).toBeLessThan(every.rows);
    for (const e of kept.entities!) {
      expect(slice(text, e)).toBe(e.text);
      expect(e.label).not.toMatch(/^[BI]-/);
    }
    const one = await lens.explain(text, { steps: 8, positions: [every.targets[0].target.position!] });
    expect(one.targets).toHaveLength(1);
  });
});

describe('attention view, flipSign and batches', () => {
  it('returns each layer and head attention at the input when asked, from the same load', async () => {
    const lens = await loadLens('tiny');
    const result = await lens.explain('a gripping, funny film', { attention: true, steps: 8 });
    const a = result.attention!;
    expect(a.tokens).toBe(result.tokens.length);
    expect(a.weights).toHaveLength(a.layers * a.heads * a.tokens * a.tokens);
    for (let row = 0; row < a.layers * a.heads * a.tokens; row++) {
      const sum = a.weights.slice(row * a.tokens, (row + 1) * a.tokens).reduce((s, w) => s + w, 0);
      expect(sum).toBeCloseTo(1, 4);
    }
    // Read from the explanation's own runs: none is added for it, and the scores are the same.
    const without = await lens.explain('a gripping, funny film', { steps: 8 });
    expect(without.attention).toBeUndefined();
    expect(result.runs).toBe(without.runs);
    without.tokens.forEach((t, i) => expect(result.tokens[i].score).toBeCloseTo(t.score, 6));
    await lens.dispose();
  });

  it('flipSign negates every score and F', async () => {
    const lens = await loadLens('tiny');
    const plain = await lens.explain('a gripping, funny film', { target: 'POSITIVE', steps: 8 });
    const flipped = await lens.explain('a gripping, funny film', { target: 'POSITIVE', steps: 8, flipSign: true });
    expect(flipped.flip_sign).toBe(true);
    // (+ 0 turns the special tokens' -0 into 0)
    expect(flipped.tokens.map((t) => t.score + 0)).toEqual(plain.tokens.map((t) => -t.score + 0));
    expect(flipped.completeness!.f_input).toBe(-plain.completeness!.f_input);
    await lens.dispose();
  });

  it('explainBatch gives one combined result equal to separate explanations', async () => {
    const lens = await loadLens('tiny');
    const texts = ['a gripping, funny film', 'the plot is thin'];
    const batch = await lens.explainBatch(texts, { steps: 8 });
    expect(batch.results).toHaveLength(2);
    for (const [i, text] of texts.entries()) {
      const alone = await lens.explain(text, { steps: 8 });
      expect(batch.results[i].text).toBe(text);
      expect(batch.results[i].tokens).toEqual(alone.tokens);
      expect(batch.results[i].backend).toBe('wasm');
    }
    await expect(lens.explainBatch([])).rejects.toThrow(/at least one text/);
    await lens.dispose();
  });
});
