// The whole result panel for one explanation: prediction, completeness badge, run info, colour
// legend, the highlighted text (and the second text of a pair), the top-k chart and the token
// table. The page, the widget (a compact subset) and the HTML snapshot all build it from here.

import type { Explanation } from '../types';
import { scaleMax } from './color';
import { completenessBadge, renderBadge, renderLegend, renderRunInfo } from './badge';
import { renderPrediction, renderTopK, viewItems } from './charts';
import { renderHighlight, scoredSpans, truncatedAt, type Granularity } from './highlight';
import { renderLabelTable, renderTokenTable, type LabelRow } from './tables';
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
        texts.length > 1 ? h('p', { class: 'ig-segment-label' }, segment === 0 ? 'First text' : 'Second text') : null,
        renderHighlight(t, scoredSpans(exp, view.granularity, t, segment), {
          granularity: view.granularity,
          maxAbs,
          targetLabel: exp.target.label,
          focus: view.focus,
          truncatedAt: cut,
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

export const READOUT_HINT = 'Hover over or focus a highlighted word (Tab, then \u2190 \u2192) to see its score.';

export function renderResult(view: ResultView): VElement {
  const exp = view.explanation;
  const maxAbs = viewScale(view);
  const unit = view.granularity === 'word' ? 'words' : 'tokens';
  return h(
    'div',
    { class: 'ig-result' },
    renderPrediction(exp, view.multiLabel),
    renderBadge(completenessBadge(exp)),
    renderRunInfo(exp, view.fallbackReason ?? null),
    h(
      'section',
      { class: 'ig-section', 'aria-label': `Text highlighted by ${unit}` },
      renderLegend(maxAbs, exp.target.label),
      renderHighlights(view, maxAbs),
    ),
    h(
      'section',
      { class: 'ig-section', 'aria-label': `Most influential ${unit}` },
      renderTopK(viewItems(exp, view.granularity), view.topK ?? 10, maxAbs, `Top ${view.topK ?? 10} ${unit} by |attribution| for ${exp.target.label}`),
    ),
    view.perLabel
      ? h(
          'section',
          { class: 'ig-section', 'aria-label': view.perLabel.caption },
          renderLabelTable(view.text, view.perLabel.rows, view.granularity, view.perLabel.caption, view.focus),
        )
      : null,
    h('details', { class: 'ig-details' }, h('summary', null, 'All tokens and scores'), renderTokenTable(exp)),
  );
}

/** One sentence for the aria-live region: what was predicted and what drove it most. */
export function resultSummary(view: ResultView): string {
  const exp = view.explanation;
  const items = viewItems(exp, 'word');
  const strongest = [...items].sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, 3);
  const p = exp.prediction.probabilities[exp.prediction.index];
  const drivers = strongest.map((w) => `"${w.text}" ${w.score >= 0 ? 'for' : 'against'}`).join(', ');
  return (
    `Predicted ${exp.prediction.label}${Number.isFinite(p) ? ` (${(p * 100).toFixed(1)}%)` : ''}. ` +
    `Explaining ${exp.target.label}${drivers ? `; strongest words: ${drivers}` : ''}. ` +
    completenessBadge(exp).text +
    '.'
  );
}
