// Options and progress reports of the public API (IGLens.load / lens.explain).
import type { BackendChoice } from './runner';
import type { BaselineKind, Method, Objective } from './types';

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
  baseline?: BaselineKind | { text: string };
  /** Number of quadrature nodes, or 'auto' (default): refine until completeness ≤ 1%. */
  steps?: number | 'auto';
  objective?: Objective;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}
