import type { MetricRecord } from './metric-record.js';
import { lineChart, scatterPlot } from './svg-plots.js';

export interface ReportInput {
  title: string;
  /** Flat key/value facts shown at the top (model, data, lambda, ...). */
  config: Record<string, string | number | boolean>;
  records: readonly MetricRecord[];
  /** Final evaluations, e.g. { 'LeJEPA encoder': 0.84, 'raw pixels': 0.81 }. */
  results?: Record<string, number>;
  embedding?: { points: Float32Array; labels?: ArrayLike<number>; classNames?: readonly string[] };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A self-contained HTML page: curves of the loss terms, probe accuracy, and the embedding scatter. */
export function renderReport(r: ReportInput): string {
  const steps = r.records.filter((x): x is Extract<MetricRecord, { kind: 'step' }> => x.kind === 'step');
  const evals = r.records.filter((x): x is Extract<MetricRecord, { kind: 'eval' }> => x.kind === 'eval');
  const xs = steps.map((s) => s.step);
  const charts: string[] = [];
  if (steps.length > 0) {
    charts.push(
      lineChart('LeJEPA loss', [{ name: 'loss', xs, ys: steps.map((s) => s.loss), color: '#1f77b4' }]),
    );
    charts.push(
      lineChart(
        'Loss terms',
        [
          { name: 'sim (prediction)', xs, ys: steps.map((s) => s.sim), color: '#ff7f0e' },
          { name: 'SIGReg', xs, ys: steps.map((s) => s.sigreg), color: '#2ca02c' },
        ],
        { logY: true },
      ),
    );
    charts.push(
      lineChart('Throughput (images/s)', [
        { name: 'img/s', xs, ys: steps.map((s) => s.imagesPerSecond), color: '#9467bd' },
      ]),
    );
  }
  const probe = evals.filter((e) => e.probeAccuracy !== undefined);
  if (probe.length > 0) {
    charts.push(
      lineChart('Online linear probe accuracy', [
        {
          name: 'probe',
          xs: probe.map((e) => e.step),
          ys: probe.map((e) => e.probeAccuracy!),
          color: '#d62728',
        },
      ]),
    );
  }
  if (r.embedding) {
    charts.push(
      scatterPlot(
        'Embeddings (PCA, coloured by label)',
        r.embedding.points,
        r.embedding.labels,
        r.embedding.classNames,
      ),
    );
  }
  const rows = Object.entries(r.config)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`)
    .join('');
  const results = r.results
    ? `<h2>Results</h2><table>${Object.entries(r.results)
        .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${(v * 100).toFixed(2)}%</td></tr>`)
        .join('')}</table>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}</style></head>
<body><h1>${esc(r.title)}</h1><table>${rows}</table>${results}<div class="charts">${charts.join('')}</div></body></html>`;
}
