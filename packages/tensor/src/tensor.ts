import type { Backend, Operand } from './backend.js';
import { allocTyped, type DType, type TypedArray } from './dtype.js';
import { BackendError, DisposedError, fmtShape, ShapeError } from './errors.js';
import { formatTensor } from './format.js';
import type { TensorLike } from './ops/elementwise.js';
import type { Axis } from './ops/reduce.js';
import type { SliceSpec } from './ops/views.js';
import type { Primitive } from './primitive.js';
import { adopt, type Disposable, release, type Scope } from './scope.js';
import { type Shape, sizeOf } from './shape.js';
import { Storage } from './storage.js';
import { contiguousView, isContiguous, type View } from './view.js';

/** The graph record autograd reads: which primitive made a tensor, from what. */
export interface GradNode {
  readonly prim: Primitive;
  readonly inputs: readonly Tensor[];
}

export type NestedArray = number | boolean | NestedArray[];

let liveTensorCount = 0;

/** Safety net: a tensor the program forgot is released when it is garbage-collected. */
const finalizer = new FinalizationRegistry<Storage>((storage) => {
  liveTensorCount--;
  storage.release();
});

type BackwardImpl = (t: Tensor, grad?: Tensor) => void;
let backwardImpl: BackwardImpl | undefined;

/** @internal Called by @isotropic/autograd to provide `Tensor.backward()`. */
export function setBackwardImpl(fn: BackwardImpl): void {
  backwardImpl = fn;
}

/** Number of tensors created and neither disposed nor collected. */
export function liveTensors(): number {
  return liveTensorCount;
}

/**
 * An immutable n-dimensional array on a backend. Views (reshape, permute,
 * expand, slice) share the storage; ops return new tensors.
 */
export class Tensor implements Disposable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Whether gradients flow to this tensor (set on parameters, propagated by ops). */
  requiresGrad = false;
  /** Gradient accumulated by `backward()` (PyTorch style). */
  grad: Tensor | undefined;
  /** @internal */ _node: GradNode | undefined;
  /** @internal */ _ownerScope: Scope | undefined;
  /** @internal */ _storage: Storage;
  /** @internal */ _view: View;
  private disposed = false;

  // ---- chainable ops: typed here, installed on the prototype by methods.ts so that
  // this file imports no ops (x.add(y) is add(x, y); see the functions' docs) ----
  declare add: (b: TensorLike) => Tensor;
  declare sub: (b: TensorLike) => Tensor;
  declare mul: (b: TensorLike) => Tensor;
  declare div: (b: TensorLike) => Tensor;
  declare pow: (b: TensorLike) => Tensor;
  declare maximum: (b: TensorLike) => Tensor;
  declare minimum: (b: TensorLike) => Tensor;
  declare lt: (b: TensorLike) => Tensor;
  declare le: (b: TensorLike) => Tensor;
  declare gt: (b: TensorLike) => Tensor;
  declare ge: (b: TensorLike) => Tensor;
  declare eq: (b: TensorLike) => Tensor;
  declare ne: (b: TensorLike) => Tensor;
  declare neg: () => Tensor;
  declare abs: () => Tensor;
  declare exp: () => Tensor;
  declare log: () => Tensor;
  declare sqrt: () => Tensor;
  declare rsqrt: () => Tensor;
  declare square: () => Tensor;
  declare sin: () => Tensor;
  declare cos: () => Tensor;
  declare tanh: () => Tensor;
  declare relu: () => Tensor;
  declare sigmoid: () => Tensor;
  declare gelu: (approximate?: 'none' | 'tanh') => Tensor;
  declare cast: (dtype: DType) => Tensor;
  declare sum: (axis?: Axis, keepdims?: boolean) => Tensor;
  declare mean: (axis?: Axis, keepdims?: boolean) => Tensor;
  declare max: (axis?: Axis, keepdims?: boolean) => Tensor;
  declare min: (axis?: Axis, keepdims?: boolean) => Tensor;
  declare argmax: (axis?: number | null, keepdims?: boolean) => Tensor;
  declare argmin: (axis?: number | null, keepdims?: boolean) => Tensor;
  declare var: (axis?: Axis, keepdims?: boolean, correction?: number) => Tensor;
  declare logsumexp: (axis?: Axis, keepdims?: boolean) => Tensor;
  declare softmax: (axis?: number) => Tensor;
  declare logSoftmax: (axis?: number) => Tensor;
  declare matmul: (b: Tensor) => Tensor;
  declare reshape: (shape: Shape) => Tensor;
  declare flatten: (startAxis?: number, endAxis?: number) => Tensor;
  declare permute: (perm: readonly number[]) => Tensor;
  declare transpose: (perm?: readonly number[]) => Tensor;
  /** Transpose of the last two dims. */
  declare readonly mT: Tensor;
  declare broadcastTo: (shape: Shape) => Tensor;
  declare slice: (specs: readonly SliceSpec[]) => Tensor;
  declare squeeze: (axis?: number | readonly number[]) => Tensor;
  declare expandDims: (axis: number) => Tensor;
  declare contiguous: () => Tensor;

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(storage: Storage, view: View, dtype: DType, owned = true) {
    this._storage = storage;
    this._view = view;
    this.shape = view.shape;
    this.dtype = dtype;
    liveTensorCount++;
    finalizer.register(this, storage, this);
    if (owned) adopt(this);
  }

  get backend(): Backend {
    return this._storage.backend;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal What kernels read. Throws if the tensor was disposed. */
  operand(op: string): Operand {
    this.assertAlive(op);
    return { storage: this._storage.handle, view: this._view, dtype: this.dtype };
  }

  /** @internal */
  assertAlive(op: string): void {
    if (this.disposed || this._storage.released) {
      throw new DisposedError(
        `${op}: tensor of shape ${fmtShape(this.shape)} (${this.dtype}) was disposed` +
          (this.disposed ? '' : ' (its storage was released)') +
          '; keep() it or return it from its scope to use it later',
      );
    }
  }

  /** Releases this tensor's reference to its storage. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    finalizer.unregister(this);
    release(this);
    liveTensorCount--;
    this._node = undefined;
    this._storage.release();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Takes this tensor out of its scope: it survives until disposed (or collected). */
  keep(): this {
    release(this);
    return this;
  }

  /** A tensor sharing this one's data, cut from the gradient graph. */
  detach(): Tensor {
    this.assertAlive('detach');
    return new Tensor(this._storage.retain(), this._view, this.dtype);
  }

  /** Reverse-mode gradient from this (scalar) tensor; needs @isotropic/autograd. */
  backward(grad?: Tensor): void {
    if (!backwardImpl) {
      throw new BackendError('backward: import @isotropic/autograd to enable gradients');
    }
    backwardImpl(this, grad);
  }

  get isContiguous(): boolean {
    return isContiguous(this._view) && this.size === this._storage.size;
  }

  /** Reads the values back (row-major) without blocking. */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    if (this.size === 0) return allocTyped(this.dtype, 0);
    if (this.isContiguous) return this.backend.read(this._storage.handle, this.dtype, this.size);
    const copy = this.backend.unary('copy', this.operand('data'));
    try {
      return await this.backend.read(copy, this.dtype, this.size);
    } finally {
      this.backend.release(copy);
    }
  }

  /** Synchronous read, where the backend allows it (the CPU backend does). */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    const b = this.backend;
    if (!b.readSync) {
      throw new BackendError(`dataSync: the ${b.name} backend reads asynchronously; use await t.data()`);
    }
    if (this.size === 0) return allocTyped(this.dtype, 0);
    if (this.isContiguous) return b.readSync(this._storage.handle, this.dtype, this.size);
    const copy = b.unary('copy', this.operand('dataSync'));
    try {
      return b.readSync(copy, this.dtype, this.size);
    } finally {
      b.release(copy);
    }
  }

  /** Values as nested arrays (numbers, or booleans for bool tensors). */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1)
      throw new ShapeError(`item: expected one element, got shape ${fmtShape(this.shape)}`);
    return (await this.data())[0]!;
  }

  toString(): string {
    if (this.disposed) return `Tensor(disposed, shape=${fmtShape(this.shape)}, dtype=${this.dtype})`;
    if (!this.backend.readSync) {
      return `Tensor(shape=${fmtShape(this.shape)}, dtype=${this.dtype}, backend=${this.backend.name})`;
    }
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }
}

/** @internal Wraps a fresh contiguous storage made by a kernel. */
export function fromHandle(
  backend: Backend,
  handle: ReturnType<Backend['upload']>,
  shape: Shape,
  dtype: DType,
): Tensor {
  return new Tensor(new Storage(backend, handle, dtype, sizeOf(shape)), contiguousView(shape), dtype);
}

/** @internal A new view of `src`'s storage. */
export function viewOf(src: Tensor, view: View): Tensor {
  src.assertAlive('view');
  return new Tensor(src._storage.retain(), view, src.dtype);
}

function toNested(data: TypedArray, shape: Shape, dtype: DType): NestedArray {
  const conv = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return conv(data[0]!);
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim]!;
    const inner = sizeOf(shape.slice(dim + 1));
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = dim === shape.length - 1 ? conv(data[offset + i]!) : build(dim + 1, offset + i * inner);
    }
    return out;
  };
  return build(0, 0);
}
