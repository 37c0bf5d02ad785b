import type { Conv2dParams, Shape } from '@isotropic/tensor';

/** Sizes of one conv2d call (NCHW input, OIHW weight); everything a kernel needs. */
export interface ConvGeometry {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly O: number;
  readonly KH: number;
  readonly KW: number;
  readonly OH: number;
  readonly OW: number;
  readonly G: number;
  readonly Cg: number;
  readonly Og: number;
  readonly p: Conv2dParams;
}

export function convGeometry(xShape: Shape, wShape: Shape, p: Conv2dParams): ConvGeometry {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [O, Cg, KH, KW] = wShape as [number, number, number, number];
  const OH = Math.floor((H + 2 * p.padding[0] - p.dilation[0] * (KH - 1) - 1) / p.stride[0]) + 1;
  const OW = Math.floor((W + 2 * p.padding[1] - p.dilation[1] * (KW - 1) - 1) / p.stride[1]) + 1;
  return { N, C, H, W, O, KH, KW, OH, OW, G: p.groups, Cg, Og: O / p.groups, p };
}

export const isDepthwise = (g: ConvGeometry) => g.Cg === 1 && g.Og === 1;

/**
 * Params shared by the conv kernels: [N, C, H, W, O, OH, OW, Cg, Og, cols,
 * tilesCols, tilesRows, G, splits, chunk, KH, KW, SH, SW, PH, PW, DH, DW].
 * The window travels as params rather than WGSL constants: every distinct
 * constant would be another pipeline to compile, which costs far more on a
 * CPU adapter (~1 s with lavapipe) than the integer math it would save.
 */
export function convParams(
  g: ConvGeometry,
  cols: number,
  tilesCols: number,
  tilesRows: number,
  splits = 1,
  chunk = 0,
) {
  const { stride, padding, dilation } = g.p;
  return [
    ...[g.N, g.C, g.H, g.W, g.O, g.OH, g.OW, g.Cg, g.Og, cols, tilesCols, tilesRows, g.G, splits, chunk],
    ...[g.KH, g.KW, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]],
  ];
}
export const CONV_PARAM_COUNT = 23;

/** WGSL names for the shared params (see convParams). */
export const CONV_PARAM_NAMES = [
  'N',
  'C',
  'H',
  'W',
  'O',
  'OH',
  'OW',
  'Cg',
  'Og',
  'COLS',
  'TILES_COLS',
  'TILES_ROWS',
  'G',
  'SPLITS',
  'CHUNK',
  'KH',
  'KW',
  'SH',
  'SW',
  'PH',
  'PW',
  'DH',
  'DW',
] as const;

/** Params read as i32 (the padding enters signed index math). */
const SIGNED = new Set(['PH', 'PW']);

/** `let N = ...;` for every shared param, so kernels read like the math. */
export function convParamLets(): string {
  return CONV_PARAM_NAMES.map((name) => `let ${name} = ${convParam(name)};`).join('\n  ');
}

/** WGSL expression reading one named conv param (also for helper functions outside main). */
export function convParam(name: (typeof CONV_PARAM_NAMES)[number]): string {
  const i = CONV_PARAM_NAMES.indexOf(name);
  const v = `params.v[${i >> 2}].${'xyzw'[i & 3]}`;
  return SIGNED.has(name) ? `i32(${v})` : v;
}
