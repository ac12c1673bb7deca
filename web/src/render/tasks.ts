// The task-specific fields of a result (types.ts; written by the core's TaskJob) turned into the
// rows the tables draw: zero-shot candidates, NER entity groups, the QA answer's
// start and end, and one attention matrix picked by layer and head.

import type { AttentionView, Completeness, Explanation, TargetResult } from '../types';
import type { AnswerRow, EntityRow, LabelRow } from './tables';

/** Zero-shot: one row per candidate label, best first, each with its own explanation of the premise. */
export function candidateRowsOf(exp: Explanation): LabelRow[] {
  const candidates = exp.candidates ?? [];
  return candidates
    .map((c) => ({ label: c.label, probability: c.score, explanation: { ...c.explanation, target: { ...c.explanation.target, label: c.label } } }))
    .sort((a, b) => b.probability - a.probability);
}

/**
 * Attributions of several targets added up. IG is linear in the explained output, so the sum is
 * the attribution of the sum of those outputs (e.g. the tag logits of an entity's words).
 */
export function sumTargets(parts: readonly TargetResult[], target: TargetResult['target']): TargetResult {
  if (!parts.length) throw new Error('nothing to add up: no target was explained for this row');
  const [first] = parts;
  return {
    target,
    tokens: first.tokens.map((t, i) => ({ ...t, score: parts.reduce((s, p) => s + p.tokens[i].score, 0), normalized: null })),
    words: first.words.map((w, i) => ({ ...w, score: parts.reduce((s, p) => s + p.words[i].score, 0), normalized: null })),
    completeness: summedCompleteness(parts),
  };
}

/** The completeness of a sum of targets: the summed attributions must add up to the sum of the
 *  parts' F(input) − F(baseline). The worst single path of the sum is unknown; the worst of the
 *  parts' paths stands in for it. */
function summedCompleteness(parts: readonly TargetResult[]): Completeness | null {
  const checks = parts.map((p) => p.completeness);
  if (!checks.every((c): c is Completeness => c !== null)) return null;
  const f_input = checks.reduce((s, c) => s + c.f_input, 0);
  const f_baseline = checks.reduce((s, c) => s + c.f_baseline, 0);
  const sum = checks.reduce((s, c) => s + c.sum, 0);
  const abs_error = Math.abs(sum - (f_input - f_baseline));
  const delta = Math.abs(f_input - f_baseline);
  const worst = checks.map((c) => c.max_path_rel_error).filter((x): x is number => x !== null);
  return {
    f_input,
    f_baseline,
    sum,
    abs_error,
    rel_error: delta > 1e-12 ? abs_error / delta : null,
    max_path_rel_error: worst.length ? Math.max(...worst) : null,
    max_path_abs_error: checks.reduce((s, c) => s + c.max_path_abs_error, 0),
  };
}

/**
 * NER: one row per entity group. Each word's tag is explained at the word's first token; an
 * entity's row shows the sum over its words (the attribution of its tag logits together). Words
 * whose tag was not explained (an ignored label) leave the row without a highlight.
 */
export function entityRowsOf(exp: Explanation): EntityRow[] {
  const entities = exp.entities ?? [];
  return entities.map((e) => {
    const positions = new Set(e.words.map((w) => exp.words[w]?.tokens[0]));
    const parts = exp.targets.filter((t) => t.target.position !== undefined && positions.has(t.target.position));
    return {
      entity: e.label,
      start: e.start,
      end: e.end,
      probability: e.score,
      explanation: parts.length ? sumTargets(parts, { label: e.label, index: parts[0].target.index }) : undefined,
    };
  });
}

/** QA: the answer's start and end rows, positions in the context (the second text). */
export function answerRowsOf(exp: Explanation): AnswerRow[] {
  const answer = exp.answer;
  if (!answer) return [];
  const contextStart = exp.pair_start ?? 0;
  const row = (role: 'start' | 'end'): AnswerRow => {
    const result = exp.targets.find((t) => t.target.label === role);
    if (!result) throw new Error(`the result has an answer but no "${role}" target: explain the question again`);
    return {
      role,
      position: (role === 'start' ? answer.start : answer.end) - contextStart,
      logit: role === 'start' ? answer.start_logit : answer.end_logit,
      explanation: { ...result, pair_start: exp.pair_start },
    };
  };
  return [row('start'), row('end')];
}

export type HeadChoice = number | 'mean';

/** One [T, T] attention matrix: a layer's head, or the mean over its heads. */
export function attentionMatrix(att: AttentionView, layer: number, head: HeadChoice): { data: Float64Array; size: number } {
  const { layers, heads, tokens: size, weights } = att;
  if (weights.length !== layers * heads * size * size) {
    throw new Error(`the attention weights hold ${weights.length} values, not ${layers}×${heads}×${size}×${size}: explain the text again`);
  }
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers) throw new Error(`layer ${layer} is not one of the model's ${layers} layers`);
  if (head !== 'mean' && (!Number.isInteger(head) || head < 0 || head >= heads)) throw new Error(`head ${head} is not one of the ${heads} heads`);
  const data = new Float64Array(size * size);
  const chosen = head === 'mean' ? Array.from({ length: heads }, (_, i) => i) : [head];
  for (const k of chosen) {
    const offset = (layer * heads + k) * size * size;
    for (let i = 0; i < size * size; i++) data[i] += weights[offset + i] / chosen.length;
  }
  return { data, size };
}
