// Loads the C++ core (build/wasm/iglens_core.{mjs,wasm}, served as core/ beside the page).
import type { CoreError, IGLensCore } from '../../wasm/iglens_core';

export type { IGLensCore };

export interface CoreSource {
  /** URL of iglens_core.mjs. */
  moduleUrl: string | URL;
  /** The .wasm bytes (Node); browsers fetch iglens_core.wasm next to the module instead. */
  wasmBinary?: Uint8Array;
}

export async function loadCore(source: CoreSource): Promise<IGLensCore> {
  const moduleUrl = String(source.moduleUrl);
  const { default: createIGLensCore } = await import(/* @vite-ignore */ moduleUrl);
  const wasmUrl = new URL('iglens_core.wasm', moduleUrl).href;
  return createIGLensCore(
    source.wasmBinary ? { wasmBinary: source.wasmBinary } : { locateFile: () => wasmUrl },
  );
}

export function isCoreError(value: unknown): value is CoreError {
  return typeof (value as CoreError | null)?.error === 'string';
}

/** Results of the core are JSON text, or `{ error }`: this turns the latter into a thrown Error. */
export function unwrap<T>(result: string | CoreError): T {
  if (isCoreError(result)) throw new Error(result.error);
  return JSON.parse(result) as T;
}
