// Tabular views: one row per label (multi-label and zero-shot), per entity (NER), the answer's
// start and end (question answering), and the full token list. Rows that carry an explanation
// show the text highlighted for that row, all rows on one shared colour scale so they compare.

import type { Explanation, TargetResult } from '../types';
import { scaleMax } from './color';
import { formatProbability, formatScore } from './format';
import { renderHighlight, scoredSpans, truncatedAt, type Granularity, type Scored } from './highlight';
import { h, type VElement } from './vnode';

export interface LabelRow {
  label: string;
  /** The label's probability (sigmoid for multi-label, entailment share for zero-shot). */
  probability: number;
  /** The attributions for this label: one entry of an explanation's `targets` (with the
   *  explanation's pair_start when it is a pair). */
  explanation: TargetResult & Scored;
}

/**
 * One row per explained target of an explanation (its `targets` array), each with the label's
 * probability from the same prediction. Several runs (one per label) concatenate their rows.
 */
export function labelRowsOf(exp: Explanation): LabelRow[] {
  return exp.targets.map((result) => ({
    label: result.target.label,
    probability: exp.prediction.probabilities[result.target.index] ?? NaN,
    explanation: result,
  }));
}

/** A multi-label model explained for every label: one row per label, the most probable first. */
export function everyLabelRows(exp: Explanation): { caption: string; rows: LabelRow[] } {
  return { caption: 'Every label', rows: labelRowsOf(exp).sort((a, b) => b.probability - a.probability) };
}

export interface EntityRow {
  entity: string;
  start: number;
  end: number;
  probability: number;
  explanation?: TargetResult;
}

export interface AnswerRow {
  /** "start" or "end" of the answer span. */
  role: 'start' | 'end';
  /** Index (UTF-16) in the context where the answer starts or ends. */
  position: number;
  /** The start (or end) logit at that token: the output this row explains. */
  logit: number;
  /** Its attributions over question and context, with the explanation's pair_start. */
  explanation: TargetResult & Scored;
}

/** One colour scale for several explanations shown side by side. */
export function sharedMax(explanations: readonly Scored[], granularity: Granularity, text: string, segment = 0): number {
  return scaleMax(explanations.flatMap((e) => scoredSpans(e, granularity, text, segment).map((s) => s.score)));
}

function highlightCell(
  text: string,
  exp: TargetResult & Scored,
  granularity: Granularity,
  maxAbs: number,
  segment = 0,
  focus: 'roving' | 'all' = 'roving',
): VElement {
  return renderHighlight(text, scoredSpans(exp, granularity, text, segment), {
    granularity,
    maxAbs,
    targetLabel: exp.target.label,
    truncatedAt: truncatedAt(text, exp, segment),
    focus,
  });
}

export function renderLabelTable(
  text: string,
  rows: readonly LabelRow[],
  granularity: Granularity,
  caption: string,
  focus: 'roving' | 'all' = 'roving',
): VElement {
  const maxAbs = sharedMax(rows.map((r) => r.explanation), granularity, text);
  return h(
    'table',
    { class: 'ig-table ig-label-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'What drove it'))),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          { class: row.probability >= 0.5 ? 'is-on' : 'is-off' },
          h('th', { scope: 'row', dir: 'auto' }, row.label),
          h('td', { class: 'ig-num' }, formatProbability(row.probability)),
          h('td', null, highlightCell(text, row.explanation, granularity, maxAbs, 0, focus)),
        ),
      ),
    ),
  );
}

export function renderEntityTable(text: string, rows: readonly EntityRow[], granularity: Granularity): VElement {
  const explained = rows.flatMap((r) => (r.explanation ? [r.explanation] : []));
  const maxAbs = sharedMax(explained, granularity, text);
  return h(
    'table',
    { class: 'ig-table ig-entity-table' },
    h('caption', null, 'Entities'),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'Entity'), h('th', { scope: 'col' }, 'Text'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'What drove it')),
    ),
    h(
      'tbody',
      null,
      rows.map((row) => {
        if (row.start < 0 || row.end < row.start || row.end > text.length) {
          throw new Error(`entity "${row.entity}" has offsets [${row.start}, ${row.end}) outside the text: explain this text again`);
        }
        return h(
          'tr',
          null,
          h('th', { scope: 'row', dir: 'auto' }, row.entity),
          h('td', { dir: 'auto' }, h('q', null, text.slice(row.start, row.end))),
          h('td', { class: 'ig-num' }, formatProbability(row.probability)),
          h('td', null, row.explanation ? highlightCell(text, row.explanation, granularity, maxAbs) : '\u2014'),
        );
      }),
    ),
  );
}

/** Question answering: rows for the answer's start and end, each explained over the context (segment 1). */
export function renderAnswerTable(context: string, rows: readonly AnswerRow[], granularity: Granularity): VElement {
  const maxAbs = sharedMax(rows.map((r) => r.explanation), granularity, context, 1);
  return h(
    'table',
    { class: 'ig-table ig-answer-table' },
    h('caption', null, 'Answer span'),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'Boundary'), h('th', { scope: 'col' }, 'Position'), h('th', { scope: 'col' }, 'Logit'), h('th', { scope: 'col' }, 'What drove it')),
    ),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, row.role === 'start' ? 'Answer start' : 'Answer end'),
          h('td', { class: 'ig-num' }, String(row.position)),
          h('td', { class: 'ig-num' }, formatScore(row.logit)),
          h('td', null, highlightCell(context, row.explanation, granularity, maxAbs, 1)),
        ),
      ),
    ),
  );
}

/** Every token, special ones included, with its span and score (the numbers behind the view). */
export function renderTokenTable(exp: Explanation): VElement {
  return h(
    'table',
    { class: 'ig-table ig-token-table' },
    h('caption', null, `All ${exp.tokens.length} tokens`),
    h(
      'thead',
      null,
      h('tr', null, ['#', 'Token', 'Span', 'Word', 'Score'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      null,
      exp.tokens.map((t, i) =>
        h(
          'tr',
          { class: t.special ? 'is-special' : null },
          h('td', { class: 'ig-num' }, String(i)),
          h('td', null, h('code', null, t.text)),
          h('td', { class: 'ig-num' }, t.special ? 'special' : `${t.start}\u2013${t.end}`),
          h('td', { class: 'ig-num' }, t.word < 0 ? '' : String(t.word)),
          h('td', { class: 'ig-num' }, formatScore(t.score)),
        ),
      ),
    ),
  );
}
