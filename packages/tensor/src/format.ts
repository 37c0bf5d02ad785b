import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

/** Prints like numpy: `tensor([[1, 2], [3, 4]], dtype=int32)`, eliding long axes. */
export function formatTensor(data: TypedArray, shape: Shape, dtype: DType): string {
  const edge = 3;
  const fmt = (v: number): string => {
    if (dtype === 'bool') return v ? 'True' : 'False';
    if (dtype === 'int32') return String(v);
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-4 || a >= 1e8) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
  };
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  const cells: string[] = [];
  const collect = (dim: number, off: number): void => {
    if (dim === shape.length) {
      cells.push(fmt(data[off]!));
      return;
    }
    const n = shape[dim]!;
    for (let i = 0; i < n; i++) {
      if (n > 2 * edge && i === edge) i = n - edge;
      collect(dim + 1, off + i * strides[dim]!);
    }
  };
  collect(0, 0);
  const width = Math.max(0, ...cells.map((c) => c.length));
  let k = 0;
  const render = (dim: number, indent: number): string => {
    if (dim === shape.length) return cells[k++]!.padStart(width);
    const n = shape[dim]!;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (n > 2 * edge && i === edge) {
        parts.push('...');
        i = n - edge;
      }
      parts.push(render(dim + 1, indent + 1));
    }
    const sep =
      dim === shape.length - 1 ? ', ' : `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = render(0, 'tensor('.length);
  const suffix = dtype === 'float32' ? '' : `, dtype=${dtype}`;
  return `tensor(${body}${suffix})`;
}
