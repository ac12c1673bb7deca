// The whole result panel for one explanation: prediction, completeness badge, run info, colour
// legend, the highlighted text (and the second text of a pair), the top-k chart and the token
// table. The page, the widget (a compact subset) and the HTML snapshot all build it from here.

import type { Explanation } from '../types';
import { scaleMax } from './color';
import { completenessBadge, renderBadge, renderLegend, renderRunInfo } from './badge';
import { renderPrediction, renderTopK, viewItems } from './charts';
import { renderHighlight, scoredSpans, truncatedAt, type Granularity, type TextGroup } from './highlight';
import { focusedView, renderFocusChooser } from './focus';
import { renderAnswerTable, renderEntityTable, renderLabelTable, renderTokenTable, type LabelRow } from './tables';
import { answerRowsOf, attentionMatrix, candidateRowsOf, entityRowsOf, type HeadChoice } from './tasks';
import { renderAttentionHeatmap } from './heatmap';
import { h, type VElement } from './vnode';

export interface ResultView {
  text: string;
  /** Second text of a pair (segment 1 of the explanation), when the task takes two. */
  textPair?: string;
  explanation: Explanation;
  granularity: Granularity;
  topK?: number;
  fallbackReason?: string | null;
  multiLabel?: boolean;
  focus?: 'roving' | 'all';
  /**
   * One explanation per label (multi-label models, zero-shot candidates): shown as a table with
   * one row per label under the main result, which is then the first row's explanation.
   */
  perLabel?: { caption: string; rows: LabelRow[] };
  /** Names of the two texts of a pair (default "First text", "Second text"). */
  segmentNames?: [string, string];
  /** Which row the main view shows when the result has several (render/focus.ts); the first by default. */
  focusRow?: string;
  /** Which attention matrix to draw when the result carries attention weights (default: the
   *  last layer, mean over its heads). */
  attention?: { layer: number; head: HeadChoice };
}

/** The texts a result shows, in the model's order, and their names. Question answering reads
 *  the question first, then the context (the text); zero-shot's second texts are the candidates'
 *  hypotheses (render/focus.ts). */
export function taskTexts(text: string, task: { question?: string; pair?: string }): Pick<ResultView, 'text' | 'textPair' | 'segmentNames'> {
  if (task.question !== undefined) return { text: task.question, textPair: text, segmentNames: ['Question', 'Context'] };
  if (task.pair !== undefined) return { text, textPair: task.pair, segmentNames: ['Premise', 'Hypothesis'] };
  return { text };
}

export function viewScale(view: ResultView): number {
  const texts = [view.text, ...(view.textPair !== undefined ? [view.textPair] : [])];
  return scaleMax(texts.flatMap((t, segment) => scoredSpans(view.explanation, view.granularity, t, segment).map((s) => s.score)));
}

export function renderHighlights(view: ResultView, maxAbs = viewScale(view)): VElement {
  const exp = view.explanation;
  const texts = [view.text, ...(view.textPair !== undefined ? [view.textPair] : [])];
  return h(
    'div',
    { class: 'ig-highlights' },
    texts.map((t, segment) => {
      const cut = truncatedAt(t, exp, segment);
      return h(
        'div',
        { class: 'ig-highlight-block' },
        texts.length > 1 ? h('p', { class: 'ig-segment-label' }, (view.segmentNames ?? ['First text', 'Second text'])[segment]) : null,
        renderHighlight(t, scoredSpans(exp, view.granularity, t, segment), {
          granularity: view.granularity,
          maxAbs,
          targetLabel: exp.target.label,
          focus: view.focus,
          truncatedAt: cut,
          groups: segment === 0 ? entityGroups(view) : undefined,
        }),
        cut !== null
          ? h('p', { class: 'ig-note' }, `The model reads only the first ${cut} characters here; the faded rest was not explained.`)
          : null,
      );
    }),
    // Live pages (roving focus) echo the hovered or focused span's score here, so keyboard users
    // see what a mouse user gets from the tooltip. Screen readers already hear the aria-label.
    (view.focus ?? 'roving') === 'roving'
      ? h('p', { class: 'ig-readout', 'aria-hidden': 'true' }, READOUT_HINT)
      : null,
  );
}

/** NER: the entity groups underlined on the text, the shown one marked. */
function entityGroups(view: ResultView): TextGroup[] | undefined {
  return view.explanation.entities
    ?.map((e, i) => ({ start: e.start, end: e.end, label: e.label, chosen: view.focusRow === `entity:${i}` }))
    .sort((a, b) => a.start - b.start);
}

export const READOUT_HINT = 'Hover over or focus a highlighted word (Tab, then \u2190 \u2192) to see its score.';

export function renderResult(fullView: ResultView): VElement {
  const { view, choices, chosen } = focusedView(fullView);
  const exp = view.explanation;
  const maxAbs = viewScale(view);
  const unit = view.granularity === 'word' ? 'words' : 'tokens';
  return h(
    'div',
    { class: 'ig-result' },
    renderPrediction(exp, view.multiLabel, chosen?.name),
    renderBadge(completenessBadge(exp)),
    renderRunInfo(exp, view.fallbackReason ?? null),
    h(
      'section',
      { class: 'ig-section', 'aria-label': `Text highlighted by ${unit}` },
      // The snapshot has no script to switch rows: its headline names the one it shows.
      chosen && view.focus !== 'all' ? renderFocusChooser(view, choices, chosen) : null,
      renderLegend(maxAbs, exp.target.label),
      renderHighlights(view, maxAbs),
    ),
    h(
      'section',
      { class: 'ig-section', 'aria-label': `Most influential ${unit}` },
      renderTopK(viewItems(exp, view.granularity), view.topK ?? 10, maxAbs, `Top ${view.topK ?? 10} ${unit} by |attribution| for ${exp.target.label}`),
    ),
    renderPerLabel(view),
    renderTaskSections(view),
    h('details', { class: 'ig-details' }, h('summary', null, 'All tokens and scores'), renderTokenTable(exp)),
  );
}

/** Multi-label (every label) or zero-shot (every candidate): one row per label. */
function renderPerLabel(view: ResultView): VElement | null {
  const candidates = candidateRowsOf(view.explanation);
  const perLabel = candidates.length
    ? {
        caption: view.explanation.multi_label
          ? 'Candidate labels, each scored on its own (entailment vs contradiction)'
          : 'Candidate labels (softmax over the candidates’ entailment)',
        rows: candidates,
      }
    : view.perLabel;
  if (!perLabel) return null;
  return h(
    'section',
    { class: 'ig-section', 'aria-label': perLabel.caption },
    renderLabelTable(view.text, perLabel.rows, view.granularity, perLabel.caption, view.focus),
  );
}

/** NER entity groups, the QA answer with its start and end rows, and the attention heatmap. */
function renderTaskSections(view: ResultView): VElement[] {
  const exp = view.explanation;
  const out: VElement[] = [];
  if (exp.entities) {
    out.push(
      h(
        'section',
        { class: 'ig-section', 'aria-label': 'Entities' },
        exp.entities.length
          ? renderEntityTable(view.text, entityRowsOf(exp), view.granularity)
          : h('p', { class: 'ig-note' }, 'No entities found in this text.'),
      ),
    );
  }
  if (exp.answer && view.textPair !== undefined) {
    out.push(
      h('section', { class: 'ig-section', 'aria-label': 'Answer span' }, renderAnswerTable(view.textPair, answerRowsOf(exp), view.granularity)),
    );
  }
  const attention = renderAttention(view);
  if (attention) out.push(attention);
  return out;
}

/** The attention heatmap of the chosen layer and head, when the result carries attention weights. */
export function renderAttention(view: ResultView): VElement | null {
  const exp = view.explanation;
  const att = exp.attention;
  if (!att) return null;
  const layer = Math.min(view.attention?.layer ?? att.layers - 1, att.layers - 1);
  const head = view.attention?.head ?? 'mean';
  const headName = head === 'mean' ? `mean of ${att.heads} heads` : `head ${head + 1} of ${att.heads}`;
  return h(
    'section',
    { class: 'ig-section', 'aria-label': 'Attention' },
    renderAttentionHeatmap(
      attentionMatrix(att, layer, head),
      exp.tokens.map((t) => t.text),
      `Attention at the input, layer ${layer + 1} of ${att.layers}, ${headName}`,
    ),
  );
}

/** One sentence for the aria-live region: what was predicted and what drove it most. */
export function resultSummary(fullView: ResultView): string {
  const { view, chosen } = focusedView(fullView);
  const exp = view.explanation;
  const items = viewItems(exp, 'word');
  const strongest = [...items].sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, 3);
  const p = exp.prediction.probabilities[exp.prediction.index];
  const drivers = strongest.map((w) => `"${w.text}" ${w.score >= 0 ? 'for' : 'against'}`).join(', ');
  const predicted = exp.answer
    ? `Answer "${exp.answer.text}" (${(exp.answer.score * 100).toFixed(1)}%)`
    : `Predicted ${exp.prediction.label}${Number.isFinite(p) ? ` (${(p * 100).toFixed(1)}%)` : ''}`;
  const explained = exp.answer ? `the answer ${exp.target.label}` : exp.candidates ? `the entailment of ${exp.target.label}` : (chosen?.name ?? exp.target.label);
  return (
    `${predicted}. ` +
    `Explaining ${explained}${drivers ? `; strongest words: ${drivers}` : ''}. ` +
    completenessBadge(exp).text +
    '.'
  );
}
