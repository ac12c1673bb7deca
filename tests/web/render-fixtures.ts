// Explanations built by hand for the rendering tests: offsets are found in the text itself, so a
// fixture cannot drift from its text, and every score is chosen so expected results are known.
import type { Explanation, TokenAttribution, WordAttribution } from '../../web/src/types';

export interface PieceSpec {
  /** The token piece text as a tokenizer would print it. */
  piece: string;
  /** The characters it covers in the text; searched from the end of the previous piece. */
  covers: string;
  score: number;
  /** Index of the word it belongs to (in the words list built from `words`). */
  word: number;
  /** Repeat the previous piece's span (byte-level tokenizers split one character over several tokens). */
  sameSpanAsPrevious?: boolean;
  /** A zero-width piece (start == end) at the current position. */
  zeroWidth?: boolean;
}

export function buildExplanation(text: string, pieces: PieceSpec[], opts: Partial<Explanation> = {}): Explanation {
  const tokens: TokenAttribution[] = [{ text: '[CLS]', start: 0, end: 0, special: true, score: 0.001 }];
  let cursor = 0;
  let prev: TokenAttribution | null = null;
  for (const p of pieces) {
    let start: number;
    let end: number;
    if (p.sameSpanAsPrevious && prev) {
      start = prev.start;
      end = prev.end;
    } else if (p.zeroWidth) {
      start = end = cursor + (text.slice(cursor).length - text.slice(cursor).trimStart().length);
    } else {
      start = text.indexOf(p.covers, cursor);
      if (start < 0) throw new Error(`fixture: "${p.covers}" not found after ${cursor}`);
      end = start + p.covers.length;
      cursor = end;
    }
    prev = { text: p.piece, start, end, special: false, score: p.score, word: p.word };
    tokens.push(prev);
  }
  tokens.push({ text: '[SEP]', start: text.length, end: text.length, special: true, score: -0.002 });

  const words: WordAttribution[] = [];
  for (const t of tokens) {
    if (t.word === undefined) continue;
    const w = words[t.word];
    if (!w) words[t.word] = { text: '', start: t.start, end: t.end, score: t.score };
    else {
      w.start = Math.min(w.start, t.start);
      w.end = Math.max(w.end, t.end);
      w.score += t.score;
    }
  }
  for (const w of words) w.text = text.slice(w.start, w.end);
  const sum = tokens.reduce((s, t) => s + t.score, 0);
  return {
    prediction: { label: 'POSITIVE', index: 1, probabilities: [0.1, 0.9] },
    labels: ['NEGATIVE', 'POSITIVE'],
    target: { label: 'POSITIVE', index: 1 },
    tokens,
    words,
    completeness: { f_input: 2.2, f_baseline: 2.2 - sum, sum, abs_error: 0, rel_error: 0 },
    steps: 64,
    converged: true,
    method: 'ig',
    baseline: 'pad',
    objective: 'logit',
    timings_ms: { total: 123.4, forward: 20 },
    backend: 'wasm',
    ...opts,
  };
}

/** "One word per token" fixture over whitespace-separated words. */
export function simpleExplanation(text: string, scores: number[]): Explanation {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length !== scores.length) throw new Error('fixture: one score per word');
  return buildExplanation(
    text,
    words.map((w, i) => ({ piece: w, covers: w, score: scores[i], word: i })),
  );
}
