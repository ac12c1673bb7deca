// Reading the descriptive fields of an explanation for display: the method's name, the baseline
// (one description, several averaged, or none for saliency), and whether adaptive steps converged.

import type { BaselineDescription, Explanation } from '../types';

const METHOD_LABELS: Record<Explanation['method'], string> = {
  integrated_gradients: 'Integrated Gradients',
  saliency: 'Saliency',
  gradient_x_input: 'Gradient \u00d7 Input',
  smoothgrad: 'SmoothGrad',
};

export function methodLabel(method: Explanation['method']): string {
  return METHOD_LABELS[method] ?? method;
}

function oneBaseline(b: BaselineDescription): string {
  if (b.token_ids) return `${b.kind} (${b.token_ids.length} ids)`;
  if (b.seed !== undefined) return `${b.kind} (seed ${b.seed})`;
  return b.kind;
}

/** "pad", "tokens (7 ids)", "uniform (seed 1) + uniform (seed 2)" for averaged baselines, "none". */
export function baselineLabel(baseline: Explanation['baseline']): string {
  if (baseline === null) return 'none';
  return Array.isArray(baseline) ? baseline.map(oneBaseline).join(' + ') : oneBaseline(baseline);
}

/** Whether adaptive steps reached the completeness target; undefined for a fixed step count. */
export function converged(exp: Pick<Explanation, 'stop_reason'>): boolean | undefined {
  if (exp.stop_reason === 'target_reached') return true;
  if (exp.stop_reason === 'step_cap_reached') return false;
  return undefined;
}

/** A finite number, or NaN for null (the core writes null for non-finite numbers). */
export function finiteOrNaN(value: number | null): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : NaN;
}
