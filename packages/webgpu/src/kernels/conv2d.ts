import { type Conv2dParams, DTypeError, type Operand, type Shape } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asHandle, asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { ParamWriter } from '../wgsl/params.js';
import { type ConvGeometry, convGeometry, convParams, isDepthwise } from './conv-geometry.js';
import { conv2dBackwardInputKernel } from './conv2d-backward-input.js';
import { conv2dBackwardWeightKernel } from './conv2d-backward-weight.js';
import {
  DEPTHWISE_WORKGROUP,
  depthwiseBackwardInputKernel,
  depthwiseForwardKernel,
} from './conv2d-depthwise.js';
import { conv2dForwardKernel } from './conv2d-forward.js';
import { chooseTile, REGISTER_TILES, type RegisterTile, tileCols, tileRows } from './matmul-tiles.js';
import { reduceKernel } from './reduce.js';

function expectFloat(op: string, ...xs: Operand[]): void {
  for (const x of xs) {
    if (x.dtype !== 'float32')
      throw new DTypeError(`${op}: the webgpu backend convolves float32 tensors, got ${x.dtype}`);
  }
}

/** Workgroups a tile grid should reach to keep the device busy. */
const minTiles = (rt: GpuRuntime) => (rt.caps.software ? 8 : 128);

function gemmTile(rt: GpuRuntime, rows: number, cols: number, groups: number): RegisterTile {
  return chooseTile(REGISTER_TILES, rows, cols, groups, minTiles(rt)) as RegisterTile;
}

function runGemm(
  rt: GpuRuntime,
  op: string,
  g: ConvGeometry,
  rows: number,
  cols: number,
  build: (tile: RegisterTile) => ReturnType<typeof conv2dForwardKernel>,
  buffers: GPUBuffer[],
): void {
  const tile = gemmTile(rt, rows, cols, g.G);
  const kernel = rt.kernels.get(`${op}|${JSON.stringify(tile)}`, () => build(tile));
  const tc = Math.ceil(cols / tileCols(tile));
  const tr = Math.ceil(rows / tileRows(tile));
  rt.dispatch1d(
    kernel,
    buffers,
    new ParamWriter().u32(...convParams(g, cols, tc, tr)).toArray(),
    tc * tr * g.G,
  );
}

/** x [N, C, H, W], w [O, C/groups, KH, KW] -> [N, O, OH, OW]. */
export function conv2dKernel(rt: GpuRuntime, x: Operand, w: Operand, p: Conv2dParams): GpuStorage {
  expectFloat('conv2d', x, w);
  const g = convGeometry(x.view.shape, w.view.shape, p);
  const count = g.N * g.O * g.OH * g.OW;
  const out = rt.alloc('conv2d', count);
  if (count === 0) return out;
  const buffers = [
    out.buffer,
    asStorage('conv2d', x.storage, rt).buffer,
    asStorage('conv2d', w.storage, rt).buffer,
  ];
  if (isDepthwise(g)) {
    const kernel = rt.kernels.get('conv2d|dw', () => depthwiseForwardKernel());
    const params = new ParamWriter().u32(...convParams(g, count, 0, 0)).toArray();
    rt.dispatch1d(kernel, buffers, params, Math.ceil(count / DEPTHWISE_WORKGROUP));
  } else {
    runGemm(rt, 'conv2d', g, g.Og, g.N * g.OH * g.OW, (t) => conv2dForwardKernel(t), buffers);
  }
  return out;
}

export function conv2dBackwardInputKernelRun(
  rt: GpuRuntime,
  dy: Operand,
  w: Operand,
  xShape: Shape,
  p: Conv2dParams,
): GpuStorage {
  const op = 'conv2dBackwardInput';
  expectFloat(op, dy, w);
  const g = convGeometry(xShape, w.view.shape, p);
  const count = g.N * g.C * g.H * g.W;
  const out = rt.alloc(op, count);
  if (count === 0) return out;
  const buffers = [out.buffer, asStorage(op, dy.storage, rt).buffer, asStorage(op, w.storage, rt).buffer];
  if (isDepthwise(g)) {
    const kernel = rt.kernels.get(`${op}|dw`, () => depthwiseBackwardInputKernel());
    const params = new ParamWriter().u32(...convParams(g, count, 0, 0)).toArray();
    rt.dispatch1d(kernel, buffers, params, Math.ceil(count / DEPTHWISE_WORKGROUP));
  } else {
    runGemm(rt, op, g, g.Cg, g.N * g.H * g.W, (t) => conv2dBackwardInputKernel(t), buffers);
  }
  return out;
}

export function conv2dBackwardWeightKernelRun(
  rt: GpuRuntime,
  x: Operand,
  dy: Operand,
  wShape: Shape,
  p: Conv2dParams,
): GpuStorage {
  const op = 'conv2dBackwardWeight';
  expectFloat(op, x, dy);
  const g = convGeometry(x.view.shape, wShape, p);
  const J = g.Cg * g.KH * g.KW;
  const count = g.O * J;
  if (count === 0) return rt.alloc(op, 0);
  const tile = gemmTile(rt, g.Og, J, g.G);
  const tc = Math.ceil(J / tileCols(tile));
  const tr = Math.ceil(g.Og / tileRows(tile));
  // Split the long reduction (N*OH output rows) until the grid has enough workgroups.
  const rowsK = g.N * g.OH;
  const wanted = Math.min(Math.max(1, rowsK), Math.ceil(minTiles(rt) / (tc * tr * g.G)));
  const chunk = Math.max(1, Math.ceil(rowsK / wanted));
  const splits = Math.max(1, Math.ceil(rowsK / chunk));
  const kernel = rt.kernels.get(`${op}|${JSON.stringify(tile)}`, () => conv2dBackwardWeightKernel(tile));
  const params = new ParamWriter().u32(...convParams(g, J, tc, tr, splits, chunk)).toArray();
  const inputs = [asStorage(op, x.storage, rt).buffer, asStorage(op, dy.storage, rt).buffer];
  if (splits === 1) {
    const out = rt.alloc(op, count);
    rt.dispatch1d(kernel, [out.buffer, ...inputs], params, tc * tr * g.G);
    return out;
  }
  const partial = rt.alloc(op, splits * count);
  rt.dispatch1d(kernel, [partial.buffer, ...inputs], params, tc * tr * g.G * splits);
  const out = reduceKernel(
    rt,
    'sum',
    {
      storage: asHandle(partial),
      dtype: 'float32',
      view: { shape: [count, splits], strides: [1, count], offset: 0 },
    },
    1,
  );
  rt.release(partial);
  return out;
}
