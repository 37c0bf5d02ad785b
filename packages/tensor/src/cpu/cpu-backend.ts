import type {
  Backend,
  BinaryOp,
  Conv2dParams,
  MemoryStats,
  Operand,
  Pool2dParams,
  ReduceOp,
  StorageHandle,
  UnaryOp,
} from '../backend.js';
import { COMPARISON_OPS } from '../backend.js';
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { conv2dBackwardInputKernel, conv2dBackwardWeightKernel, conv2dKernel } from './conv.js';
import { ecfBackwardKernel, ecfKernel } from './ecf.js';
import { binaryKernel, castKernel, unaryKernel, whereKernel } from './elementwise.js';
import { matmulKernel } from './matmul.js';
import { concatKernel, gatherKernel, padKernel, scatterAddKernel } from './movement.js';
import { pool2dBackwardKernel, pool2dKernel } from './pool.js';
import { reduceKernel } from './reduce.js';

/**
 * The reference backend: pure TypeScript on typed arrays, synchronous, every
 * dtype including float64. Storage handles are the typed arrays themselves.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  private live = 0;
  private liveBytes = 0;

  supportsDType(_dtype: DType): boolean {
    return true;
  }

  private wrap(a: TypedArray): StorageHandle {
    this.live++;
    this.liveBytes += a.byteLength;
    return a as unknown as StorageHandle;
  }

  private arr(h: StorageHandle): TypedArray {
    return h as unknown as TypedArray;
  }

  upload(data: TypedArray, dtype: DType): StorageHandle {
    const copy = allocTyped(dtype, data.length);
    copy.set(data);
    return this.wrap(copy);
  }

  read(storage: StorageHandle, dtype: DType, size: number): Promise<TypedArray> {
    return Promise.resolve(this.readSync(storage, dtype, size));
  }

  readSync(storage: StorageHandle, _dtype: DType, size: number): TypedArray {
    return this.arr(storage).slice(0, size);
  }

  release(storage: StorageHandle): void {
    this.live--;
    this.liveBytes -= this.arr(storage).byteLength;
  }

  memory(): MemoryStats {
    return { liveStorages: this.live, liveBytes: this.liveBytes };
  }

  unary(op: UnaryOp, x: Operand): StorageHandle {
    return this.wrap(unaryKernel(op, x, this.arr(x.storage)));
  }

  binary(op: BinaryOp, a: Operand, b: Operand, outShape: Shape): StorageHandle {
    const outDType: DType = COMPARISON_OPS.has(op) ? 'bool' : a.dtype;
    return this.wrap(binaryKernel(op, a, this.arr(a.storage), b, this.arr(b.storage), outShape, outDType));
  }

  where(cond: Operand, a: Operand, b: Operand, outShape: Shape): StorageHandle {
    return this.wrap(
      whereKernel(cond, this.arr(cond.storage), a, this.arr(a.storage), b, this.arr(b.storage), outShape),
    );
  }

  cast(x: Operand, dtype: DType): StorageHandle {
    return this.wrap(castKernel(x, this.arr(x.storage), dtype));
  }

  reduce(op: ReduceOp, x: Operand, reducedRank: number): StorageHandle {
    return this.wrap(reduceKernel(op, x, this.arr(x.storage), reducedRank));
  }

  matmul(a: Operand, b: Operand): StorageHandle {
    return this.wrap(matmulKernel(a, this.arr(a.storage), b, this.arr(b.storage)));
  }

  conv2d(x: Operand, w: Operand, p: Conv2dParams): StorageHandle {
    return this.wrap(
      conv2dKernel(this.arr(x.storage), x.view.shape, this.arr(w.storage), w.view.shape, p, x.dtype),
    );
  }

  conv2dBackwardInput(dy: Operand, w: Operand, xShape: Shape, p: Conv2dParams): StorageHandle {
    return this.wrap(
      conv2dBackwardInputKernel(this.arr(dy.storage), this.arr(w.storage), xShape, w.view.shape, p, dy.dtype),
    );
  }

  conv2dBackwardWeight(x: Operand, dy: Operand, wShape: Shape, p: Conv2dParams): StorageHandle {
    return this.wrap(
      conv2dBackwardWeightKernel(this.arr(x.storage), this.arr(dy.storage), x.view.shape, wShape, p, x.dtype),
    );
  }

  pool2d(x: Operand, p: Pool2dParams): StorageHandle {
    return this.wrap(pool2dKernel(this.arr(x.storage), x.view.shape, p, x.dtype));
  }

  pool2dBackward(x: Operand, dy: Operand, p: Pool2dParams): StorageHandle {
    return this.wrap(
      pool2dBackwardKernel(this.arr(x.storage), x.view.shape, this.arr(dy.storage), p, x.dtype),
    );
  }

  gather(x: Operand, index: Operand, axis: number): StorageHandle {
    return this.wrap(
      gatherKernel(
        this.arr(x.storage),
        x.view.shape,
        this.arr(index.storage) as Int32Array,
        index.view.shape,
        axis,
        x.dtype,
      ),
    );
  }

  scatterAdd(src: Operand, index: Operand, axis: number, outShape: Shape): StorageHandle {
    return this.wrap(
      scatterAddKernel(
        this.arr(src.storage),
        src.view.shape,
        this.arr(index.storage) as Int32Array,
        outShape,
        axis,
        src.dtype,
      ),
    );
  }

  pad(x: Operand, widths: readonly (readonly [number, number])[], value: number): StorageHandle {
    return this.wrap(padKernel(this.arr(x.storage), x.view.shape, widths, value, x.dtype));
  }

  concat(xs: readonly Operand[], axis: number): StorageHandle {
    const parts = xs.map((x) => ({ data: this.arr(x.storage), shape: x.view.shape }));
    return this.wrap(concatKernel(parts, axis, xs[0]!.dtype));
  }

  ecf(z: Operand, t: Operand): StorageHandle {
    const [N, M] = z.view.shape as [number, number];
    return this.wrap(ecfKernel(this.arr(z.storage), N, M, this.arr(t.storage), z.dtype));
  }

  ecfBackward(z: Operand, t: Operand, g: Operand): StorageHandle {
    const [N, M] = z.view.shape as [number, number];
    return this.wrap(
      ecfBackwardKernel(this.arr(z.storage), N, M, this.arr(t.storage), this.arr(g.storage), z.dtype),
    );
  }
}
