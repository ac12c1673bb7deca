// Line charts as hand-written SVG (no plotting library is installed): one x axis, one y axis,
// several named series of [x, y] points, optional log2 x axis.
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22'];
const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) => (Number.isInteger(v) || Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Number(v.toPrecision(2)).toString());

function ticks(min, max, count = 5) {
  const span = max - min || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? step * 10;
  const out = [];
  for (let v = Math.ceil(min / nice) * nice; v <= max + 1e-9; v += nice) out.push(Number(v.toPrecision(12)));
  return out;
}

/** series: [{ name, points: [[x, y], ...], dashed? }] */
export function lineChart({ title, xLabel, yLabel, series, log2x = false, yMin = 0, yMax }) {
  const width = 640, height = 400, left = 70, right = 170, top = 40, bottom = 55;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const tx = (x) => (log2x ? Math.log2(x) : x);
  const x0 = Math.min(...xs.map(tx)), x1 = Math.max(...xs.map(tx));
  const y0 = yMin, y1 = yMax ?? Math.max(...ys) * 1.05;
  const px = (x) => left + ((tx(x) - x0) / (x1 - x0 || 1)) * (width - left - right);
  const py = (y) => height - bottom - ((y - y0) / (y1 - y0 || 1)) * (height - top - bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - right / 2 + left / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  const xTicks = log2x ? [...new Set(xs)].sort((a, b) => a - b) : ticks(x0, x1);
  for (const x of xTicks) {
    parts.push(`<line x1="${px(x)}" y1="${top}" x2="${px(x)}" y2="${height - bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x)}" y="${height - bottom + 16}" text-anchor="middle">${fmt(x)}</text>`);
  }
  for (const y of ticks(y0, y1)) {
    parts.push(`<line x1="${left}" y1="${py(y)}" x2="${width - right}" y2="${py(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${fmt(y)}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 15}" text-anchor="middle">${escape(xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = palette[i % palette.length];
    const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of s.points) parts.push(`<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="3" fill="${color}"/>`);
    const ly = top + 10 + i * 18;
    parts.push(`<line x1="${width - right + 12}" y1="${ly}" x2="${width - right + 36}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${width - right + 42}" y="${ly + 4}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
