// The <ig-lens> attributes, read and checked in one place. Mistakes in the markup get a message
// naming the attribute and the accepted values, shown inside the widget.

import type { Granularity } from '../render/highlight';
import type { BaselineKind, Method, Objective } from '../types';
import { parseSteps } from '../page/settings';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm';

export interface WidgetConfig {
  /** Model folder URL, resolved against the document (always ends with "/"). */
  model: string;
  text: string;
  pair?: string;
  /** A label name, or a class index from target-index; undefined = the predicted class. */
  target?: string | number;
  method: Method;
  baseline: BaselineKind;
  steps: number | 'auto';
  objective: Objective;
  granularity: Granularity;
  topK: number;
  backend: BackendChoice;
  /** Where core/ and ort/ are served (defaults to the document's base URL). */
  assetBase?: string;
}

export const WIDGET_ATTRIBUTES = [
  'model',
  'text',
  'pair',
  'target',
  'target-index',
  'method',
  'baseline',
  'steps',
  'objective',
  'granularity',
  'top-k',
  'backend',
  'asset-base',
] as const;

function oneOf<T extends string>(name: string, value: string | null, allowed: readonly T[], fallback: T): T {
  if (value === null || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) {
    throw new Error(`<ig-lens ${name}="${value}">: use one of ${allowed.join(', ')}`);
  }
  return v as T;
}

/**
 * `get` reads an attribute (null when absent); `bodyText` is the element's own text, used when
 * there is no text attribute, so `<ig-lens model="…">A fine film</ig-lens>` works too.
 */
export function readWidgetConfig(get: (name: string) => string | null, bodyText: string, documentBase: string): WidgetConfig {
  const modelAttr = get('model')?.trim();
  if (!modelAttr) throw new Error('<ig-lens> needs a model attribute, e.g. model="models/sst2"');
  const model = new URL(modelAttr.endsWith('/') ? modelAttr : `${modelAttr}/`, documentBase).href;

  const text = get('text') ?? bodyText.trim();
  if (!text.trim()) throw new Error('<ig-lens> needs a text attribute (or text inside the element) to explain');

  let target: string | number | undefined = get('target') ?? undefined;
  const targetIndex = get('target-index');
  if (targetIndex !== null) {
    const n = Number(targetIndex);
    if (!Number.isInteger(n) || n < 0) throw new Error(`<ig-lens target-index="${targetIndex}">: use a class index 0, 1, 2, …`);
    target = n;
  }

  let steps: number | 'auto';
  try {
    steps = parseSteps(get('steps') ?? 'auto');
  } catch (e) {
    throw new Error(`<ig-lens steps>: ${(e as Error).message}`);
  }

  const topKAttr = get('top-k');
  const topK = topKAttr === null ? 5 : Number(topKAttr);
  if (!Number.isInteger(topK) || topK < 0 || topK > 50) throw new Error(`<ig-lens top-k="${topKAttr}">: use a whole number from 0 to 50`);

  const pair = get('pair');
  const assetBase = get('asset-base');
  return {
    model,
    text,
    ...(pair ? { pair } : {}),
    ...(target !== undefined && target !== '' ? { target } : {}),
    method: oneOf('method', get('method'), ['ig', 'saliency', 'gxi', 'smoothgrad'] as const, 'ig'),
    baseline: oneOf('baseline', get('baseline'), ['pad', 'mask', 'unk', 'zero', 'mean', 'random'] as const, 'pad'),
    steps,
    objective: oneOf('objective', get('objective'), ['logit', 'prob', 'logprob'] as const, 'logit'),
    granularity: oneOf('granularity', get('granularity'), ['word', 'token'] as const, 'word'),
    topK,
    backend: oneOf('backend', get('backend'), ['auto', 'webgpu', 'wasm'] as const, 'auto'),
    ...(assetBase ? { assetBase: new URL(assetBase, documentBase).href } : {}),
  };
}

/** Models are shared per folder and backend: the same folder on another backend is another load. */
export function loadKey(config: Pick<WidgetConfig, 'model' | 'backend' | 'assetBase'>): string {
  return `${config.model}#${config.backend}#${config.assetBase ?? ''}`;
}
