// The task-specific fields of a result (types.ts; written by the core's TaskJob) turned into the
// rows the tables draw: zero-shot candidates, NER entity groups, the QA answer's
// start and end, and one attention matrix picked by layer and head.

import type { AttentionView, Explanation, TargetResult } from '../types';
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
    completeness: null,
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
