// The task views (web/src/render/tasks.ts and the sections renderResult adds for them), read from
// real CLI results: NER entity groups, zero-shot candidates, the QA answer's start and end, and
// the attention weights.
import { describe, expect, it } from 'vitest';
import {
  answerRowsOf,
  attentionMatrix,
  candidateRowsOf,
  entityRowsOf,
  findAll,
  hasClass,
  renderResult,
  resultSummary,
  textContent,
  type VElement,
} from '../../web/src/render';
import { taskExplanation } from './render-fixtures';

const rowHeaders = (el: VElement) => findAll(el, (e) => e.tag === 'th' && e.attrs.scope === 'row').map(textContent);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('NER entity groups', () => {
  const exp = taskExplanation('ner');
  const entities = exp.entities!;

  it('gives one row per entity with its exact characters and its mean tag probability', () => {
    const rows = entityRowsOf(exp);
    expect(rows.map((r) => [r.entity, exp.text.slice(r.start, r.end)])).toEqual(entities.map((e) => [e.label, e.text]));
    expect(rows.map((r) => r.probability)).toEqual(entities.map((e) => e.score));
  });

  it("explains an entity by the sum of its words' tag attributions", () => {
    const multiWord = entities.findIndex((e) => e.words.length > 1);
    expect(multiWord).toBeGreaterThanOrEqual(0);
    const row = entityRowsOf(exp)[multiWord];
    const positions = entities[multiWord].words.map((w) => exp.words[w].tokens[0]);
    const parts = exp.targets.filter((t) => positions.includes(t.target.position!));
    expect(parts).toHaveLength(positions.length);
    row.explanation!.tokens.forEach((t, i) => expect(close(t.score, parts.reduce((s, p) => s + p.tokens[i].score, 0))).toBe(true));
    row.explanation!.words.forEach((w, i) => expect(close(w.score, parts.reduce((s, p) => s + p.words[i].score, 0))).toBe(true));
  });

  it('draws the entity table in the result panel', () => {
    const panel = renderResult({ text: exp.text, explanation: exp, granularity: 'word' });
    const table = findAll(panel, (e) => hasClass(e, 'ig-entity-table'))[0];
    expect(rowHeaders(table)).toEqual(entities.map((e) => e.label));
    expect(findAll(table, (e) => e.tag === 'q').map(textContent)).toEqual(entities.map((e) => e.text));
  });
});

describe('zero-shot candidates', () => {
  const exp = taskExplanation('zero-shot');
  const premise = exp.text.slice(0, exp.pair_start! - 1);

  it('lists every candidate, best first, each with its own explanation of the premise', () => {
    const rows = candidateRowsOf(exp);
    const candidates = exp.candidates!;
    expect(rows.map((r) => r.label).sort()).toEqual(candidates.map((c) => c.label).sort());
    expect(rows.map((r) => r.probability)).toEqual([...candidates.map((c) => c.score)].sort((a, b) => b - a));
    expect(rows[0].label).toBe(exp.prediction.label);
    for (const row of rows) {
      const own = candidates.find((c) => c.label === row.label)!;
      expect(row.explanation.tokens.map((t) => t.score)).toEqual(own.explanation.tokens.map((t) => t.score));
    }
  });

  it('draws the candidate table over the premise', () => {
    const panel = renderResult({ text: premise, explanation: exp, granularity: 'word' });
    const table = findAll(panel, (e) => hasClass(e, 'ig-label-table'))[0];
    expect(rowHeaders(table)).toEqual(candidateRowsOf(exp).map((r) => r.label));
    expect(findAll(table, (e) => hasClass(e, 'ig-text')).map(textContent)).toEqual(candidateRowsOf(exp).map(() => premise));
  });
});

describe('question answering', () => {
  const exp = taskExplanation('qa');
  const question = exp.text.slice(0, exp.pair_start! - 1);
  const context = exp.text.slice(exp.pair_start!);
  const answer = exp.answer!;

  it("gives the answer's start and end in the context, each with the logit it explains", () => {
    const [start, end] = answerRowsOf(exp);
    expect(context.slice(start.position, end.position)).toBe(answer.text);
    expect([start.logit, end.logit]).toEqual([answer.start_logit, answer.end_logit]);
    expect(start.explanation.target.label).toBe('start');
    expect(end.explanation.target.label).toBe('end');
  });

  it('shows the answer and its start and end rows over the context', () => {
    const panel = renderResult({ text: question, textPair: context, explanation: exp, granularity: 'word' });
    // The pair's offsets count both texts; each is highlighted over its own characters.
    const highlighted = findAll(findAll(panel, (e) => hasClass(e, 'ig-highlights'))[0], (e) => hasClass(e, 'ig-text'));
    expect(highlighted.map(textContent)).toEqual([question, context]);
    expect(findAll(highlighted[1], (e) => e.tag === 'mark').map(textContent)).toEqual(exp.words.filter((w) => w.start >= exp.pair_start!).map((w) => w.text));
    expect(textContent(findAll(panel, (e) => hasClass(e, 'ig-answer-text'))[0])).toContain(answer.text);
    const table = findAll(panel, (e) => hasClass(e, 'ig-answer-table'))[0];
    expect(rowHeaders(table)).toEqual(['Answer start', 'Answer end']);
    expect(findAll(table, (e) => hasClass(e, 'ig-text')).map(textContent)).toEqual([context, context]);
    const summary = resultSummary({ text: question, textPair: context, explanation: exp, granularity: 'word' });
    expect(summary.startsWith(`Answer "${answer.text}"`)).toBe(true);
    expect(summary).toContain('Explaining the answer start;');
  });
});

describe('attention', () => {
  const exp = taskExplanation('ner');
  const att = exp.attention!;

  it('picks one head of one layer, or their mean; every row is a distribution over the keys', () => {
    expect(att.tokens).toBe(exp.tokens.length);
    for (const head of [0, att.heads - 1, 'mean'] as const) {
      const { data, size } = attentionMatrix(att, att.layers - 1, head);
      for (let i = 0; i < size; i++) {
        const row = Array.from(data.subarray(i * size, (i + 1) * size));
        expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
      }
    }
    const offset = (1 * att.heads + 2) * att.tokens * att.tokens;
    expect(Array.from(attentionMatrix(att, 1, 2).data)).toEqual(att.weights.slice(offset, offset + att.tokens * att.tokens));
  });

  it('refuses a layer or head the model does not have, and weights of the wrong size', () => {
    expect(() => attentionMatrix(att, att.layers, 0)).toThrow(/not one of the model's/);
    expect(() => attentionMatrix(att, 0, att.heads)).toThrow(/not one of the/);
    expect(() => attentionMatrix({ ...att, weights: att.weights.slice(1) }, 0, 0)).toThrow(/explain the text again/);
  });

  it('draws the chosen matrix as a T×T heatmap, the last layer by default', () => {
    const panel = renderResult({ text: exp.text, explanation: exp, granularity: 'word', attention: { layer: 0, head: 1 } });
    const heatmap = findAll(panel, (e) => hasClass(e, 'ig-heatmap'))[0];
    expect(findAll(heatmap, (e) => hasClass(e, 'ig-heatmap-cell'))).toHaveLength(att.tokens * att.tokens);
    const caption = (panel: VElement) => textContent(findAll(findAll(panel, (e) => hasClass(e, 'ig-heatmap'))[0], (e) => e.tag === 'figcaption')[0]);
    expect(caption(panel)).toMatch(/layer 1 of \d, head 2 of \d/);
    const byDefault = renderResult({ text: exp.text, explanation: exp, granularity: 'word' });
    expect(caption(byDefault)).toContain(`layer ${att.layers} of ${att.layers}, mean of ${att.heads} heads`);
  });
});
