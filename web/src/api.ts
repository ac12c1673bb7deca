// The public API:
//   const lens = await IGLens.load('models/sst2/', { backend: 'auto' });
//   const result = await lens.explain('a gripping, funny film', { target: 'POSITIVE' });
// In browsers the work runs in a Web Worker (the page never freezes); in Node it runs in-process.
import { loadCore } from './core';
import { Engine, type ModelInfo, type PredictResult } from './engine';
import { fetchModelFolder, fetchModelIndex, readPickedFolder, type ModelFiles, type ModelIndex } from './model-files';
import type { NewRequest, Reply, Request } from './protocol';
import type { ExplainOptions, LoadOptions, Progress } from './api-types';
import type { Ort } from './runner';
import type { BatchExplanation, Explanation } from './types';

export type { ExplainOptions, LoadOptions, ModelFiles, ModelIndex, ModelInfo, PredictResult, Progress };

/** Where the page's runtime files live: core/ (the WASM core) and models/. ONNX Runtime Web's own
 *  .wasm is bundled with the worker. */
export interface AssetOptions {
  assetBase?: string | URL;
}

/** In Node there is no page to fetch from: the caller hands over the core and ONNX Runtime. */
export interface InProcessOptions {
  core?: { moduleUrl: string | URL; wasmBinary?: Uint8Array };
  ort?: Ort;
}

type ModelSource = string | ModelFiles | ArrayLike<File>;

interface Backend {
  predict(text: string, pair: string | null): Promise<PredictResult>;
  explain(text: string, options: ExplainOptions): Promise<Explanation>;
  explainBatch(texts: string[], options: ExplainOptions): Promise<BatchExplanation>;
  dispose(): Promise<void>;
}

function defaultBase(): string {
  if (typeof document !== 'undefined') return document.baseURI;
  if (typeof location !== 'undefined') return location.href;
  throw new Error('no page to load from: pass assetBase, or core and ort in Node');
}

async function resolveModel(model: ModelSource, base: string | URL): Promise<ModelFiles> {
  if (typeof model === 'string') {
    // A shipped model listed in models/index.json is fetched by its file list.
    const index = await fetchModelIndex(base).catch(() => null);
    const name = model.replace(/\/+$/, '').split('/').pop();
    const entry = index?.models.find((m) => m.name === name && model.replace(/\/+$/, '').endsWith(`models/${name}`));
    return fetchModelFolder(model, base, entry?.files);
  }
  if ('onnx' in model && 'files' in model) return model as ModelFiles;
  return readPickedFolder(model as ArrayLike<File>);
}

export class IGLens {
  private constructor(
    readonly info: ModelInfo,
    private readonly backend: Backend,
  ) {}

  /** The shipped models (models/index.json beside the page). */
  static listModels(assetBase: string | URL = defaultBase()): Promise<ModelIndex> {
    return fetchModelIndex(assetBase);
  }

  static async load(model: ModelSource, options: LoadOptions & AssetOptions & InProcessOptions = {}): Promise<IGLens> {
    const base = options.assetBase ?? (options.core ? 'file:///' : defaultBase());
    options.onProgress?.({ stage: 'loading', done: 0, total: 1 });
    const useWorker = options.worker ?? (typeof Worker !== 'undefined' && !options.core);
    // The worker loads the core and ONNX Runtime while the model downloads.
    const worker = useWorker ? WorkerBackend.start(base, options) : null;
    let files: ModelFiles;
    try {
      files = await resolveModel(model, base);
    } catch (e) {
      void worker?.dispose();
      throw e;
    }
    const backend = worker
      ? await worker.load(files, options.onProgress)
      : await InProcessBackend.start(files, base, options);
    options.onProgress?.({ stage: 'loading', done: 1, total: 1 });
    return new IGLens(backend.info, backend);
  }

  /** The model's prediction (probabilities for every label) without attributions. */
  predict(text: string, options: { pair?: string } = {}): Promise<PredictResult> {
    return this.backend.predict(text, options.pair ?? null);
  }

  /** Attributions of each token and word of `text` for the target class, or per task: zero-shot
   *  (`candidateLabels`), question answering (`question`; `text` is the context), token
   *  classification (`ignoredLabels`, `positions`); see ExplainOptions. */
  explain(text: string, options: ExplainOptions = {}): Promise<Explanation> {
    return this.backend.explain(text, options);
  }

  /** Every text explained with the same options, one combined result (`results`, in order). */
  explainBatch(texts: string[], options: ExplainOptions = {}): Promise<BatchExplanation> {
    if (!texts.length) return Promise.reject(new Error('explainBatch needs at least one text'));
    return this.backend.explainBatch(texts, options);
  }

  dispose(): Promise<void> {
    return this.backend.dispose();
  }
}

class InProcessBackend implements Backend {
  private constructor(
    readonly info: ModelInfo,
    private readonly engine: Engine,
  ) {}

  static async start(files: ModelFiles, base: string | URL, options: LoadOptions & InProcessOptions): Promise<InProcessBackend> {
    if (!options.ort) throw new Error('running without a worker needs the onnxruntime-web module: pass options.ort');
    const core = await loadCore(options.core ?? { moduleUrl: new URL('core/iglens_core.mjs', base) });
    const engine = await Engine.create(core, options.ort, files, options.backend ?? 'auto');
    return new InProcessBackend(engine.info, engine);
  }

  predict(text: string, pair: string | null) {
    return this.engine.predict(text, pair);
  }
  explain(text: string, options: ExplainOptions) {
    return this.engine.explain(text, options);
  }
  explainBatch(texts: string[], options: ExplainOptions) {
    return this.engine.explainBatch(texts, options);
  }
  dispose() {
    return this.engine.dispose();
  }
}

class WorkerBackend implements Backend {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; onProgress?: (p: Progress) => void }>();
  info!: ModelInfo;
  private started!: Promise<unknown>;

  private constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const call = this.pending.get(reply.id);
      if (!call) return;
      if (reply.type === 'progress') return call.onProgress?.(reply.progress);
      this.pending.delete(reply.id);
      if (reply.type === 'result') call.resolve(reply.value);
      else call.reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      const error = new Error(`the IG Lens worker failed: ${event.message}`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
  }

  static start(base: string | URL, options: LoadOptions): WorkerBackend {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const backend = new WorkerBackend(worker);
    backend.started = backend.call({ type: 'start', coreUrl: new URL('core/iglens_core.mjs', base).href, backend: options.backend ?? 'auto' });
    // A failed start is reported by load(), which awaits it.
    backend.started.catch(() => undefined);
    return backend;
  }

  async load(files: ModelFiles, onProgress?: (p: Progress) => void): Promise<WorkerBackend> {
    try {
      const loaded = this.call({ type: 'load', model: files }, onProgress);
      loaded.catch(() => undefined);
      await this.started;
      this.info = (await loaded) as ModelInfo;
    } catch (e) {
      void this.dispose();
      throw e;
    }
    return this;
  }

  private call(request: NewRequest, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('the explanation was cancelled', 'AbortError'));
      this.pending.set(id, { resolve, reject, onProgress });
      signal?.addEventListener('abort', () => this.worker.postMessage({ id: this.nextId++, type: 'cancel', target: id }), { once: true });
      // The ONNX bytes move to the worker instead of being copied.
      const transfer = request.type === 'load' ? [request.model.onnx.buffer as ArrayBuffer] : [];
      this.worker.postMessage({ ...request, id } as Request, transfer);
    });
  }

  predict(text: string, pair: string | null) {
    return this.call({ type: 'predict', text, pair }) as Promise<PredictResult>;
  }

  explain(text: string, options: ExplainOptions) {
    const { onProgress, signal, ...plain } = options;
    return this.call({ type: 'explain', text, options: plain }, onProgress, signal) as Promise<Explanation>;
  }

  explainBatch(texts: string[], options: ExplainOptions) {
    const { onProgress, signal, ...plain } = options;
    return this.call({ type: 'explainBatch', texts, options: plain }, onProgress, signal) as Promise<BatchExplanation>;
  }

  async dispose() {
    this.worker.terminate();
  }
}
