// Which ONNX Runtime Web build the browser's worker loads. The WebGPU bundle's wasm carries the
// asyncify glue WebGPU needs and is 27 MB; the plain wasm bundle's is 14 MB and compiles in about
// half the time. So the adapter is asked for first, and the WebGPU bundle is fetched only when
// WebGPU will really be tried (its wasm EP still serves as the fallback there).
import { startRuntime, webgpuProblem, type BackendChoice, type Ort } from './runner';

export async function loadOrt(choice: BackendChoice): Promise<Ort> {
  const tryWebgpu = choice !== 'wasm' && (await webgpuProblem()) === null;
  const ort = (tryWebgpu ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm')) as unknown as Ort;
  // One thread: on small machines a second wasm thread was slower than one.
  ort.env.wasm.numThreads = 1;
  await startRuntime(ort);
  return ort;
}
