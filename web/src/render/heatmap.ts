// Attention heatmap: a [T, T] matrix (row = query token, column = key token) as a grid of
// coloured cells, on a sequential scale from white to blue. Headers carry the token texts.

import { rgbCss, sequentialColor } from './color';
import { h, type VElement } from './vnode';

export type Matrix = readonly (readonly number[])[] | { data: ArrayLike<number>; size: number };

function rowsOf(matrix: Matrix, size: number): number[][] {
  if (Array.isArray(matrix)) {
    const rows = matrix as readonly (readonly number[])[];
    if (rows.length !== size || rows.some((r) => r.length !== size)) {
      throw new Error(`attention matrix must be ${size}×${size} to match ${size} tokens`);
    }
    return rows.map((r) => Array.from(r));
  }
  const flat = matrix as { data: ArrayLike<number>; size: number };
  if (flat.size !== size || flat.data.length !== size * size) {
    throw new Error(`attention matrix must hold ${size}×${size} values to match ${size} tokens (got ${flat.data.length})`);
  }
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => flat.data[i * size + j]));
}

export function renderAttentionHeatmap(matrix: Matrix, tokens: readonly string[], caption = 'Attention'): VElement {
  const size = tokens.length;
  const rows = rowsOf(matrix, size);
  let max = 0;
  for (const r of rows) for (const v of r) if (Number.isFinite(v)) max = Math.max(max, v);
  return h(
    'figure',
    { class: 'ig-heatmap' },
    h('figcaption', null, caption, h('span', { class: 'ig-heatmap-scale' }, ` (row attends to column; darkest = ${max.toPrecision(3)})`)),
    h(
      'div',
      { class: 'ig-heatmap-scroll', tabindex: '0', role: 'region', 'aria-label': `${caption}: ${size} by ${size} matrix` },
      h(
        'table',
        { class: 'ig-heatmap-table' },
        h('thead', null, h('tr', null, h('td', null), tokens.map((t) => h('th', { scope: 'col', class: 'ig-heatmap-col' }, h('span', null, t))))),
        h(
          'tbody',
          null,
          rows.map((row, i) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row', class: 'ig-heatmap-row' }, tokens[i]),
              row.map((v, j) => {
                const color = sequentialColor(v, max);
                return h('td', {
                  class: 'ig-heatmap-cell',
                  'data-weight': String(v),
                  title: `${tokens[i]} \u2192 ${tokens[j]}: ${Number.isFinite(v) ? v.toPrecision(3) : String(v)}`,
                  style: { 'background-color': rgbCss(color.background) },
                });
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
