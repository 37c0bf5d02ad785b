import { lineChart, type Series, scatterPlot } from '@isotropic/train';
import type { StepInfo } from './session.js';

/**
 * @isotropic/train's charts have a fixed pixel size; giving them a viewBox
 * instead lets CSS scale them to the column they sit in.
 */
export function responsive(svg: string): string {
  return svg.replace(
    /^<svg([^>]*?) width="(\d+)" height="(\d+)"/,
    '<svg$1 viewBox="0 0 $2 $3" preserveAspectRatio="xMidYMid meet"',
  );
}

/** Exponential moving average, so that the trend shows through per-batch noise. */
function ema(values: readonly number[], alpha = 0.1): number[] {
  const out: number[] = [];
  let m = Number.NaN;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(m);
      continue;
    }
    m = Number.isNaN(m) ? v : m + alpha * (v - m);
    out.push(m);
  }
  return out;
}

function rawAndSmooth(xs: number[], ys: number[], color: string, light: string): Series[] {
  return [
    { name: 'per batch', xs, ys, color: light },
    { name: 'moving average', xs, ys: ema(ys), color },
  ];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * A captioned line chart. lineChart draws its title and its legend in the same strip
 * at the top, where longer titles collide with the legend, so the title goes into a
 * <figcaption> (and the SVG's aria-label) instead.
 */
function chart(title: string, series: readonly Series[], opts: { logY?: boolean } = {}): string {
  const svg = lineChart('', series, opts).replace('aria-label=""', `aria-label="${escapeHtml(title)}"`);
  return `<figcaption>${escapeHtml(title)}</figcaption>${responsive(svg)}`;
}

const TITLES = {
  loss: 'LeJEPA loss = (1 − λ) · sim + λ · SIGReg',
  sim: 'prediction loss (sim): views vs. the global-view centre',
  sigreg: 'SIGReg: distance from an isotropic Gaussian (log scale)',
  probe: 'online linear probe accuracy on the training batch',
} as const;

/** The four training curves (caption + SVG), keyed by chart. */
export function trainingCharts(steps: readonly StepInfo[]): Record<keyof typeof TITLES, string> {
  if (steps.length === 0) {
    const empty = (k: keyof typeof TITLES) =>
      chart(TITLES[k], [{ name: 'waiting for the first step', xs: [], ys: [], color: '#777' }]);
    return { loss: empty('loss'), sim: empty('sim'), sigreg: empty('sigreg'), probe: empty('probe') };
  }
  const xs = steps.map((s) => s.step);
  const probed = steps.filter((s) => s.probeAccuracy !== undefined);
  return {
    loss: chart(
      TITLES.loss,
      rawAndSmooth(
        xs,
        steps.map((s) => s.loss),
        '#1f4e9c',
        '#9db3dc',
      ),
    ),
    sim: chart(
      TITLES.sim,
      rawAndSmooth(
        xs,
        steps.map((s) => s.sim),
        '#a34f00',
        '#e8b886',
      ),
    ),
    sigreg: chart(
      TITLES.sigreg,
      rawAndSmooth(
        xs,
        steps.map((s) => s.sigreg),
        '#1d7a35',
        '#93cfa2',
      ),
      { logY: true },
    ),
    probe:
      probed.length === 0
        ? chart(`${TITLES.probe} (needs labelled images)`, [])
        : chart(
            TITLES.probe,
            rawAndSmooth(
              probed.map((s) => s.step),
              probed.map((s) => s.probeAccuracy!),
              '#7b2d8e',
              '#c9a3d3',
            ),
          ),
  };
}

export function embeddingChart(
  points: Float32Array,
  labels: Int32Array,
  classNames: readonly string[],
  step: number,
): string {
  const labelled = labels.every((l) => l >= 0);
  return responsive(
    scatterPlot(
      `held-out embeddings, PCA to 2-D (step ${step})`,
      points,
      labelled ? labels : undefined,
      classNames,
    ),
  );
}
