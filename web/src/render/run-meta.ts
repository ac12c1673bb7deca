// Reading the descriptive fields of an explanation for display. The core's JSON spells some of
// them more richly than the TypeScript contract (method "integrated_gradients", the baseline as
// an object or a list of them, stop_reason instead of converged, completeness null when the
// method has none), so every view reads them through here rather than trusting one shape.

import type { Completeness, Explanation } from '../types';

const METHOD_LABELS: Record<string, string> = {
  ig: 'Integrated Gradients',
  integrated_gradients: 'Integrated Gradients',
  saliency: 'Saliency',
  gxi: 'Gradient \u00d7 Input',
  gradient_x_input: 'Gradient \u00d7 Input',
  input_x_gradient: 'Gradient \u00d7 Input',
  smoothgrad: 'SmoothGrad',
  noise_tunnel: 'SmoothGrad',
};

export function methodLabel(method: unknown): string {
  const key = String(method ?? '').toLowerCase();
  return METHOD_LABELS[key] ?? (key || 'unknown method');
}

/** Only Integrated Gradients promises completeness (Σ attributions = F(x) − F(x')). */
export function isIntegratedGradients(method: unknown): boolean {
  const key = String(method ?? '').toLowerCase();
  return key === 'ig' || key === 'integrated_gradients';
}

function oneBaseline(b: unknown): string {
  if (b === null || b === undefined) return 'none';
  if (typeof b === 'string') return b;
  if (typeof b === 'object') {
    const o = b as { kind?: unknown; text?: unknown; seed?: unknown };
    const kind = String(o.kind ?? 'custom');
    if (typeof o.text === 'string') return `${kind} "${o.text}"`;
    if (o.seed !== undefined) return `${kind} (seed ${String(o.seed)})`;
    return kind;
  }
  return String(b);
}

/** "pad", "text \"a film\"", or "random (seed 1) + random (seed 2)" for averaged baselines. */
export function baselineLabel(baseline: unknown): string {
  return Array.isArray(baseline) ? baseline.map(oneBaseline).join(' + ') : oneBaseline(baseline);
}

/** Whether adaptive steps reached the completeness target; undefined for a fixed step count. */
export function converged(exp: Pick<Explanation, 'converged'> & { stop_reason?: unknown }): boolean | undefined {
  if (typeof exp.converged === 'boolean') return exp.converged;
  if (exp.stop_reason === 'target_reached') return true;
  if (exp.stop_reason === 'step_cap_reached') return false;
  return undefined;
}

/** The completeness record, or null when the method has none (the core writes null then). */
export function completenessOf(exp: Pick<Explanation, 'completeness'>): Completeness | null {
  const c = exp.completeness as Completeness | null | undefined;
  return c && typeof c === 'object' ? c : null;
}

/** A finite number, or NaN for null/undefined/non-finite (the core writes null for non-finite). */
export function finiteOrNaN(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : NaN;
}
