// The explanation result: the same object the native CLI prints with `iglens explain --json`
// and `IGLens.explain()` returns in the browser. Offsets are UTF-16 code units into the original
// text (JavaScript string indices), so `text.slice(start, end)` is exactly what the user typed.

/** Option values (as on the command line); results name methods in full. */
export type Method = 'ig' | 'saliency' | 'gxi' | 'smoothgrad';
export type BaselineKind = 'auto' | 'pad' | 'mask' | 'unk' | 'zero' | 'mean' | 'random' | 'text';
export type Objective = 'logit' | 'prob' | 'logprob';
export type Normalization = 'raw' | 'l1' | 'l2' | 'maxabs';
export type ExplainerTask =
  | 'sequence-classification'
  | 'pair-classification'
  | 'multi-label'
  | 'zero-shot'
  | 'token-classification'
  | 'question-answering';

export interface TokenAttribution {
  text: string;        // the token piece as the tokenizer produced it
  start: number;       // UTF-16 span in the original text; start == end for special tokens
  end: number;
  byte_start: number;  // the same span in UTF-8 bytes (what the native core works in)
  byte_end: number;
  special: boolean;
  word: number;        // index into `words`; -1 for special tokens
  segment?: number;    // 0 = first text, 1 = second text of a pair (pair tasks only)
  score: number;       // raw attribution (sums to f_input - f_baseline over all tokens)
  normalized: number | null;  // score / max|score| (the display scale)
}

export interface WordAttribution {
  text: string;        // the original characters text.slice(start, end)
  start: number;
  end: number;
  byte_start: number;
  byte_end: number;
  tokens: number[];    // indexes into `tokens`
  score: number;       // sum of the word's token scores (completeness holds for words too)
  normalized: number | null;
}

/** null for methods without a path integral (saliency, gradient × input). Non-finite numbers are null. */
export interface Completeness {
  f_input: number;     // F(x): the objective at the input
  f_baseline: number;  // F(x'): the objective at the baseline
  sum: number;         // Σ attributions
  abs_error: number;   // |sum - (f_input - f_baseline)|
  rel_error: number | null;  // abs_error / |f_input - f_baseline|; null when F(x) ≈ F(x')
  max_path_rel_error: number | null;  // worst single path (SmoothGrad samples, several baselines)
  max_path_abs_error: number;
}

/** Question answering: label is the answer's text, index -1, probabilities empty, logits the
 *  answer's start and end logits and score the answer's score (as `answer`). */
export interface Prediction {
  label: string;
  index: number;
  probabilities: number[];   // softmax, or sigmoid per label for multi-label models
  logits?: number[];
  score?: number;            // question answering only
}

export interface Target {
  label: string;
  index: number;
  position?: number;   // token position, for token classification
}

export interface TargetResult {
  target: Target;
  tokens: TokenAttribution[];
  words: WordAttribution[];
  completeness: Completeness | null;
}

export interface BaselineDescription {
  kind: string;        // pad, mask, unk, zero, mean, uniform, tokens
  keep_special_tokens: boolean;
  seed?: number;
  token_ids?: number[];
}

export type StopReason = 'fixed_steps' | 'target_reached' | 'step_cap_reached' | 'not_applicable';

/** The result of one explanation; the first target's rows are repeated at the top level. */
export interface Explanation extends TargetResult {
  text: string;              // for a pair: both texts joined by '\n'
  pair_start?: number;       // for a pair: where the second text begins in `text`
  task: string;
  labels: string[];
  prediction: Prediction;
  targets: TargetResult[];
  steps: number;
  stop_reason: StopReason;
  target_rel_error?: number; // the adaptive mode's target
  method: 'integrated_gradients' | 'saliency' | 'gradient_x_input' | 'smoothgrad';
  quadrature: string;
  baseline: BaselineDescription | BaselineDescription[] | null;
  baselines_averaged: number;
  objective: 'logit' | 'probability' | 'log_probability';
  noise?: { samples: number; stdev: number; seed: number };
  normalization: string;
  runs: number;
  rows: number;
  rows_per_run: number;
  timings_ms: Record<string, number | null>;
  backend?: string;          // 'native', 'wasm' or 'webgpu'
  explainer?: ExplainerTask; // the explainer that ran
  flip_sign?: boolean;       // true when −F was explained (scores and F negated)
  attention?: AttentionView; // when asked for with { attention: true }
  answer?: AnswerSpan;       // question answering
  entities?: EntityGroup[];  // token classification
  ignored_labels?: string[]; // token classification
  // Zero-shot: this object is the best candidate's explanation; `labels` are the candidates and
  // `prediction.probabilities` their scores (prediction.logits: their entailment logits).
  hypothesis_template?: string;
  multi_label?: boolean;
  candidates?: ZeroShotCandidate[];
}

/** Attention probabilities at the input: weights[((layer * heads + head) * tokens + query) * tokens + key]. */
export interface AttentionView {
  layers: number;
  heads: number;
  tokens: number;            // the explanation's tokens, in order
  weights: number[];
}

/** The predicted answer; start/end index `text` (question, '\n', context) like the tokens. */
export interface AnswerSpan {
  text: string;
  start: number;
  end: number;
  byte_start: number;
  byte_end: number;
  start_token: number;       // the rows: targets[0] explains the start logit there, targets[1] the end
  end_token: number;
  start_logit: number;
  end_logit: number;
  score: number;             // p(start) · p(end), softmaxes over the context's tokens
}

/** Consecutive words' BIO tags merged into one entity. */
export interface EntityGroup {
  label: string;             // the type, without B-/I-
  score: number;             // mean probability of the words' tags
  text: string;
  start: number;
  end: number;
  byte_start: number;
  byte_end: number;
  words: number[];           // indexes into `words`
}

export interface ZeroShotCandidate {
  label: string;
  hypothesis: string;
  score: number;
  explanation: Explanation;  // the pair (text, hypothesis), its entailment explained
}

/** A batch: one result per text, in order. */
export interface BatchExplanation {
  explainer: ExplainerTask;
  results: Explanation[];
  timings_ms: Record<string, number | null>;
  backend?: string;
}
