// The diverging colour scale of attributions: blue for evidence against the explained class,
// orange/brown for evidence for it, near-white at zero. Blue↔orange stays distinguishable for
// the common colour-vision deficiencies (unlike red↔green). The scale is symmetric: the same
// |score| gets the same intensity on both sides, so colours are comparable across signs.

export type Rgb = readonly [number, number, number];

export const PALETTE = {
  negative: [33, 102, 172] as Rgb, // #2166ac
  neutral: [247, 247, 247] as Rgb, // #f7f7f7
  positive: [179, 88, 6] as Rgb, // #b35806
} as const;

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

export function hexCss([r, g, b]: Rgb): string {
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as unknown as Rgb;
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** The largest |score|: the half-width of the symmetric scale (0 when there is nothing to show). */
export function scaleMax(scores: Iterable<number>): number {
  let max = 0;
  for (const s of scores) if (Number.isFinite(s)) max = Math.max(max, Math.abs(s));
  return max;
}

export interface ScoreColor {
  /** Position on the scale, -1 (strongest against) … +1 (strongest for). */
  t: number;
  background: Rgb;
  /** Black or white, whichever reads better on the background (always ≥ 4.5:1). */
  foreground: Rgb;
}

export function scoreColor(score: number, maxAbs: number): ScoreColor {
  const t = maxAbs > 0 && Number.isFinite(score) ? Math.max(-1, Math.min(1, score / maxAbs)) : 0;
  const background = mix(PALETTE.neutral, t < 0 ? PALETTE.negative : PALETTE.positive, Math.abs(t));
  const foreground = contrastRatio(background, BLACK) >= contrastRatio(background, WHITE) ? BLACK : WHITE;
  return { t, background, foreground };
}

/** CSS gradient of the whole scale, left (negative) to right (positive), for the legend. */
export function legendGradient(): string {
  return `linear-gradient(to right, ${rgbCss(PALETTE.negative)}, ${rgbCss(PALETTE.neutral)}, ${rgbCss(PALETTE.positive)})`;
}

/** Sequential scale (neutral → blue) for non-negative data such as attention weights. */
export function sequentialColor(value: number, max: number): ScoreColor {
  const t = max > 0 && Number.isFinite(value) ? Math.max(0, Math.min(1, value / max)) : 0;
  const background = mix([255, 255, 255], PALETTE.negative, t);
  const foreground = contrastRatio(background, BLACK) >= contrastRatio(background, WHITE) ? BLACK : WHITE;
  return { t, background, foreground };
}
