/** Minimal dependency-free SVG charts for the training report. */

export interface Series {
  name: string;
  xs: readonly number[];
  ys: readonly number[];
  color: string;
}

const W = 560;
const H = 300;
const PAD = { left: 56, right: 16, top: 44, bottom: 36 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

function ticks(lo: number, hi: number, n = 5, integers = false): number[] {
  const t = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  // whole-number axes (steps, epochs) get whole-number ticks
  return integers ? [...new Set(t.map(Math.round))] : t;
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** A line chart of one or more series sharing axes; `logY` for losses spanning decades. */
export function lineChart(
  title: string,
  series: readonly Series[],
  opts: { logY?: boolean; xLabel?: string } = {},
): string {
  const tf = (v: number) => (opts.logY ? Math.log10(Math.max(v, 1e-12)) : v);
  const [x0, x1] = extent(series.flatMap((s) => s.xs));
  const [y0, y1] = extent(series.flatMap((s) => s.ys.map(tf)));
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((tf(y) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const grid = ticks(y0, y1)
    .map((t) => {
      const y = H - PAD.bottom - ((t - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
      const label = opts.logY ? fmt(10 ** t) : fmt(t);
      return `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${label}</text>`;
    })
    .join('');
  const xt = ticks(
    x0,
    x1,
    5,
    series.every((s) => s.xs.every(Number.isInteger)),
  )
    .map(
      (t) =>
        `<text x="${px(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11">${fmt(t)}</text>`,
    )
    .join('');
  const lines = series
    .map((s) => {
      const pts = s.xs
        .map((x, i) => [x, s.ys[i]!] as const)
        .filter(([, y]) => Number.isFinite(y))
        .map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`)
        .join(' ');
      return `<polyline fill="none" stroke="${s.color}" stroke-width="1.6" points="${pts}"/>`;
    })
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<text x="${PAD.left + 8 + i * 120}" y="${PAD.top - 10}" font-size="12" fill="${s.color}">■ ${esc(s.name)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">` +
    `<text x="${W / 2}" y="14" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>` +
    `${grid}${xt}${lines}${legend}` +
    `<text x="${W / 2}" y="${H - 4}" text-anchor="middle" font-size="11">${esc(opts.xLabel ?? 'step')}</text></svg>`
  );
}

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** A scatter of 2-D points coloured by label (points [x0, y0, x1, y1, ...]). */
export function scatterPlot(
  title: string,
  points: Float32Array,
  labels?: ArrayLike<number>,
  classNames?: readonly string[],
): string {
  const n = points.length / 2;
  const xs = Array.from({ length: n }, (_, i) => points[2 * i]!);
  const ys = Array.from({ length: n }, (_, i) => points[2 * i + 1]!);
  const [x0, x1] = extent(xs);
  const [y0, y1] = extent(ys);
  const S = 420;
  const px = (x: number) => 20 + ((x - x0) / (x1 - x0)) * (S - 40);
  const py = (y: number) => S - 20 - ((y - y0) / (y1 - y0)) * (S - 50);
  const dots = xs
    .map((x, i) => {
      const c = labels ? PALETTE[labels[i]! % PALETTE.length] : '#1f77b4';
      return `<circle cx="${px(x).toFixed(1)}" cy="${py(ys[i]!).toFixed(1)}" r="2" fill="${c}" fill-opacity="0.6"/>`;
    })
    .join('');
  const classes = labels ? [...new Set(Array.from(labels))].sort((a, b) => a - b) : [];
  const legend = classes
    .map(
      (c, i) =>
        `<text x="${S + 8}" y="${40 + i * 16}" font-size="12" fill="${PALETTE[c % PALETTE.length]}">● ${esc(classNames?.[c] ?? String(c))}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${S + 160}" height="${S}" viewBox="0 0 ${S + 160} ${S}" role="img" aria-label="${esc(title)}">` +
    `<text x="${S / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>${dots}${legend}</svg>`
  );
}
