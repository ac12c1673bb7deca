// The <ig-lens> attributes, read and checked in one place. Mistakes in the markup get a message
// naming the attribute and the accepted values, shown inside the widget.

import type { Granularity } from '../render/highlight';
import type { BaselineKind, Method, Objective } from '../types';
import type { ExplainOptions } from '../api-types';
import { parseLabelList, parseSteps } from '../page/settings';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm';

export interface WidgetConfig {
  /** Model folder URL, resolved against the document (always ends with "/"). */
  model: string;
  text: string;
  pair?: string;
  /** A label name, several ("joy, fear": one row each, sharing runs), "all", or a class index
   *  from target-index; undefined = the predicted class. */
  target?: string | number | string[];
  method: Method;
  baseline: BaselineKind;
  steps: number | 'auto';
  objective: Objective;
  granularity: Granularity;
  topK: number;
  backend: BackendChoice;
  /** Where core/ and ort/ are served (defaults to the document's base URL). */
  assetBase?: string;
  /** Question answering: the question; the text is the context. */
  question?: string;
  /** Zero-shot on an NLI model: the candidate labels. */
  candidateLabels?: string[];
  hypothesisTemplate?: string;
  /** Zero-shot: each candidate scored on its own. */
  multiLabel: boolean;
  /** Token classification: tags whose words are not explained (e.g. O). */
  ignoredLabels?: string[];
  /** Add the attention heatmap. */
  attention: boolean;
  flipSign: boolean;
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
  'question',
  'labels',
  'hypothesis-template',
  'multi-label',
  'ignored-labels',
  'attention',
  'flip-sign',
] as const;

/** A boolean attribute: present (empty, or "true") or absent (or "false"). */
function flag(name: string, value: string | null): boolean {
  if (value === null) return false;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true' || v === name) return true;
  if (v === 'false') return false;
  throw new Error(`<ig-lens ${name}="${value}">: write ${name} alone to switch it on, or leave it out`);
}

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

  const targetAttr = get('target');
  let target: WidgetConfig['target'] = targetAttr?.includes(',') ? parseLabelList(targetAttr) : (targetAttr ?? undefined);
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
  const question = get('question');
  const labels = parseLabelList(get('labels') ?? '');
  const template = get('hypothesis-template')?.trim();
  const multiLabel = flag('multi-label', get('multi-label'));
  const ignored = get('ignored-labels');
  if (question !== null && !question.trim()) throw new Error('<ig-lens question="">: type the question whose answer is looked for in the text');
  if (question !== null && (pair || labels.length)) throw new Error('<ig-lens question>: the text is the context; leave out pair and labels');
  if (labels.length && pair) throw new Error('<ig-lens labels>: zero-shot makes one hypothesis per label; leave out pair');
  if ((template || multiLabel) && !labels.length) {
    throw new Error(`<ig-lens ${template ? 'hypothesis-template' : 'multi-label'}>: goes with labels="a, b, c" (zero-shot on an NLI model)`);
  }
  if (template && !template.includes('{}')) throw new Error(`<ig-lens hypothesis-template="${template}">: mark where the label goes with {}`);
  return {
    model,
    text,
    ...(pair ? { pair } : {}),
    ...(target !== undefined && target !== '' ? { target } : {}),
    method: oneOf('method', get('method'), ['ig', 'saliency', 'gxi', 'smoothgrad'] as const, 'ig'),
    baseline: oneOf('baseline', get('baseline'), ['auto', 'pad', 'mask', 'unk', 'zero', 'mean', 'random'] as const, 'auto'),
    steps,
    objective: oneOf('objective', get('objective'), ['logit', 'prob', 'logprob'] as const, 'logit'),
    granularity: oneOf('granularity', get('granularity'), ['word', 'token'] as const, 'word'),
    topK,
    backend: oneOf('backend', get('backend'), ['auto', 'webgpu', 'wasm'] as const, 'auto'),
    ...(assetBase ? { assetBase: new URL(assetBase, documentBase).href } : {}),
    ...(question !== null ? { question } : {}),
    ...(labels.length ? { candidateLabels: labels } : {}),
    ...(template ? { hypothesisTemplate: template } : {}),
    multiLabel,
    ...(ignored !== null ? { ignoredLabels: parseLabelList(ignored) } : {}),
    attention: flag('attention', get('attention')),
    flipSign: flag('flip-sign', get('flip-sign')),
  };
}

/** The element's settings as lens.explain options (the page builds the same from its form). */
export function explainOptions(config: WidgetConfig): Omit<ExplainOptions, 'signal' | 'onProgress'> {
  return {
    ...(config.pair ? { pair: config.pair } : {}),
    // Zero-shot and question answering explain fixed outputs (each candidate's entailment; the answer's start and end).
    ...(config.target !== undefined && !config.candidateLabels && config.question === undefined ? { target: config.target } : {}),
    method: config.method,
    baseline: config.baseline,
    steps: config.steps,
    objective: config.objective,
    ...(config.question !== undefined ? { question: config.question } : {}),
    ...(config.candidateLabels ? { candidateLabels: config.candidateLabels, multiLabel: config.multiLabel } : {}),
    ...(config.hypothesisTemplate ? { hypothesisTemplate: config.hypothesisTemplate } : {}),
    ...(config.ignoredLabels ? { ignoredLabels: config.ignoredLabels } : {}),
    ...(config.attention ? { attention: true } : {}),
    ...(config.flipSign ? { flipSign: true } : {}),
  };
}

/** Models are shared per folder and backend (the same folder on another backend is another load);
 *  widgets with and without the attention heatmap share one load. */
export function loadKey(config: Pick<WidgetConfig, 'model' | 'backend' | 'assetBase'>): string {
  return `${config.model}#${config.backend}#${config.assetBase ?? ''}`;
}
