// Runs ONNX graphs on ONNX Runtime Web: WebGPU when an adapter exists (unsupported nodes fall
// back to the wasm EP inside the same session), the wasm EP otherwise; a WebGPU run that fails
// (device lost, out of memory, an unsupported kernel) is retried on the wasm EP, which then stays.
// The ort module is passed in: the browser's worker picks a bundle (ort-bundle.ts), Node tests
// use 'onnxruntime-web'.
import type * as OrtModule from 'onnxruntime-web';

export type Ort = typeof OrtModule;
export type BackendChoice = 'auto' | 'webgpu' | 'wasm';
export type Backend = 'webgpu' | 'wasm';

export interface TensorData {
  dtype: 'float32' | 'int64';
  dims: number[];
  data: Float32Array | BigInt64Array;
}
export type NamedTensors = Record<string, TensorData>;

export interface Runner {
  /** The backend the session really runs on (it turns to 'wasm' after a failed WebGPU run). */
  readonly backend: Backend;
  /** Why WebGPU was not used although it was asked for or available; null when it was not wanted. */
  readonly fallbackReason: string | null;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(inputs: NamedTensors, outputs?: string[]): Promise<NamedTensors>;
  release(): Promise<void>;
}

let adapterProbe: Promise<string | null> | null = null;

/** Why WebGPU cannot be used here, or null when an adapter exists. Asked once per realm. */
export function webgpuProblem(): Promise<string | null> {
  adapterProbe ??= (async () => {
    const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } })?.gpu;
    if (!gpu) return 'this browser has no WebGPU';
    try {
      return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter is available';
    } catch (e) {
      return `WebGPU adapter request failed: ${(e as Error).message}`;
    }
  })();
  return adapterProbe;
}

// Errors only: under WebGPU, ORT warns that it keeps shape ops on the CPU, which is by design.
const quiet = 3;

// ONNX Runtime Web has no call that only starts its runtime: the first session fetches and
// compiles its wasm. This one-node model (y = Identity(x), float[1], opset 13) is that first
// session, so the compile runs while the real model still downloads and is prepared.
const identityModel = new Uint8Array([
  8, 8, 66, 2, 16, 13, 58, 55, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 1, 103, 90, 15, 10, 1,
  120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1,
]);

/** Fetches and compiles ONNX Runtime Web's wasm now rather than at the first real session. */
export async function startRuntime(ort: Ort): Promise<void> {
  const session = await ort.InferenceSession.create(identityModel, { executionProviders: ['wasm'], logSeverityLevel: quiet });
  await session.release();
}

export async function createRunner(ort: Ort, model: Uint8Array, choice: BackendChoice = 'auto'): Promise<Runner> {
  let fallbackReason: string | null = null;
  if (choice !== 'wasm') {
    fallbackReason = await webgpuProblem();
    if (!fallbackReason) {
      try {
        const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu', 'wasm'], logSeverityLevel: quiet });
        return new OrtRunner(ort, session, 'webgpu', null, choice === 'auto' ? model : null);
      } catch (e) {
        fallbackReason = `WebGPU session failed: ${(e as Error).message}`;
      }
    }
    if (choice === 'webgpu') throw new Error(`WebGPU was requested but ${fallbackReason}`);
  }
  return new OrtRunner(ort, await wasmSession(ort, model), 'wasm', fallbackReason, null);
}

// The prepared graph is already what the core built for this job: ORT's graph optimizations find
// nothing to fuse in it on the wasm EP (explanations ran equally fast with and without them), while
// running them made the first session on a freshly compiled runtime about 40% slower.
function wasmSession(ort: Ort, model: Uint8Array): Promise<OrtModule.InferenceSession> {
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'disabled', logSeverityLevel: quiet });
}

class OrtRunner implements Runner {
  constructor(
    private readonly ort: Ort,
    private session: OrtModule.InferenceSession,
    public backend: Backend,
    public fallbackReason: string | null,
    /** Kept on WebGPU under 'auto' only, to rebuild the session on the wasm EP if a run fails. */
    private fallbackModel: Uint8Array | null,
  ) {}

  get inputNames() {
    return this.session.inputNames;
  }
  get outputNames() {
    return this.session.outputNames;
  }

  async run(inputs: NamedTensors, outputs?: string[]): Promise<NamedTensors> {
    try {
      return await this.runOnce(inputs, outputs);
    } catch (e) {
      if (!this.fallbackModel) throw e;
      const failed = this.session;
      this.session = await wasmSession(this.ort, this.fallbackModel);
      this.backend = 'wasm';
      this.fallbackReason = `a WebGPU run failed (${(e as Error).message}); running on WebAssembly from now on`;
      this.fallbackModel = null;
      void failed.release().catch(() => undefined);
      return this.runOnce(inputs, outputs);
    }
  }

  private async runOnce(inputs: NamedTensors, outputs?: string[]): Promise<NamedTensors> {
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new this.ort.Tensor(t.dtype, t.data, t.dims);
    const results = outputs ? await this.session.run(feeds, outputs) : await this.session.run(feeds);
    const named: NamedTensors = {};
    for (const [name, value] of Object.entries(results)) {
      // Reading the data back also downloads it from the GPU on the WebGPU backend.
      const data = (await value.getData()) as Float32Array | BigInt64Array;
      named[name] = { dtype: value.type as TensorData['dtype'], dims: [...value.dims], data };
      value.dispose();
    }
    return named;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
