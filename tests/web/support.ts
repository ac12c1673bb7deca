// Shared set-up of the Vitest suites: the real WASM core (build/wasm) and ONNX Runtime Web's
// wasm backend in Node, the shipped model folders read from disk, and the native CLI for
// cross-checks.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { IGLens } from '../../web/src/api';
import type { ModelFiles } from '../../web/src/model-files';
import type { Ort } from '../../web/src/runner';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const coreModuleUrl = pathToFileURL(join(repoRoot, 'build/wasm/iglens_core.mjs'));
export const coreWasm = () => readFileSync(join(repoRoot, 'build/wasm/iglens_core.wasm'));
export const cliPath = join(repoRoot, 'build/native/iglens');

ort.env.wasm.numThreads = 1;

/** A model folder from disk, as the browser would gather it. */
export function readModelFolder(name: string): ModelFiles {
  const dir = join(repoRoot, 'models', name);
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) if (/\.(json|model|txt)$/.test(f) && f !== 'README.md') files[f] = readFileSync(join(dir, f));
  return { name, files, onnx: readFileSync(join(dir, 'onnx/model.onnx')) };
}

export function hasModel(name: string): boolean {
  return existsSync(join(repoRoot, 'models', name, 'onnx/model.onnx'));
}

export function loadLens(name: string): Promise<IGLens> {
  return IGLens.load(readModelFolder(name), {
    backend: 'wasm',
    worker: false,
    core: { moduleUrl: coreModuleUrl, wasmBinary: coreWasm() },
    ort: ort as unknown as Ort,
  });
}

/** Runs the native CLI and parses its JSON output. */
export function cliJson(args: string[], input?: string): any {
  return JSON.parse(execFileSync(cliPath, args, { encoding: 'utf8', input, maxBuffer: 64 << 20 }));
}
