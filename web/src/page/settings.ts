// What the form shows for a model's task, and how its raw field values become explain options.
// Pure functions, so the rules are tested without a browser.

import type { ExplainOptions } from '../api-types';
import type { BaselineKind, Method, Objective } from '../types';

export interface TaskLayout {
  /** Label of the main text field. */
  textLabel: string;
  /** The second text: hidden, optional (sentence-pair models) or required (question answering). */
  pair: 'hidden' | 'optional' | 'required';
  pairLabel: string;
  /** Zero-shot candidate labels (NLI models: each candidate becomes a hypothesis). */
  candidates: boolean;
  /** The target list offers "every label" (one explanation per label, shown as a table). */
  allLabels: boolean;
  /** A line under the form about what this task's explanation means, or null. */
  note: string | null;
}

/** Index of the NLI "entailment" class, or -1 for models that are not NLI classifiers. */
export function entailmentIndex(labels: readonly string[]): number {
  return labels.findIndex((l) => l.trim().toLowerCase() === 'entailment');
}

export function taskLayout(task: string, labels: readonly string[]): TaskLayout {
  switch (task) {
    case 'multi-label-classification':
      return { textLabel: 'Text to explain', pair: 'hidden', pairLabel: '', candidates: false, allLabels: true, note: 'Labels are independent: each has its own probability and its own explanation.' };
    case 'token-classification':
      return { textLabel: 'Text to explain', pair: 'hidden', pairLabel: '', candidates: false, allLabels: false, note: 'Token classification: the explanation is for the chosen class.' };
    case 'question-answering':
      return { textLabel: 'Question', pair: 'required', pairLabel: 'Context (where the answer is found)', candidates: false, allLabels: false, note: null };
    default: {
      const nli = entailmentIndex(labels) >= 0;
      return {
        textLabel: nli ? 'Premise (text to explain)' : 'Text to explain',
        pair: nli ? 'optional' : 'hidden',
        pairLabel: 'Hypothesis (second text)',
        candidates: nli,
        allLabels: false,
        note: nli ? 'NLI model: give a hypothesis, or candidate labels for zero-shot classification.' : null,
      };
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

/** Candidate labels, comma-separated: trimmed, empty ones dropped, duplicates removed. */
export function parseCandidates(raw: string): string[] {
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const label = part.trim();
    if (label) seen.add(label);
  }
  return [...seen];
}

/** The zero-shot hypothesis for a candidate: "{}" in the template is replaced by the label. */
export function hypothesisFor(template: string, label: string): string {
  const t = template.trim() || 'This example is {}.';
  if (!t.includes('{}')) throw new Error('The hypothesis template must contain {} where the label goes.');
  return t.split('{}').join(label);
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
const BASELINES: readonly BaselineKind[] = ['pad', 'mask', 'unk', 'zero', 'mean', 'random', 'text'];
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
