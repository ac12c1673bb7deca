// The input text with every word (or token) coloured by its attribution. The text shown is the
// user's own text, cut at the explanation's UTF-16 offsets: every character between and around
// the scored spans (spaces, newlines, emoji, combining marks) is kept, so the highlighted view
// reads exactly like the input. Special tokens ([CLS], <s>, …) have no characters and are not shown.

import type { TargetResult, TokenAttribution } from '../types';
import { rgbCss, scoreColor } from './color';
import { formatScore } from './format';
import { h, type Child, type VElement } from './vnode';

export type Granularity = 'word' | 'token';

export interface ScoredSpan {
  start: number;
  end: number;
  score: number;
  /** The visible text of the span: text.slice(start, end). */
  text: string;
  /** Token pieces that make up the span (a word's tokens, or tokens sharing the same characters). */
  pieces: string[];
}

/** A run of the text: either plain (between scored spans) or one scored span. */
export interface TextPart {
  text: string;
  span?: ScoredSpan;
}

/**
 * What the views need of an explanation (or of one of its targets). For a pair, `pair_start` is
 * where the second text begins: the offsets count both texts joined by a newline, and a token
 * at or after it belongs to the second text (segment 1).
 */
export type Scored = Pick<TargetResult, 'tokens' | 'words'> & { pair_start?: number };

function segmentOf(token: TokenAttribution, pairStart: number | undefined): number {
  return token.segment ?? (pairStart !== undefined && token.start >= pairStart ? 1 : 0);
}

/** Where the text of `segment` begins in the explanation's text. */
function segmentStart(exp: Pick<Scored, 'pair_start'>, segment: number): number {
  return segment === 1 ? (exp.pair_start ?? 0) : 0;
}

function checkSpan(start: number, end: number, length: number, what: string): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    throw new Error(
      `${what} has offsets [${start}, ${end}) outside the text (length ${length}): ` +
        'the explanation belongs to a different text — explain this text again',
    );
  }
}

/** Non-special tokens of one text of the input (segment 0 = first text, 1 = second of a pair). */
export function contentTokens(exp: Pick<Scored, 'tokens' | 'pair_start'>, segment = 0): TokenAttribution[] {
  return exp.tokens.filter((t) => !t.special && segmentOf(t, exp.pair_start) === segment);
}

/**
 * Scored spans of one segment, sorted and non-overlapping, with offsets into that segment's own
 * text. Tokens whose characters overlap (a byte-level tokenizer can split one emoji into several
 * tokens with the same span) become one span holding their summed score; zero-width pieces join
 * the span that follows them.
 */
export function scoredSpans(exp: Scored, granularity: Granularity, text: string, segment = 0): ScoredSpan[] {
  const raw: { start: number; end: number; score: number; pieces: string[] }[] = [];
  const shift = segmentStart(exp, segment);
  if (granularity === 'token') {
    for (const t of contentTokens(exp, segment)) {
      checkSpan(t.start - shift, t.end - shift, text.length, `token "${t.text}"`);
      raw.push({ start: t.start - shift, end: t.end - shift, score: t.score, pieces: [t.text] });
    }
  } else {
    for (const w of exp.words) {
      const pieces = w.tokens.map((index) => {
        const token = exp.tokens[index];
        if (!token) throw new Error(`word "${w.text}" names token ${index}, which the explanation does not have`);
        return token;
      });
      const wordSegment = pieces.length ? segmentOf(pieces[0], exp.pair_start) : 0;
      if (wordSegment !== segment) continue;
      checkSpan(w.start - shift, w.end - shift, text.length, `word "${w.text}"`);
      raw.push({ start: w.start - shift, end: w.end - shift, score: w.score, pieces: pieces.map((p) => p.text) });
    }
  }
  raw.sort((a, b) => a.start - b.start || a.end - b.end);

  const spans: ScoredSpan[] = [];
  let pending = null as { score: number; pieces: string[] } | null; // zero-width pieces waiting for a span
  for (const r of raw) {
    if (r.start === r.end) {
      pending = { score: (pending?.score ?? 0) + r.score, pieces: [...(pending?.pieces ?? []), ...r.pieces] };
      continue;
    }
    const last = spans[spans.length - 1];
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.score += r.score;
      last.pieces.push(...r.pieces);
    } else {
      spans.push({ start: r.start, end: r.end, score: r.score, text: '', pieces: [...r.pieces] });
    }
    if (pending) {
      const target = spans[spans.length - 1];
      target.score += pending.score;
      target.pieces.unshift(...pending.pieces);
      pending = null;
    }
  }
  if (pending && spans.length) {
    const last = spans[spans.length - 1];
    last.score += pending.score;
    last.pieces.push(...pending.pieces);
  }
  for (const s of spans) s.text = text.slice(s.start, s.end);
  return spans;
}

/** Cuts the whole text into plain and scored parts; joined, the parts are exactly `text`. */
export function textParts(text: string, spans: readonly ScoredSpan[]): TextPart[] {
  const parts: TextPart[] = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start > cursor) parts.push({ text: text.slice(cursor, span.start) });
    parts.push({ text: text.slice(span.start, span.end), span });
    cursor = span.end;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor) });
  return parts;
}

/** Where the model stopped reading: text after the last token was cut off by the length limit. */
export function truncatedAt(text: string, exp: Pick<Scored, 'tokens' | 'pair_start'>, segment = 0): number | null {
  const tokens = contentTokens(exp, segment);
  const end = tokens.reduce((m, t) => Math.max(m, t.end - segmentStart(exp, segment)), 0);
  return text.slice(end).trim().length > 0 ? end : null;
}

export interface HighlightOptions {
  granularity: Granularity;
  /** Half-width of the colour scale; share one across views that should be comparable. */
  maxAbs: number;
  /** The explained class, for the spoken description ("for POSITIVE"). */
  targetLabel: string;
  /**
   * 'roving': only the first span is in the tab order and the page moves focus with the arrow
   * keys; 'all': every span is a tab stop (the snapshot, which has no script).
   */
  focus?: 'roving' | 'all';
  /** Index of the first character the model did not see (from truncatedAt), or null. */
  truncatedAt?: number | null;
  /** Spans drawn underlined with their label (NER entity groups), sorted, not overlapping. */
  groups?: readonly TextGroup[];
}

export interface TextGroup {
  start: number;
  end: number;
  label: string;
  /** The group whose attributions are shown. */
  chosen: boolean;
}

/** A group around the parts inside it; the label is drawn by CSS from data-group, so the text
 *  content stays exactly the input. */
function renderGroup(group: TextGroup, children: Child[]): VElement {
  return h(
    'span',
    { class: ['ig-group', group.chosen && 'is-chosen'], 'data-group': group.label, title: `${group.label} entity` },
    children,
  );
}

export function spanDescription(span: ScoredSpan, granularity: Granularity, targetLabel: string): string {
  const direction = span.score > 0 ? 'for' : span.score < 0 ? 'against' : 'neutral to';
  const pieces =
    granularity === 'word' && span.pieces.length > 1
      ? ` (tokens: ${span.pieces.join(' + ')})`
      : granularity === 'token' && span.pieces.length > 1
        ? ` (${span.pieces.length} tokens: ${span.pieces.join(' + ')})`
        : '';
  return `${span.text.trim() || span.text}: ${formatScore(span.score)} ${direction} ${targetLabel}${pieces}`;
}

export function renderHighlight(text: string, spans: readonly ScoredSpan[], options: HighlightOptions): VElement {
  const parts = textParts(text, spans);
  const focus = options.focus ?? 'roving';
  let first = true;
  const out: Child[] = [];
  let cursor = 0;
  const cut = options.truncatedAt ?? null;
  const groups = options.groups ?? [];
  let nextGroup = 0;
  let open: { group: TextGroup; children: Child[] } | null = null;
  let children = out;
  for (const part of parts) {
    const partStart = cursor;
    cursor += part.text.length;
    // Parts inside a group go into it; a part that crosses a group's edge stays outside.
    if (open && partStart >= open.group.end) {
      out.push(renderGroup(open.group, open.children));
      open = null;
      children = out;
    }
    while (nextGroup < groups.length && groups[nextGroup].end <= partStart) nextGroup++;
    const group = groups[nextGroup];
    if (!open && group && partStart >= group.start && cursor <= group.end) {
      open = { group, children: [] };
      children = open.children;
      nextGroup++;
    }
    if (!part.span) {
      if (cut !== null && cursor > cut) {
        // Only the part after the cut is faded; the part before it is ordinary text.
        const before = part.text.slice(0, Math.max(0, cut - partStart));
        const after = part.text.slice(Math.max(0, cut - partStart));
        if (before) children.push(before);
        children.push(h('span', { class: 'ig-unseen', title: 'Beyond the model\u2019s length limit: not explained' }, after));
      } else {
        children.push(part.text);
      }
      continue;
    }
    const span = part.span;
    const color = scoreColor(span.score, options.maxAbs);
    const description = spanDescription(span, options.granularity, options.targetLabel);
    children.push(
      h(
        'mark',
        {
          class: ['ig-span', span.score > 0 ? 'ig-pos' : span.score < 0 ? 'ig-neg' : 'ig-zero'],
          tabindex: focus === 'all' || first ? '0' : '-1',
          title: description,
          'aria-label': description,
          'data-score': String(span.score),
          'data-start': String(span.start),
          'data-end': String(span.end),
          style: { 'background-color': rgbCss(color.background), color: rgbCss(color.foreground) },
        },
        part.text,
      ),
    );
    first = false;
  }
  if (open) out.push(renderGroup(open.group, open.children));
  return h('p', { class: 'ig-text', dir: 'auto', 'data-granularity': options.granularity }, out);
}
