// Exports of an explanation: JSON (the explanation plus the text it belongs to), CSV (one row
// per token or per word) and a standalone HTML snapshot that opens anywhere without the app.

import type { Explanation, TargetResult } from '../types';
import { formatProbability } from './format';
import { renderResult, type ResultView } from './result';
import { escapeHtml, toHtml } from './vnode';

export const EXPORT_FORMAT = 'iglens-explanation/1';

export interface ExportedExplanation {
  format: typeof EXPORT_FORMAT;
  model: string | null;
  text: string;
  textPair?: string;
  explanation: Explanation;
  /** Multi-label / zero-shot runs: one explanation per label. */
  perLabel?: { label: string; probability: number; explanation: TargetResult }[];
}

export function exportJson(view: Pick<ResultView, 'text' | 'textPair' | 'explanation' | 'perLabel'>, model: string | null): string {
  const doc: ExportedExplanation = {
    format: EXPORT_FORMAT,
    model,
    text: view.text,
    ...(view.textPair !== undefined ? { textPair: view.textPair } : {}),
    explanation: view.explanation,
    ...(view.perLabel ? { perLabel: view.perLabel.rows.map((r) => ({ ...r })) } : {}),
  };
  // The explanation is the core's JSON as it came (non-finite numbers are already null there).
  return JSON.stringify(doc, null, 2);
}

export function parseExportJson(json: string): ExportedExplanation {
  const doc = JSON.parse(json) as ExportedExplanation;
  if (doc?.format !== EXPORT_FORMAT || typeof doc.text !== 'string' || !doc.explanation) {
    throw new Error(`not an IG Lens export (expected "format": "${EXPORT_FORMAT}")`);
  }
  return doc;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or edge spaces.
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe — a pasted text must not become a live formula in whoever opens the file.
 */
export function csvField(value: string | number | boolean | null | undefined, isText = false): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (isText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: (string | number | boolean | null | undefined)[][], textColumns: Set<number>): string {
  return rows.map((r, rowIndex) => r.map((v, i) => csvField(v, rowIndex > 0 && textColumns.has(i))).join(',')).join('\r\n') + '\r\n';
}

/**
 * Token rows: the piece, its span, the original characters it covers, its word, its score. Spans
 * index the explanation's text (for a pair: both texts joined by a newline), as in its JSON.
 */
export function tokensCsv(exp: Explanation): string {
  const header = ['index', 'token', 'special', 'segment', 'start', 'end', 'text', 'word', 'score'];
  const rows = exp.tokens.map((t, i) => [
    i,
    t.text,
    t.special,
    t.segment ?? 0,
    t.start,
    t.end,
    t.special ? '' : exp.text.slice(t.start, t.end),
    t.word < 0 ? '' : t.word,
    t.score,
  ]);
  return csv([header, ...rows], new Set([1, 6]));
}

/** Word rows: the word's original characters, its span, its score and its token count. */
export function wordsCsv(exp: Explanation): string {
  const header = ['index', 'word', 'start', 'end', 'tokens', 'score'];
  const rows = exp.words.map((w, i) => [i, w.text, w.start, w.end, w.tokens.length, w.score]);
  return csv([header, ...rows], new Set([1]));
}

export interface SnapshotMeta {
  model: string | null;
  /** When the snapshot was taken (ISO string); passed in so the output is reproducible. */
  createdAt: string;
  /** The result views' stylesheet (styles/render.css as text), inlined so the file stands alone. */
  css: string;
}

// Layout of the snapshot page itself; the result views bring their own rules in meta.css.
const SNAPSHOT_PAGE_CSS =
  'body{margin:0;background:#f6f7fa;color:#1d2330;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}' +
  '.ig-snapshot{max-width:60rem;margin:0 auto;padding:1.5rem 1rem;display:grid;gap:1rem}' +
  '.ig-snapshot h1{margin:0;font-size:1.4rem}.ig-meta{margin:0;color:#5a6272;font-size:.9rem}';

/**
 * CSS text made safe to sit inside a <style> element: every "<" becomes the CSS escape \3c, so
 * the text can never close the element or open another one (CSS needs "<" only inside strings,
 * where the escape means the same character).
 */
export function styleElementText(css: string): string {
  return css.replace(/</g, '\\3c ');
}

/** A self-contained HTML page of the result: inline styles, no script, every string escaped. */
export function snapshotHtml(view: ResultView, meta: SnapshotMeta): string {
  const exp = view.explanation;
  const body = toHtml(renderResult({ ...view, focus: 'all' }));
  const title = `IG Lens \u2014 ${exp.prediction.label} ${formatProbability(exp.prediction.probabilities[exp.prediction.index] ?? NaN)}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No script may ever run in a snapshot, whatever text it holds.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${styleElementText(SNAPSHOT_PAGE_CSS + meta.css)}</style>`,
    '</head>',
    '<body>',
    '<main class="ig-snapshot">',
    `<h1>IG Lens snapshot</h1>`,
    `<p class="ig-meta">Model <strong>${escapeHtml(meta.model ?? 'unknown')}</strong> \u00b7 ${escapeHtml(meta.createdAt)} \u00b7 ` +
      `computed in the browser; nothing left the machine.</p>`,
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
