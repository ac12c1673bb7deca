// Explanations for the rendering tests. Two kinds:
// - real ones: the native CLI's JSON (`iglens explain --json`) for models/tiny, stored under
//   render-fixtures/ (regenerate with `build/native/iglens explain --model models/tiny --json
//   "A gripping, funny film"`, and the same with `--method gxi` for a null completeness), and one
//   per task (taskExplanation; the commands are beside it);
// - built ones: the same shape built by hand around a text, for the Unicode and layout cases a
//   real tokenizer would not produce on demand. Offsets are found in the text itself, so such a
//   fixture cannot drift from its text, and every score is chosen so expected results are known.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Explanation, TokenAttribution, WordAttribution } from '../../web/src/types';

/** A stored CLI result: 'ig' (Integrated Gradients, adaptive steps) or 'gxi' (no completeness). */
export function cliExplanation(which: 'ig' | 'gxi'): Explanation {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'render-fixtures', `tiny-${which}.json`), 'utf8')) as Explanation;
}

/**
 * A stored CLI result of a task with its own result fields, regenerated with build/native/iglens:
 *   ner        explain --model models/conll-ner --ignored-labels O --attention --json
 *              "John Smith lives in Berlin and works for Siemens."
 *   zero-shot  explain --model models/esnli-nli --labels "sports,cooking,politics" --json
 *              "A man is playing football in the park."
 *   qa         explain --model tests/core/explain/fixtures/qa-tiny --question "Where is the tower?"
 *              --json "The tower is in Paris, near the river."
 */
export function taskExplanation(which: 'ner' | 'zero-shot' | 'qa'): Explanation {
  const file = { ner: 'conll-ner-entities', 'zero-shot': 'esnli-nli-zero-shot', qa: 'qa-tiny-answer' }[which];
  return JSON.parse(readFileSync(join(import.meta.dirname, 'render-fixtures', `${file}.json`), 'utf8')) as Explanation;
}

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

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function token(text: string, source: string, start: number, end: number, score: number, word: number): TokenAttribution {
  return {
    text,
    start,
    end,
    byte_start: utf8Length(source.slice(0, start)),
    byte_end: utf8Length(source.slice(0, end)),
    special: word < 0,
    word,
    score,
    normalized: null, // filled in once every score is known
  };
}

export function buildExplanation(text: string, pieces: PieceSpec[], opts: Partial<Explanation> = {}): Explanation {
  const tokens: TokenAttribution[] = [token('[CLS]', text, 0, 0, 0.001, -1)];
  let cursor = 0;
  let prev: TokenAttribution | undefined;
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
    prev = token(p.piece, text, start, end, p.score, p.word);
    tokens.push(prev);
  }
  tokens.push(token('[SEP]', text, text.length, text.length, -0.002, -1));

  const words: WordAttribution[] = [];
  tokens.forEach((t, index) => {
    if (t.word < 0) return;
    const w = words[t.word];
    if (!w) {
      words[t.word] = { text: '', start: t.start, end: t.end, byte_start: t.byte_start, byte_end: t.byte_end, tokens: [index], score: t.score, normalized: null };
    } else {
      w.start = Math.min(w.start, t.start);
      w.end = Math.max(w.end, t.end);
      w.byte_start = Math.min(w.byte_start, t.byte_start);
      w.byte_end = Math.max(w.byte_end, t.byte_end);
      w.tokens.push(index);
      w.score += t.score;
    }
  });
  for (const w of words) w.text = text.slice(w.start, w.end);
  // The core's display scale: score / max|score|, separately over tokens and over words.
  const normalize = (rows: { score: number; normalized: number | null }[]) => {
    const max = Math.max(...rows.map((r) => Math.abs(r.score)));
    for (const r of rows) r.normalized = max > 0 ? r.score / max : 0;
  };
  normalize(tokens);
  normalize(words);

  const sum = tokens.reduce((s, t) => s + t.score, 0);
  const completeness = { f_input: 2.2, f_baseline: 2.2 - sum, sum, abs_error: 0, rel_error: 0, max_path_rel_error: 0, max_path_abs_error: 0 };
  const target = { label: 'POSITIVE', index: 1 };
  const exp: Explanation = {
    text,
    task: 'sequence-classification',
    prediction: { label: 'POSITIVE', index: 1, probabilities: [0.1, 0.9], logits: [-1.1, 1.1] },
    labels: ['NEGATIVE', 'POSITIVE'],
    target,
    tokens,
    words,
    completeness,
    targets: [],
    steps: 64,
    stop_reason: 'target_reached',
    target_rel_error: 0.01,
    method: 'integrated_gradients',
    quadrature: 'gausslegendre',
    baseline: { kind: 'pad', keep_special_tokens: true },
    baselines_averaged: 1,
    objective: 'logit',
    normalization: 'max_abs',
    runs: 3,
    rows: 51,
    rows_per_run: 4691,
    timings_ms: { total: 123.4, model_runs: 20 },
    backend: 'wasm',
    ...opts,
  };
  // As in the core's JSON, the first target's rows are also the top-level rows.
  if (!opts.targets) exp.targets = [{ target: exp.target, tokens: exp.tokens, words: exp.words, completeness: exp.completeness }];
  return exp;
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
