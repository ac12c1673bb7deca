// The explanation result: the same object the native CLI prints with `iglens explain --json`
// and `IGLens.explain()` returns in the browser. Offsets are UTF-16 code units into the original
// text (JavaScript string indices), so `text.slice(start, end)` is exactly what the user typed.

export type Method = 'ig' | 'saliency' | 'gxi' | 'smoothgrad';
export type BaselineKind = 'pad' | 'mask' | 'unk' | 'zero' | 'mean' | 'random' | 'text';
export type Objective = 'logit' | 'prob' | 'logprob';
export type Normalization = 'raw' | 'l1' | 'l2' | 'maxabs';

export interface TokenAttribution {
  text: string;        // the token piece as the tokenizer produced it
  start: number;       // UTF-16 span in the original text; start == end for special tokens
  end: number;
  special: boolean;
  score: number;       // raw attribution (sums to f_input - f_baseline over all tokens)
  word?: number;       // index into `words`, absent for special tokens
  segment?: number;    // 0 = first text, 1 = second text of a pair
}

export interface WordAttribution {
  text: string;        // the original characters text.slice(start, end)
  start: number;
  end: number;
  score: number;       // sum of the word's token scores
}

export interface Completeness {
  f_input: number;     // F(x): the objective at the input
  f_baseline: number;  // F(x'): the objective at the baseline
  sum: number;         // Σ attributions
  abs_error: number;   // |sum - (f_input - f_baseline)|
  rel_error: number;   // abs_error / |f_input - f_baseline|
}

export interface Prediction {
  label: string;
  index: number;
  probabilities: number[];   // softmax, or sigmoid per label for multi-label models
  logits?: number[];
}

export interface Explanation {
  prediction: Prediction;
  labels: string[];
  target: { label: string; index: number };
  tokens: TokenAttribution[];
  words: WordAttribution[];
  completeness: Completeness;
  steps: number;
  converged?: boolean;       // adaptive mode: the completeness target was reached (false: step cap hit)
  method: Method;
  baseline: string;
  objective: Objective;
  quadrature?: string;
  timings_ms: Record<string, number>;
  backend?: string;          // 'native', 'wasm' or 'webgpu'
}
