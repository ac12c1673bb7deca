// Number formatting shared by every view, so the page, the widget and the snapshot agree.

const MINUS = '\u2212';

/** An attribution score with its sign and three significant digits: "+0.412", "−1.23e-5". */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return String(score);
  if (score === 0) return '0';
  const abs = Math.abs(score);
  const digits = abs >= 1e-3 && abs < 1e4 ? String(Number(abs.toPrecision(3))) : abs.toExponential(2);
  return (score > 0 ? '+' : MINUS) + digits;
}

/** A probability as a percentage with one decimal. */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return `${(p * 100).toFixed(1)}%`;
}

/** A relative error as a percentage; tiny values read "<0.01%" rather than "0.00%". */
export function formatRelError(rel: number): string {
  if (!Number.isFinite(rel)) return 'undefined';
  if (rel > 0 && rel < 1e-4) return '<0.01%';
  return `${(rel * 100).toFixed(2)}%`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}
