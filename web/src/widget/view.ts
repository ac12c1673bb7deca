// What an <ig-lens> shows, as virtual trees: a compact version of the page's result (headline,
// the row choice of NER, zero-shot and every-label results, legend, highlighted text, a short
// top-k, the attention heatmap when asked for, completeness badge) and its loading/error states.

import { completenessBadge, renderBadge, renderLegend } from '../render/badge';
import { renderHeadline, renderTopK, viewItems } from '../render/charts';
import { focusedView, renderFocusChooser } from '../render/focus';
import type { Granularity } from '../render/highlight';
import { renderAttention, renderHighlights, viewScale, type ResultView } from '../render/result';
import { methodLabel } from '../render/run-meta';
import { h, type VElement } from '../render/vnode';

export function renderWidgetResult(fullView: ResultView, topK: number): VElement {
  const { view, choices, chosen } = focusedView(fullView);
  const exp = view.explanation;
  const maxAbs = viewScale(view);
  const unit = view.granularity === 'word' ? 'words' : 'tokens';
  return h(
    'div',
    { class: 'w-result' },
    renderHeadline(exp, view.multiLabel, chosen?.name),
    chosen ? renderFocusChooser(view, choices, chosen) : null,
    renderHighlights(view, maxAbs),
    renderLegend(maxAbs, exp.target.label),
    topK > 0
      ? h(
          'details',
          { class: 'w-topk' },
          h('summary', null, `Top ${topK} ${unit}`),
          renderTopK(viewItems(exp, view.granularity), topK, maxAbs, `Top ${topK} ${unit} for ${exp.target.label}`),
        )
      : null,
    renderAttention(view),
    h(
      'div',
      { class: 'w-foot' },
      renderBadge(completenessBadge(exp)),
      h('span', { class: 'w-backend' }, `${exp.backend ?? 'unknown'} \u00b7 ${methodLabel(exp.method)}`),
    ),
  );
}

export function renderWidgetFrame(granularity: Granularity): VElement {
  return h(
    'div',
    { class: 'w', part: 'frame' },
    h(
      'div',
      { class: 'w-top' },
      h('span', { class: 'w-brand' }, h('span', { class: 'w-mark', 'aria-hidden': 'true' }), 'IG Lens'),
      h(
        'div',
        { class: 'w-toggle', role: 'group', 'aria-label': 'Show attributions by' },
        h('button', { type: 'button', 'data-granularity': 'word', 'aria-pressed': String(granularity === 'word') }, 'Words'),
        h('button', { type: 'button', 'data-granularity': 'token', 'aria-pressed': String(granularity === 'token') }, 'Tokens'),
      ),
    ),
    h('p', { class: 'w-status', role: 'status', 'aria-live': 'polite' }, 'Waiting to come into view…'),
    h('progress', { class: 'w-progress', max: '1', hidden: true }),
    h('div', { class: 'w-body', 'aria-live': 'polite' }),
  );
}

export function renderWidgetError(message: string): VElement {
  return h('p', { class: 'w-error', role: 'alert' }, message);
}
