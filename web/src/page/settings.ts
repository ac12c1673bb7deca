// What the form shows for a model's task, and how its raw field values become explain options.
// Pure functions, so the rules are tested without a browser.

import type { ExplainOptions } from '../api-types';
import type { BaselineKind, Method, Objective } from '../types';

export interface TaskLayout {
  /** Label of the main text field. */
  textLabel: string;
  /** The second text: hidden or optional (sentence-pair models). */
  pair: 'hidden' | 'optional';
  pairLabel: string;
  /** Question answering: a question field; the main text is the context. */
  question: boolean;
  /** Zero-shot candidate labels (NLI models: each candidate becomes a hypothesis). */
  candidates: boolean;
  /** Token classification: the labels whose tokens are not explained (e.g. O). */
  ignoredLabels: boolean;
  /** The target list offers "every label" (one explanation per label, shown as a table). */
  allLabels: boolean;
  /** The target list is shown (question answering explains the answer's start and end). */
  target: boolean;
  /** What the target list calls the predicted class. */
  predictedLabel: string;
  /** A line under the form about what this task's explanation means, or null. */
  note: string | null;
}

/** Index of the NLI "entailment" class, or -1 for models that are not NLI classifiers. */
export function entailmentIndex(labels: readonly string[]): number {
  return labels.findIndex((l) => l.trim().toLowerCase() === 'entailment');
}

const plain: TaskLayout = {
  textLabel: 'Text to explain',
  pair: 'hidden',
  pairLabel: '',
  question: false,
  candidates: false,
  ignoredLabels: false,
  allLabels: false,
  target: true,
  predictedLabel: 'The predicted class',
  note: null,
};

export function taskLayout(task: string, labels: readonly string[]): TaskLayout {
  switch (task) {
    case 'multi-label-classification':
      return { ...plain, allLabels: true, note: 'Labels are independent: each has its own probability and its own explanation.' };
    case 'token-classification':
      return {
        ...plain,
        ignoredLabels: true,
        predictedLabel: 'The predicted tag of every word',
        note: 'Token classification: each word\u2019s tag is explained; words tagged with an ignored label are skipped, and entity rows add up their words.',
      };
    case 'question-answering':
      return {
        ...plain,
        textLabel: 'Context (where the answer is found)',
        question: true,
        target: false,
        note: 'Question answering: the answer\u2019s start and end are explained over the question and the context.',
      };
    default: {
      const nli = entailmentIndex(labels) >= 0;
      return nli
        ? {
            ...plain,
            textLabel: 'Premise (text to explain)',
            pair: 'optional',
            pairLabel: 'Hypothesis (second text)',
            candidates: true,
            note: 'NLI model: give a hypothesis, or candidate labels for zero-shot classification.',
          }
        : plain;
    }
  }
}

/** The steps field: empty or "auto" means adaptive; otherwise a whole number in [1, 2048]. */
export function parseSteps(raw: string): number | 'auto' {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2048) {
    throw new Error(`Steps must be "auto" or a whole number from 1 to 2048 (got "${raw.trim()}").`);
  }
  return n;
}

/** Comma-separated labels (zero-shot candidates, ignored NER labels): trimmed, empty ones dropped, duplicates removed. */
export function parseLabelList(raw: string): string[] {
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const label = part.trim();
    if (label) seen.add(label);
  }
  return [...seen];
}

export interface RawSettings {
  target: string;
  method: string;
  baseline: string;
  baselineText: string;
  steps: string;
  objective: string;
}

const METHODS: readonly Method[] = ['ig', 'saliency', 'gxi', 'smoothgrad'];
const BASELINES: readonly BaselineKind[] = ['auto', 'pad', 'mask', 'unk', 'zero', 'mean', 'random', 'text'];
const OBJECTIVES: readonly Objective[] = ['logit', 'prob', 'logprob'];

/** The target field's special values. */
export const TARGET_PREDICTED = '';
export const TARGET_ALL = '*all';

/** Form values → explain options (without target, signal and progress, which the page adds). */
export function explainSettings(raw: RawSettings): Omit<ExplainOptions, 'target' | 'signal' | 'onProgress' | 'pair'> {
  if (!METHODS.includes(raw.method as Method)) throw new Error(`Unknown method "${raw.method}".`);
  if (!BASELINES.includes(raw.baseline as BaselineKind)) throw new Error(`Unknown baseline "${raw.baseline}".`);
  if (!OBJECTIVES.includes(raw.objective as Objective)) throw new Error(`Unknown objective "${raw.objective}".`);
  let baseline: ExplainOptions['baseline'] = raw.baseline as BaselineKind;
  if (raw.baseline === 'text') {
    if (!raw.baselineText.trim()) throw new Error('The text baseline needs a baseline text (e.g. a neutral sentence).');
    baseline = { text: raw.baselineText };
  }
  return { method: raw.method as Method, baseline, steps: parseSteps(raw.steps), objective: raw.objective as Objective };
}

/** The target field's value → the API's target (a label index), or undefined for "predicted". */
export function parseTarget(value: string, labels: readonly string[]): number | undefined {
  if (value === TARGET_PREDICTED || value === TARGET_ALL) return undefined;
  const index = Number(value);
  if (!Number.isInteger(index) || index < 0 || index >= labels.length) throw new Error(`Unknown target "${value}".`);
  return index;
}

/** The task fields of the form, as typed. */
export interface RawTaskFields {
  pair: string;
  question: string;
  candidates: string;
  template: string;
  multiLabel: boolean;
  ignoredLabels: string;
}

export type TaskOptions = Pick<ExplainOptions, 'pair' | 'question' | 'candidateLabels' | 'hypothesisTemplate' | 'multiLabel' | 'ignoredLabels'>;

/** The task fields → explain options for the model's task; a missing field is an error that says what to type. */
export function taskOptions(layout: TaskLayout, raw: RawTaskFields): TaskOptions {
  if (layout.question) {
    if (!raw.question.trim()) throw new Error('Type a question: its answer is looked for in the context.');
    return { question: raw.question };
  }
  if (layout.ignoredLabels) return { ignoredLabels: parseLabelList(raw.ignoredLabels) };
  const candidates = layout.candidates ? parseLabelList(raw.candidates) : [];
  if (candidates.length) {
    return { candidateLabels: candidates, multiLabel: raw.multiLabel, ...(raw.template.trim() ? { hypothesisTemplate: raw.template.trim() } : {}) };
  }
  if (layout.pair !== 'hidden' && raw.pair.trim()) return { pair: raw.pair };
  return {};
}
