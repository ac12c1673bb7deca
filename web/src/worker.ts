// The Web Worker that owns the core and the ONNX Runtime sessions, so long runs never block the page.
import { loadCore, type IGLensCore } from './core';
import { Engine } from './engine';
import { loadOrt } from './ort-bundle';
import type { Progress } from './api-types';
import type { Reply, Request } from './protocol';
import type { BackendChoice, Ort } from './runner';

// Set by 'start': the core and ONNX Runtime load side by side; the core alone is enough to
// prepare the gradient graph, so 'load' need not wait for ONNX Runtime before it begins.
let started: { core: Promise<IGLensCore>; ort: Promise<Ort>; backend: BackendChoice } | null = null;
let engine: Engine | null = null;
const cancelled = new Set<number>();

const reply = (message: Reply) => (self as unknown as Worker).postMessage(message);

async function handle(request: Request): Promise<unknown> {
  switch (request.type) {
    case 'start': {
      performance.mark('iglens:worker-start');
      started = {
        core: loadCore({ moduleUrl: request.coreUrl }).finally(() => performance.mark('iglens:core-ready')),
        ort: loadOrt(request.backend).finally(() => performance.mark('iglens:ort-ready')),
        backend: request.backend,
      };
      // Whichever fails is reported by this reply and again by 'load'.
      started.ort.catch(() => undefined);
      await Promise.all([started.core, started.ort]);
      return null;
    }
    case 'load': {
      if (!started) throw new Error('the worker was not started');
      engine = await Engine.create(await started.core, started.ort, request.model, started.backend);
      return engine.info;
    }
    case 'predict':
      return requireEngine().predict(request.text, request.pair);
    case 'explain':
    case 'explainBatch': {
      const options = {
        ...request.options,
        onProgress: (progress: Progress) => reply({ id: request.id, type: 'progress', progress }),
        isCancelled: () => cancelled.has(request.id),
      };
      return request.type === 'explain'
        ? requireEngine().explain(request.text, options)
        : requireEngine().explainBatch(request.texts, options);
    }
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
