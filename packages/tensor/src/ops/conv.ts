import type { Conv2dParams, Pool2dParams } from '../backend.js';
import { isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { convOutSize } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './elementwise.js';
import { conv2dP, pool2dP } from './prim.js';
import { mean } from './reduce.js';
import { concat, stack } from './shape-ops.js';
import { reshape, slice } from './views.js';

export type Pair = number | readonly [number, number];

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

function pair(
  op: string,
  name: string,
  v: Pair | null | undefined,
  dflt: [number, number],
  min: number,
): [number, number] {
  const p: [number, number] =
    v === undefined || v === null ? dflt : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= min)) {
    throw new ValueError(`${op}: ${name} must be integers >= ${min}, got ${JSON.stringify(v)}`);
  }
  return p;
}

function expectNCHW(op: string, x: Tensor): void {
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected input (N, C, H, W), got ${fmtShape(x.shape)}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a float input, got ${x.dtype}`);
}

/** 2-D convolution, PyTorch's F.conv2d: x (N, C, H, W), weight (O, C/groups, KH, KW). */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  expectNCHW('conv2d', x);
  if (weight.ndim !== 4)
    throw new ShapeError(`conv2d: expected weight (O, C/groups, KH, KW), got ${fmtShape(weight.shape)}`);
  const groups = opts.groups ?? 1;
  const [, C, H, W] = x.shape as [number, number, number, number];
  const [O, Cg, KH, KW] = weight.shape as [number, number, number, number];
  if (!Number.isInteger(groups) || groups < 1 || C % groups !== 0 || O % groups !== 0) {
    throw new ValueError(`conv2d: groups=${groups} must divide input channels ${C} and output channels ${O}`);
  }
  if (Cg !== C / groups) {
    throw new ShapeError(
      `conv2d: weight ${fmtShape(weight.shape)} expects ${Cg * groups} input channels with groups=${groups}, input ${fmtShape(x.shape)} has ${C}`,
    );
  }
  const params: Conv2dParams = {
    stride: pair('conv2d', 'stride', opts.stride, [1, 1], 1),
    padding: pair('conv2d', 'padding', opts.padding, [0, 0], 0),
    dilation: pair('conv2d', 'dilation', opts.dilation, [1, 1], 1),
    groups,
  };
  const OH = convOutSize(H, KH, params.stride[0], params.padding[0], params.dilation[0]);
  const OW = convOutSize(W, KW, params.stride[1], params.padding[1], params.dilation[1]);
  if (OH < 1 || OW < 1) {
    throw new ShapeError(
      `conv2d: kernel ${KH}x${KW} does not fit input ${H}x${W} with the given padding/dilation`,
    );
  }
  const y = conv2dP(x, weight, params, [x.shape[0]!, O, OH, OW]);
  if (!bias) return y;
  if (typeof bias.ndim !== 'number') {
    // a JavaScript caller that passed the options third, as in PyTorch's keyword style
    throw new ValueError(
      `conv2d: bias must be a tensor of shape [${O}] or null, got ${JSON.stringify(bias)}; options go fourth: conv2d(x, weight, null, { stride, padding })`,
    );
  }
  if (bias.ndim !== 1 || bias.shape[0] !== O) {
    throw new ShapeError(`conv2d: bias must have shape [${O}], got ${fmtShape(bias.shape)}`);
  }
  return add(y, reshape(bias, [O, 1, 1]));
}

export interface Pool2dOptions {
  /** Defaults to the kernel size. */
  stride?: Pair | null;
  padding?: Pair;
}

function pool(op: string, mode: 'max' | 'avg', x: Tensor, kernelSize: Pair, opts: Pool2dOptions): Tensor {
  expectNCHW(op, x);
  const kernel = pair(op, 'kernelSize', kernelSize, [1, 1], 1);
  const params: Pool2dParams = {
    mode,
    kernel,
    stride: pair(op, 'stride', opts.stride, kernel, 1),
    padding: pair(op, 'padding', opts.padding, [0, 0], 0),
  };
  if (params.padding[0] * 2 > kernel[0] || params.padding[1] * 2 > kernel[1]) {
    throw new ValueError(
      `${op}: padding ${JSON.stringify(params.padding)} must be at most half the kernel ${JSON.stringify(kernel)}`,
    );
  }
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const OH = convOutSize(H, kernel[0], params.stride[0], params.padding[0], 1);
  const OW = convOutSize(W, kernel[1], params.stride[1], params.padding[1], 1);
  if (OH < 1 || OW < 1)
    throw new ShapeError(`${op}: kernel ${kernel.join('x')} does not fit input ${H}x${W}`);
  return pool2dP(x, params, [N, C, OH, OW]);
}

/** Average pooling; padding counts as zeros in the average (PyTorch's default). */
export const avgPool2d = (x: Tensor, kernelSize: Pair, opts: Pool2dOptions = {}): Tensor =>
  pool('avgPool2d', 'avg', x, kernelSize, opts);

/** Max pooling; padding never wins. */
export const maxPool2d = (x: Tensor, kernelSize: Pair, opts: Pool2dOptions = {}): Tensor =>
  pool('maxPool2d', 'max', x, kernelSize, opts);

/** PyTorch's adaptive average pooling: bin i covers [floor(i*H/oh), ceil((i+1)*H/oh)). */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Pair): Tensor {
  expectNCHW('adaptiveAvgPool2d', x);
  const [oh, ow] = pair('adaptiveAvgPool2d', 'outputSize', outputSize, [1, 1], 1);
  const [, , H, W] = x.shape as [number, number, number, number];
  if (oh === 1 && ow === 1) return mean(x, [2, 3], true);
  if (H % oh === 0 && W % ow === 0) return avgPool2d(x, [H / oh, W / ow]);
  // general case: one mean per bin, composed (rare: only for non-divisible sizes)
  const rows: Tensor[] = [];
  for (let i = 0; i < oh; i++) {
    const h0 = Math.floor((i * H) / oh);
    const h1 = Math.ceil(((i + 1) * H) / oh);
    const cols: Tensor[] = [];
    for (let j = 0; j < ow; j++) {
      const w0 = Math.floor((j * W) / ow);
      const w1 = Math.ceil(((j + 1) * W) / ow);
      cols.push(mean(slice(x, [null, null, [h0, h1], [w0, w1]]), [2, 3]));
    }
    rows.push(stack(cols, -1));
  }
  return concat(
    rows.map((r) => reshape(r, [r.shape[0]!, r.shape[1]!, 1, ow])),
    2,
  );
}
