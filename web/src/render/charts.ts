// Bar charts drawn with plain elements and CSS widths: the prediction's probabilities and the
// top-k most influential words or tokens (diverging bars around a centre line).

import type { Explanation } from '../types';
import { rgbCss, scoreColor } from './color';
import { formatProbability, formatScore } from './format';
import type { Granularity } from './highlight';
import { h, type VElement } from './vnode';

export interface ScoredItem {
  text: string;
  score: number;
  start: number;
  end: number;
}

/** What the word/token toggle switches between: the words, or the non-special tokens. */
export function viewItems(exp: Explanation, granularity: Granularity): ScoredItem[] {
  if (granularity === 'word') return exp.words.map((w) => ({ text: w.text, score: w.score, start: w.start, end: w.end }));
  return exp.tokens
    .filter((t) => !t.special)
    .map((t) => ({ text: t.text, score: t.score, start: t.start, end: t.end }));
}

/** The k items with the largest |score|, largest first; ties keep their order in the text. */
export function topK<T extends { score: number }>(items: readonly T[], k: number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => Number.isFinite(item.score))
    .sort((a, b) => Math.abs(b.item.score) - Math.abs(a.item.score) || a.index - b.index)
    .slice(0, Math.max(0, k))
    .map(({ item }) => item);
}

function pct(x: number): string {
  return `${Math.max(0, Math.min(100, x)).toFixed(2)}%`;
}

export function renderTopK(items: readonly ScoredItem[], k: number, maxAbs: number, title: string): VElement {
  const top = topK(items, k);
  if (!top.length) return h('p', { class: 'ig-empty' }, 'Nothing to rank.');
  return h(
    'figure',
    { class: 'ig-topk' },
    h('figcaption', null, title),
    h(
      'ol',
      { class: 'ig-bars' },
      top.map((item) => {
        const color = scoreColor(item.score, maxAbs);
        const half = maxAbs > 0 ? (Math.abs(item.score) / maxAbs) * 50 : 0;
        return h(
          'li',
          { class: 'ig-bar-row' },
          h('span', { class: 'ig-bar-label', title: item.text, dir: 'auto' }, item.text.trim() || item.text),
          h(
            'span',
            { class: 'ig-bar-track', 'aria-hidden': 'true' },
            h('span', {
              class: ['ig-bar', item.score >= 0 ? 'ig-bar-pos' : 'ig-bar-neg'],
              style: {
                width: pct(half),
                [item.score >= 0 ? 'left' : 'right']: '50%',
                'background-color': rgbCss(scoreColor(Math.sign(item.score) * maxAbs, maxAbs).background),
                opacity: (0.45 + 0.55 * Math.abs(color.t)).toFixed(2),
              },
            }),
          ),
          h('span', { class: 'ig-bar-value' }, formatScore(item.score)),
        );
      }),
    ),
  );
}

/** Zero-shot: the candidate whose entailment the top-level rows explain (the best one unless another was chosen). */
function explainedCandidate(exp: Explanation) {
  return exp.candidates?.find((c) => c.label === exp.target.label) ?? exp.candidates?.find((c) => c.label === exp.prediction.label);
}

/**
 * The one-line headline. Zero-shot: the labels are the candidates and the shown candidate's
 * entailment is explained. NER: the entity groups found, and whose attributions are shown.
 * Question answering: the answer span, whose start and end are explained. `shown` names the row
 * the view shows when the result has several (render/focus.ts).
 */
export function renderHeadline(exp: Explanation, multiLabel = false, shown?: string): VElement {
  const probs = exp.prediction.probabilities;
  if (exp.answer) {
    return h(
      'p',
      { class: 'ig-prediction-head ig-answer-text' },
      'Answer: ',
      h('strong', { class: 'ig-predicted', dir: 'auto' }, h('q', null, exp.answer.text)),
      ' ',
      h('span', { class: 'ig-prob' }, `${formatProbability(exp.answer.score)} (p(start) \u00d7 p(end))`),
    );
  }
  if (exp.entities) {
    const n = exp.entities.length;
    return h(
      'p',
      { class: 'ig-prediction-head' },
      n ? `${n} ${n === 1 ? 'entity' : 'entities'}: ` : 'No entities found',
      exp.entities.map((e, i) => [i ? ', ' : null, h('strong', { class: 'ig-predicted', dir: 'auto' }, `${e.label} \u201c${e.text}\u201d`)]),
      [' \u00b7 showing ', h('strong', { class: 'ig-target', dir: 'auto' }, shown ?? exp.target.label)],
    );
  }
  const candidate = explainedCandidate(exp);
  const explained = candidate ? exp.labels.indexOf(candidate.label) : exp.target.index;
  return h(
    'p',
    { class: 'ig-prediction-head' },
    multiLabel ? 'Top label: ' : 'Prediction: ',
    h('strong', { class: 'ig-predicted', dir: 'auto' }, exp.prediction.label),
    ' ',
    h('span', { class: 'ig-prob' }, formatProbability(probs[exp.prediction.index] ?? NaN)),
    candidate
      ? [' \u00b7 explaining the entailment of ', h('q', { class: 'ig-target', dir: 'auto' }, candidate.hypothesis)]
      : explained !== exp.prediction.index
        ? [' \u00b7 explaining ', h('strong', { class: 'ig-target', dir: 'auto' }, exp.target.label)]
        : null,
  );
}

/** The headline and the probability of every label, the predicted and the explained one marked
 *  (NER and QA: the headline only; their tables hold the scores). */
export function renderPrediction(exp: Explanation, multiLabel = false, shown?: string): VElement {
  const probs = exp.prediction.probabilities;
  const headline = renderHeadline(exp, multiLabel, shown);
  if (exp.answer || exp.entities) return h('div', { class: 'ig-prediction' }, headline);
  const candidate = explainedCandidate(exp);
  const explained = candidate ? exp.labels.indexOf(candidate.label) : exp.target.index;
  return h(
    'div',
    { class: 'ig-prediction' },
    headline,
    h(
      'ul',
      { class: 'ig-probs', 'aria-label': multiLabel ? 'Probability of each label (independent)' : 'Probability of each class' },
      exp.labels.map((label, i) =>
        h(
          'li',
          { class: ['ig-prob-row', i === exp.prediction.index && 'is-predicted', i === explained && 'is-target'] },
          h('span', { class: 'ig-prob-label', dir: 'auto' }, label),
          h(
            'span',
            { class: 'ig-prob-track', 'aria-hidden': 'true' },
            h('span', { class: 'ig-prob-bar', style: { width: pct((probs[i] ?? 0) * 100) } }),
          ),
          h('span', { class: 'ig-prob-value' }, formatProbability(probs[i] ?? NaN)),
        ),
      ),
    ),
  );
}
