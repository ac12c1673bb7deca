// Options and progress reports of the public API (IGLens.load / lens.explain).
import type { BackendChoice } from './runner';
import type { BaselineKind, ExplainerTask, Method, Objective } from './types';

export interface Progress {
  stage: 'loading' | 'preparing' | 'explaining';
  done: number;
  total: number;
}

export interface LoadOptions {
  /** 'auto' (default): WebGPU when the browser has an adapter, else WASM. */
  backend?: BackendChoice;
  onProgress?: (progress: Progress) => void;
  /** Run in a Web Worker (default in browsers) or in the calling thread (default in Node). */
  worker?: boolean;
}

export interface ExplainOptions {
  /** Second text for pair tasks (NLI, cross-encoders). */
  pair?: string;
  /** Class(es) to explain, by name or index, or 'all' (every label, sharing the same runs); the
   *  predicted class by default. */
  target?: string | number | (string | number)[];
  method?: Method;
  /** 'auto' (default): [MASK] where the tokenizer has one, else [PAD]; results name the one used. */
  baseline?: BaselineKind | { text: string };
  /** Number of quadrature nodes, or 'auto' (default): refine until completeness ≤ 1%. */
  steps?: number | 'auto';
  objective?: Objective;
  /** The explainer; inferred from the model's config.json when absent (zero-shot when
   *  `candidateLabels` are given). */
  task?: ExplainerTask;
  /** Zero-shot (NLI models): each candidate becomes a hypothesis whose entailment is explained. */
  candidateLabels?: string[];
  /** Zero-shot: '{}' marks where the label goes; default 'This example is {}.'. */
  hypothesisTemplate?: string;
  /** Zero-shot: score each candidate on its own (entailment vs contradiction) instead of a softmax. */
  multiLabel?: boolean;
  /** Token classification: tokens predicted as one of these labels (e.g. 'O') are not explained. */
  ignoredLabels?: string[];
  /** Token classification: the token positions to explain (default: the first token of every word). */
  positions?: number[];
  /** Question answering: the question (the text is the context). */
  question?: string;
  /** Question answering: the longest answer, in tokens (default 15). */
  maxAnswerTokens?: number;
  /** Explain −F instead of F (single-logit similarity models: what pushes the score down). */
  flipSign?: boolean;
  /** Add the attention probabilities at the input (an error for a model whose fused attention
   *  kernels expose none). */
  attention?: boolean;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}
