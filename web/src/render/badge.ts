// The completeness check made visible. Integrated Gradients promises that the attributions sum
// to F(input) − F(baseline); the relative gap says how far the numerical integral is from that
// promise. ≤ 1% is good; more means the attributions should not be trusted to that precision.

import type { Explanation } from '../types';
import { legendGradient } from './color';
import { formatMs, formatRelError, formatScore } from './format';
import { baselineLabel, converged, finiteOrNaN, methodLabel } from './run-meta';
import { h, type VElement } from './vnode';

export const COMPLETENESS_OK = 0.01;

export type BadgeLevel = 'ok' | 'warn' | 'info';

export interface Badge {
  level: BadgeLevel;
  /** Short text on the badge. */
  text: string;
  /** The longer explanation (tooltip and screen readers). */
  detail: string;
}

export function completenessBadge(exp: Pick<Explanation, 'completeness' | 'steps' | 'stop_reason' | 'method'>): Badge {
  const c = exp.completeness;
  const method = methodLabel(exp.method);
  const steps = `${exp.steps} step${exp.steps === 1 ? '' : 's'}`;
  const done = converged(exp);
  const convergence = done === undefined ? '' : done ? ', converged' : ', step cap reached';
  // The core writes null for methods without a path integral (saliency, gradient × input).
  if (!c) {
    return {
      level: 'info',
      text: `No completeness check \u00b7 ${method}`,
      detail: `${method} has no completeness property to check; only Integrated Gradients (and SmoothGrad over it) promises that the attributions add up to the change in the model's output.`,
    };
  }
  // Several paths (SmoothGrad samples, averaged baselines) can cancel each other's errors in the
  // average, so the badge judges the worst single path; with one path both numbers are the same.
  const average = finiteOrNaN(c.rel_error);
  const worst = finiteOrNaN(c.max_path_rel_error);
  const rel = Number.isFinite(worst) ? Math.max(average, worst) : average;
  const sums =
    `\u03a3 attributions = ${formatScore(c.sum)}, F(input) \u2212 F(baseline) = ` +
    `${formatScore(c.f_input - c.f_baseline)} (|gap| ${formatScore(c.abs_error).replace(/^\+/, '')})`;
  const paths =
    Number.isFinite(worst) && Number.isFinite(average) && worst !== average
      ? ` Averaged over all paths the gap is ${formatRelError(average)}; the worst single path misses by ${formatRelError(worst)}.`
      : '';
  const ok = Number.isFinite(rel) && rel <= COMPLETENESS_OK;
  return {
    level: ok ? 'ok' : 'warn',
    text: `Completeness error ${formatRelError(rel)} \u00b7 ${steps}${convergence}`,
    detail:
      (ok
        ? `The attributions add up to the change in the model's output within ${formatRelError(rel)}. ${sums}.`
        : Number.isFinite(rel)
          ? `The attributions miss the model's change by ${formatRelError(rel)} (more than 1%): raise the number of steps. ${sums}.`
          : `F(input) equals F(baseline), so the relative error is undefined; choose another baseline. ${sums}.`) + paths,
  };
}

export function renderBadge(badge: Badge): VElement {
  return h(
    'p',
    { class: ['ig-badge', `ig-badge-${badge.level}`], title: badge.detail },
    h('span', { class: 'ig-badge-icon', 'aria-hidden': 'true' }, badge.level === 'ok' ? '\u2713' : badge.level === 'warn' ? '!' : 'i'),
    h('span', { class: 'ig-badge-text' }, badge.text),
    h('span', { class: 'ig-visually-hidden' }, `. ${badge.detail}`),
  );
}

/** Backend and timing line: "backend: wasm · … · time: 812 ms", then "model runs 790 ms · engine 3 ms · …". */
export function renderRunInfo(exp: Explanation, fallbackReason: string | null = null): VElement {
  const timings = Object.entries(exp.timings_ms).map(([k, v]) => [k, finiteOrNaN(v)] as const);
  const total = timings.find(([k]) => k === 'total');
  const others = timings.filter(([k]) => k !== 'total');
  return h(
    'p',
    { class: 'ig-runinfo' },
    h('span', { class: 'ig-chip' }, `backend: ${exp.backend ?? 'unknown'}`),
    h('span', { class: 'ig-chip' }, `method: ${methodLabel(exp.method)}`),
    h('span', { class: 'ig-chip' }, `baseline: ${baselineLabel(exp.baseline)}`),
    h('span', { class: 'ig-chip' }, `objective: ${exp.objective}`),
    h('span', { class: 'ig-chip' }, `steps: ${exp.steps}${exp.quadrature ? ` (${exp.quadrature})` : ''}`),
    total ? h('span', { class: 'ig-chip' }, `time: ${formatMs(total[1])}`) : null,
    others.length
      ? h('span', { class: 'ig-timings' }, others.map(([k, v]) => `${k.replace(/_/g, ' ')} ${formatMs(v)}`).join(' \u00b7 '))
      : null,
    fallbackReason ? h('span', { class: 'ig-fallback' }, `WebGPU not used: ${fallbackReason}`) : null,
  );
}

/** The colour key: what blue and orange mean and the score each end stands for. */
export function renderLegend(maxAbs: number, targetLabel: string): VElement {
  return h(
    'div',
    { class: 'ig-legend', role: 'img', 'aria-label': `Colour scale: blue is evidence against ${targetLabel}, orange is evidence for it, from ${formatScore(-maxAbs)} to ${formatScore(maxAbs)}` },
    h('span', { class: 'ig-legend-end' }, `${formatScore(-maxAbs)} against`),
    h('span', { class: 'ig-legend-bar', style: { background: legendGradient() } }),
    h('span', { class: 'ig-legend-end' }, `for ${targetLabel} ${formatScore(maxAbs)}`),
  );
}
