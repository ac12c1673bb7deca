// The Web Worker that owns the core and the ONNX Runtime sessions, so long runs never block the page.
import * as ort from 'onnxruntime-web/webgpu';
import { loadCore } from './core';
import { Engine } from './engine';
import type { Reply, Request } from './protocol';
import type { Ort } from './runner';

let engine: Engine | null = null;
const cancelled = new Set<number>();

const reply = (message: Reply) => (self as unknown as Worker).postMessage(message);

async function handle(request: Request): Promise<unknown> {
  switch (request.type) {
    case 'load': {
      const core = await loadCore({ moduleUrl: request.coreUrl });
      ort.env.wasm.numThreads = 1;
      engine = await Engine.create(core, ort as unknown as Ort, request.model, request.backend);
      return engine.info;
    }
    case 'predict':
      return requireEngine().predict(request.text, request.pair);
    case 'explain':
      return requireEngine().explain(request.text, {
        ...request.options,
        onProgress: (progress) => reply({ id: request.id, type: 'progress', progress }),
        isCancelled: () => cancelled.has(request.id),
      });
    case 'cancel':
      cancelled.add(request.target);
      return null;
  }
}

function requireEngine(): Engine {
  if (!engine) throw new Error('no model is loaded');
  return engine;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    const value = await handle(request);
    if (request.type !== 'cancel') reply({ id: request.id, type: 'result', value });
  } catch (e) {
    reply({ id: request.id, type: 'error', message: (e as Error).message ?? String(e) });
  } finally {
    cancelled.delete(request.id);
  }
};
