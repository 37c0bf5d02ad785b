/**
 * Finite-difference gradient checks in float64 on the CPU backend.
 *
 * For f(x1..xn) -> y, the checked scalar is L = sum(y * W) with fixed random
 * weights W (so every output element matters, each differently). dL/dxi is
 * computed three ways and compared: central differences, the functional API
 * (grad with argnums over all inputs), and the tape (`L.backward()` into `.grad`).
 * The analytic paths run on each requested layout of the inputs: contiguous, a
 * transposed view and a strided (step 2) slice, so that rules meet strided inputs.
 */
import {
  key,
  mul,
  noGrad,
  normalDoubles,
  type Shape,
  scope,
  sizeOf,
  slice,
  sum,
  type Tensor,
  tensor,
  transpose,
} from '@isotropic/tensor';
import { expect } from 'vitest';
import { grad } from '../src/index.js';

export type Layout = 'contiguous' | 'transposed' | 'strided';

export interface InputSpec {
  readonly shape: Shape;
  /** Row-major values; default: standard normals from a fixed key, passed through `map`. */
  readonly values?: readonly number[];
  readonly map?: (v: number) => number;
}

export interface GradCheckOptions {
  readonly layouts?: readonly Layout[];
  readonly eps?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

const F64 = { dtype: 'float64' } as const;

function strides(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** A float64 tensor holding `values` (row-major for `shape`) in the given memory layout. */
export function makeInput(values: Float64Array, shape: Shape, layout: Layout): Tensor {
  const n = values.length;
  if (layout === 'transposed' && shape.length >= 2) {
    // store the transpose, then view it transposed back: same values, reversed strides
    const reversed = [...shape].reverse();
    const rs = strides(reversed);
    const base = new Float64Array(n);
    const ls = strides(shape);
    for (let flat = 0; flat < n; flat++) {
      let rem = flat;
      let offset = 0;
      for (let d = 0; d < shape.length; d++) {
        const idx = Math.floor(rem / ls[d]!);
        rem -= idx * ls[d]!;
        offset += idx * rs[shape.length - 1 - d]!;
      }
      base[offset] = values[flat]!;
    }
    const stored = tensor(base, reversed, F64);
    const view = transpose(stored);
    stored.dispose();
    return view;
  }
  if (layout === 'strided' && shape.length >= 1 && shape[shape.length - 1]! > 0) {
    const last = shape[shape.length - 1]!;
    const base = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) base[2 * Math.floor(i / last) * last + 2 * (i % last)] = values[i]!;
    const stored = tensor(base, [...shape.slice(0, -1), 2 * last], F64);
    const view = slice(stored, [...shape.slice(0, -1).map(() => null), [null, null, 2]]);
    stored.dispose();
    return view;
  }
  return tensor(values, shape, F64);
}

function initialValues(spec: InputSpec, index: number): Float64Array {
  if (spec.values) return Float64Array.from(spec.values);
  const v = normalDoubles(key(1000 + index), sizeOf(spec.shape));
  return spec.map ? v.map(spec.map) : v;
}

function weightedLoss(f: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    const y = f(...xs);
    const w = tensor(normalDoubles(key(7), y.size), y.shape, F64);
    return sum(mul(y, w));
  };
}

function lossValue(
  loss: (...xs: Tensor[]) => Tensor,
  values: Float64Array[],
  specs: readonly InputSpec[],
): number {
  return scope(() =>
    noGrad(() => loss(...values.map((v, i) => makeInput(v, specs[i]!.shape, 'contiguous'))).dataSync()[0]!),
  );
}

function numericGrads(
  loss: (...xs: Tensor[]) => Tensor,
  values: Float64Array[],
  specs: readonly InputSpec[],
  eps: number,
) {
  return values.map((v) => {
    const out = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) {
      const saved = v[j]!;
      v[j] = saved + eps;
      const plus = lossValue(loss, values, specs);
      v[j] = saved - eps;
      const minus = lossValue(loss, values, specs);
      v[j] = saved;
      out[j] = (plus - minus) / (2 * eps);
    }
    return out;
  });
}

function compare(label: string, got: Float64Array, want: Float64Array, rtol: number, atol: number): void {
  expect(got.length, `${label}: gradient size`).toBe(want.length);
  let worst = -1;
  let worstErr = 0;
  for (let j = 0; j < want.length; j++) {
    const err = Math.abs(got[j]! - want[j]!) - (atol + rtol * Math.abs(want[j]!));
    if (!(err <= worstErr)) {
      worst = j;
      worstErr = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst}: analytic ${got[worst]} vs numeric ${want[worst]}\n` +
        `analytic ${Array.from(got).map((x) => x.toFixed(6))}\nnumeric  ${Array.from(want).map((x) => x.toFixed(6))}`,
    );
  }
}

function read(t: Tensor | undefined, shape: Shape): Float64Array {
  if (!t) return new Float64Array(sizeOf(shape));
  expect([...t.shape]).toEqual([...shape]);
  return Float64Array.from(t.dataSync());
}

/** Checks d/dx of `f` for every input against central differences (see the file comment). */
export function checkGrads(
  f: (...xs: Tensor[]) => Tensor,
  specs: readonly InputSpec[],
  options: GradCheckOptions = {},
): void {
  const { eps = 1e-6, rtol = 1e-6, atol = 1e-7, layouts = ['contiguous', 'strided', 'transposed'] } = options;
  const loss = weightedLoss(f);
  const values = specs.map((s, i) => initialValues(s, i));
  const numeric = numericGrads(loss, values, specs, eps);
  const argnums = specs.map((_, i) => i);
  for (const layout of layouts) {
    scope(() => {
      const make = () => values.map((v, i) => makeInput(v, specs[i]!.shape, layout));
      const functional = grad(loss, { argnums })(...make()) as Tensor[];
      const leaves = make();
      for (const x of leaves) x.requiresGrad = true;
      loss(...leaves).backward();
      specs.forEach((s, i) => {
        compare(`grad() input ${i} (${layout})`, read(functional[i], s.shape), numeric[i]!, rtol, atol);
        compare(`backward() input ${i} (${layout})`, read(leaves[i]!.grad, s.shape), numeric[i]!, rtol, atol);
        leaves[i]!.grad?.dispose();
      });
    });
  }
}

/** Shorthand for float64 inputs of the given shapes. */
export const shapes = (...ss: Shape[]): InputSpec[] => ss.map((shape) => ({ shape }));
