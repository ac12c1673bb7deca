// Hand-written types of the Embind module built from wasm/bindings.cpp (Emscripten 3.1.6 cannot
// emit them). Calls that can fail return `{ error }` instead of throwing. Objects are created
// empty with `new`, then loaded or started, and freed with delete().

export interface CoreError {
  error: string;
}

export interface CoreTensor {
  dtype: 'float32' | 'int64';
  dims: number[];
  data: Float32Array | BigInt64Array;
}
export type CoreTensors = Record<string, CoreTensor>;

/** A model folder inside the core: config, tokenizer and the prepared gradient graph. */
export interface CoreModel {
  /** Loads config.json + tokenizer files (by file name) and prepares onnx/model.onnx (with its
   *  attentions.<i> outputs when the model has attention softmaxes); null on success. */
  load(files: Record<string, Uint8Array | string>, onnx: Uint8Array): null | CoreError;
  /** JSON of { modelType, task, labels, maxTokens, tokenizer, prepared: { cutNode, forwardNodes, backwardNodes, bytes } }. */
  infoJson(): string | CoreError;
  /** The prepared graph's ONNX bytes, for an ONNX Runtime Web session. */
  preparedGraph(): Uint8Array | CoreError;
  /** JSON of { tokens: [{ id, text, start, end, special, word, segment, typeId }], truncated, untruncatedLength };
   *  offsets are UTF-16 code units. `pair` is the second text of a pair task, or null. */
  encodeJson(text: string, pair: string | null): string | CoreError;
  /** Inputs of one forward row of the prepared graph; its `logits` output is the prediction. */
  predictionInputs(text: string, pair: string | null): CoreTensors | CoreError;
  /** JSON of { label, index, probabilities, logits } from that run's outputs. */
  predictionJson(outputs: CoreTensors): string | CoreError;
  delete(): void;
}

/** A tokenizer folder's files on their own (config files + tokenizer.json or *.model). */
export interface CoreTokenizer {
  load(files: Record<string, Uint8Array | string>): null | CoreError;
  /** Same JSON as CoreModel.encodeJson; maxLength 0 means no truncation. */
  encodeJson(text: string, pair: string | null, maxLength: number): string | CoreError;
  delete(): void;
}

/** One explanation request in progress (any task, one text or a batch): run nextInputs() on the
 *  prepared graph, accept() the outputs, until done(). The outputs a run needs can change from run
 *  to run (a forward probe at the input for QA and NER, then IG runs, one of which also returns
 *  the attentions when asked for): ask outputNames() before each. */
export interface CoreJob {
  /** options: JSON of the core's option names (apply_user_option in core/include/iglens/explainer.h):
   *  { task, method, steps, baseline, objective, quadrature, samples, stdev, hypothesis_template,
   *  question, max_answer_tokens: string; multi_label, flip_sign, attention: boolean;
   *  targets, labels, positions, ignored_labels: string[]; texts: string[] (a batch) }. */
  start(model: CoreModel, text: string, pair: string | null, options: string): null | CoreError;
  done(): boolean;
  nextInputs(): CoreTensors | CoreError;
  outputNames(): string[] | CoreError;
  accept(outputs: CoreTensors): null | CoreError;
  /** JSON of { runsDone, runsPlanned, rowsDone, rowsPlanned, steps, round, done }. */
  progressJson(): string;
  addTiming(name: string, ms: number): void;
  /** The result as JSON text (the same object as `iglens explain --json`; a batch: { results }). */
  resultJson(): string | CoreError;
  delete(): void;
}

export interface IGLensCore {
  version(): string;
  CoreModel: { new (): CoreModel };
  CoreJob: { new (): CoreJob };
  CoreTokenizer: { new (): CoreTokenizer };
}

export interface CoreModuleOptions {
  /** The .wasm bytes; required in Node, where Emscripten 3.1.6's ES6 output cannot fetch file:// URLs. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

export default function createIGLensCore(options?: CoreModuleOptions): Promise<IGLensCore>;
