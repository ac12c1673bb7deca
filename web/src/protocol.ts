// Messages between the page (api.ts) and the worker (worker.ts). Every request carries an id;
// the worker answers it with one `result` or `error`, after any number of `progress` messages.
import type { BackendChoice } from './runner';
import type { ModelFiles } from './model-files';
import type { ExplainOptions, Progress } from './api-types';

export type Request =
  // 'start' comes first, before the model is fetched: the worker loads the core and ONNX
  // Runtime meanwhile; 'load' then hands over the model files.
  | { id: number; type: 'start'; coreUrl: string; backend: BackendChoice }
  | { id: number; type: 'load'; model: ModelFiles }
  | { id: number; type: 'predict'; text: string; pair: string | null }
  | { id: number; type: 'explain'; text: string; options: ExplainOptions }
  | { id: number; type: 'explainBatch'; texts: string[]; options: ExplainOptions }
  | { id: number; type: 'cancel'; target: number };

export type Reply =
  | { id: number; type: 'progress'; progress: Progress }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'error'; message: string };

/** A request before the API gives it its id. */
export type NewRequest = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
