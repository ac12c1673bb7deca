// Runs ONNX graphs on ONNX Runtime Web: WebGPU when an adapter exists (unsupported nodes fall
// back to the wasm EP inside the same session), the wasm EP otherwise. The ort module is passed
// in: the browser uses 'onnxruntime-web/webgpu', Node tests 'onnxruntime-web'.
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
  /** The backend the session really runs on. */
  readonly backend: Backend;
  /** Why WebGPU was not used although it was asked for or available; null when it was not wanted. */
  readonly fallbackReason: string | null;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(inputs: NamedTensors, outputs?: string[]): Promise<NamedTensors>;
  release(): Promise<void>;
}

async function webgpuAvailable(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } })?.gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter is available';
  } catch (e) {
    return `WebGPU adapter request failed: ${(e as Error).message}`;
  }
}

// Errors only: under WebGPU, ORT warns that it keeps shape ops on the CPU, which is by design.
const quiet = 3;

export async function createRunner(ort: Ort, model: Uint8Array, choice: BackendChoice = 'auto'): Promise<Runner> {
  let fallbackReason: string | null = null;
  if (choice !== 'wasm') {
    fallbackReason = await webgpuAvailable();
    if (!fallbackReason) {
      try {
        const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu', 'wasm'], logSeverityLevel: quiet });
        return wrap(ort, session, 'webgpu', null);
      } catch (e) {
        fallbackReason = `WebGPU session failed: ${(e as Error).message}`;
      }
    }
    if (choice === 'webgpu') throw new Error(`WebGPU was requested but ${fallbackReason}`);
  }
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], logSeverityLevel: quiet });
  return wrap(ort, session, 'wasm', fallbackReason);
}

function wrap(ort: Ort, session: OrtModule.InferenceSession, backend: Backend, fallbackReason: string | null): Runner {
  return {
    backend,
    fallbackReason,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(inputs, outputs) {
      const feeds: Record<string, OrtModule.Tensor> = {};
      for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor(t.dtype, t.data, t.dims);
      const results = outputs ? await session.run(feeds, outputs) : await session.run(feeds);
      const named: NamedTensors = {};
      for (const [name, value] of Object.entries(results)) {
        // Reading the data back also downloads it from the GPU on the WebGPU backend.
        const data = (await value.getData()) as Float32Array | BigInt64Array;
        named[name] = { dtype: value.type as TensorData['dtype'], dims: [...value.dims], data };
        value.dispose();
      }
      return named;
    },
    release: () => session.release(),
  };
}
