import { writeF32, writeF64, writeSleb, writeUleb } from './leb128.js';
import {
  ATOMIC,
  BULK,
  CONTROL,
  CONVERSIONS,
  EXTRACT_LANE,
  F32_ARITH,
  F32_COMPARE,
  F32_UNARY,
  F32X4_BINARY,
  F32X4_UNARY,
  F64_ARITH,
  F64_COMPARE,
  F64_UNARY,
  F64X2_BINARY,
  F64X2_UNARY,
  I32_BINARY,
  I32X4_BINARY,
  I32X4_SHIFT,
  I32X4_UNARY,
  I64_BINARY,
  MEMORY_OPS,
  PREFIX_ATOMIC,
  PREFIX_BULK,
  PREFIX_SIMD,
  REPLACE_LANE,
  SIMD_LANE_MEMORY,
  SIMD_MEMORY,
  SIMD_OTHER,
  SPLAT,
  V128_BINARY,
  V128_UNARY,
  VALTYPE,
  type ValType,
} from './opcodes.js';

declare const valBrand: unique symbol;

/**
 * A value pushed on the wasm operand stack. Every builder method emits its
 * instruction when called, and JavaScript evaluates arguments left to right, so
 * `i32.add(get(a), i32.mul(get(b), i32c(4)))` emits exactly the postfix sequence
 * wasm expects. The builder tracks the values it pushed and checks that each
 * instruction consumes the topmost ones in order: an expression built too early
 * (stored in a variable, then used after other pushes) is an error at generation
 * time instead of a miscompiled kernel.
 */
export interface Val<T extends ValType> {
  readonly [valBrand]: T;
}

export class Local<T extends ValType> {
  constructor(
    readonly index: number,
    readonly type: T,
  ) {}
}

/** A branch target: the nesting depth of the block or loop it names. */
export interface Label {
  readonly depth: number;
}

/** A function of the module under construction, for `call`. */
export interface FuncRef<R extends ValType | undefined> {
  readonly index: number;
  readonly result: R;
}

type Binary<T extends ValType, R extends ValType, K extends string> = Record<
  K,
  (a: Val<T>, b: Val<T>) => Val<R>
>;
type Unary<T extends ValType, R extends ValType, K extends string> = Record<K, (a: Val<T>) => Val<R>>;

/** Either an i32 value already on the stack or a constant to push. */
export type I32Arg = Val<'i32'> | number;

/**
 * Emits the body of one function. Instructions are methods grouped by type
 * (`c.i32.add`, `c.f32x4.mul`, `c.v128.load`); structured control flow takes
 * closures for its bodies.
 */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];
  private readonly stack: object[] = [];
  private depth = 0;

  constructor(private readonly paramTypes: readonly ValType[]) {}

  // ---- locals ---------------------------------------------------------------

  param<T extends ValType>(index: number, type: T): Local<T> {
    if (this.paramTypes[index] !== type) {
      throw new TypeError(`param ${index} is ${this.paramTypes[index]}, not ${type}`);
    }
    return new Local(index, type);
  }

  local<T extends ValType>(type: T): Local<T> {
    this.localTypes.push(type);
    return new Local(this.paramTypes.length + this.localTypes.length - 1, type);
  }

  /** The locals declaration of the code entry: runs of equal types. */
  localDeclarations(): number[] {
    const runs: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const out: number[] = [];
    writeUleb(out, runs.length);
    for (const [n, t] of runs) {
      writeUleb(out, n);
      out.push(VALTYPE[t]);
    }
    return out;
  }

  // ---- raw emission ---------------------------------------------------------

  private emit(...bytes: number[]): void {
    for (const b of bytes) this.bytes.push(b);
  }

  private uleb(n: number): void {
    writeUleb(this.bytes, n);
  }

  private memarg(align: number, offset: number): void {
    if (offset < 0 || !Number.isInteger(offset)) throw new RangeError(`bad memory offset ${offset}`);
    this.uleb(align);
    this.uleb(offset);
  }

  private simd(op: number): void {
    this.emit(PREFIX_SIMD);
    this.uleb(op);
  }

  private atomic(op: number): void {
    this.emit(PREFIX_ATOMIC);
    this.uleb(op);
  }

  private i32Arg(v: I32Arg): Val<'i32'> {
    return typeof v === 'number' ? this.i32c(v) : v;
  }

  private push<T extends ValType>(): Val<T> {
    const value = {};
    this.stack.push(value);
    return value as Val<T>;
  }

  /** Pops `values`, which must be the topmost stack entries in this order. */
  private consume(...values: Val<ValType>[]): void {
    const n = values.length;
    const base = this.stack.length - n;
    if (base < 0) throw new Error('wasm builder: operand stack underflow');
    for (let i = 0; i < n; i++) {
      if (this.stack[base + i] !== values[i]) {
        throw new Error('wasm builder: operands consumed out of order (an expression was emitted too early)');
      }
    }
    this.stack.length = base;
  }

  /** Bodies of blocks, loops and ifs must leave the stack as they found it. */
  private balanced(body: () => void): void {
    const height = this.stack.length;
    body();
    if (this.stack.length !== height) throw new Error('wasm builder: block leaves values on the stack');
  }

  /** The function's return value: must be the last value pushed, left for the function's end. */
  result<T extends ValType>(value: Val<T>): void {
    this.consume(value);
  }

  /** Checks that the whole function left nothing behind. */
  finish(): void {
    if (this.stack.length !== 0) throw new Error('wasm builder: function leaves values on the stack');
  }

  // ---- locals and constants -------------------------------------------------

  get<T extends ValType>(l: Local<T>): Val<T> {
    this.emit(CONTROL.localGet);
    this.uleb(l.index);
    return this.push();
  }

  set<T extends ValType>(l: Local<T>, value: Val<T>): void {
    this.consume(value);
    this.emit(CONTROL.localSet);
    this.uleb(l.index);
  }

  tee<T extends ValType>(l: Local<T>, value: Val<T>): Val<T> {
    this.consume(value);
    this.emit(CONTROL.localTee);
    this.uleb(l.index);
    return this.push();
  }

  drop(value: Val<ValType>): void {
    this.consume(value);
    this.emit(CONTROL.drop);
  }

  i32c(n: number): Val<'i32'> {
    this.emit(CONTROL.i32Const);
    writeSleb(this.bytes, n | 0);
    return this.push();
  }

  i64c(n: bigint): Val<'i64'> {
    this.emit(CONTROL.i64Const);
    writeSleb(this.bytes, BigInt.asIntN(64, n));
    return this.push();
  }

  f32c(x: number): Val<'f32'> {
    this.emit(CONTROL.f32Const);
    writeF32(this.bytes, x);
    return this.push();
  }

  f64c(x: number): Val<'f64'> {
    this.emit(CONTROL.f64Const);
    writeF64(this.bytes, x);
    return this.push();
  }

  /** A v128 constant with four f32 lanes. */
  f32x4c(a: number, b = a, c = a, d = a): Val<'v128'> {
    this.simd(SIMD_OTHER.const);
    for (const x of [a, b, c, d]) writeF32(this.bytes, x);
    return this.push();
  }

  /** A v128 constant with four i32 lanes. */
  i32x4c(a: number, b = a, c = a, d = a): Val<'v128'> {
    this.simd(SIMD_OTHER.const);
    const view = new DataView(new ArrayBuffer(16));
    [a, b, c, d].forEach((x, i) => {
      view.setInt32(i * 4, x, true);
    });
    for (let i = 0; i < 16; i++) this.bytes.push(view.getUint8(i));
    return this.push();
  }

  select<T extends ValType>(ifTrue: Val<T>, ifFalse: Val<T>, cond: Val<'i32'>): Val<T> {
    this.consume(ifTrue, ifFalse, cond);
    this.emit(CONTROL.select);
    return this.push();
  }

  // ---- control flow ---------------------------------------------------------

  private structured(op: number, body: (label: Label) => void): void {
    this.emit(op, CONTROL.blockTypeEmpty);
    this.depth++;
    const label = { depth: this.depth };
    this.balanced(() => body(label));
    this.depth--;
    this.emit(CONTROL.end);
  }

  /** A block: `br(label)` inside jumps past its end. */
  block(body: (exit: Label) => void): void {
    this.structured(CONTROL.block, body);
  }

  /** A loop: `br(label)` inside jumps back to its start. */
  loop(body: (top: Label) => void): void {
    this.structured(CONTROL.loop, body);
  }

  if(cond: Val<'i32'>, then: () => void, otherwise?: () => void): void {
    this.consume(cond);
    this.emit(CONTROL.if, CONTROL.blockTypeEmpty);
    this.depth++;
    this.balanced(then);
    if (otherwise) {
      this.emit(CONTROL.else);
      this.balanced(otherwise);
    }
    this.depth--;
    this.emit(CONTROL.end);
  }

  br(label: Label): void {
    this.emit(CONTROL.br);
    this.uleb(this.depth - label.depth);
  }

  brIf(label: Label, cond: Val<'i32'>): void {
    this.consume(cond);
    this.emit(CONTROL.brIf);
    this.uleb(this.depth - label.depth);
  }

  return(): void {
    this.emit(CONTROL.return);
  }

  /**
   * `for (i = from; i < to; i += step) body()`, as a guarded do-while (one branch
   * per iteration). `to` is re-read every iteration, so pass a local or a constant.
   */
  for(i: Local<'i32'>, from: I32Arg, to: Local<'i32'> | number, step: number, body: () => void): void {
    const bound = () => (typeof to === 'number' ? this.i32c(to) : this.get(to));
    this.set(i, this.i32Arg(from));
    this.if(this.i32.lt_s(this.get(i), bound()), () => {
      this.loop((top) => {
        body();
        this.set(i, this.i32.add(this.get(i), this.i32c(step)));
        this.brIf(top, this.i32.lt_s(this.get(i), bound()));
      });
    });
  }

  call<R extends ValType | undefined>(
    fn: FuncRef<R>,
    ...args: Val<ValType>[]
  ): R extends ValType ? Val<R> : undefined {
    this.consume(...args);
    this.emit(CONTROL.call);
    this.uleb(fn.index);
    return (fn.result === undefined ? undefined : this.push()) as R extends ValType ? Val<R> : undefined;
  }

  // ---- instruction factories ------------------------------------------------

  /** An instruction that pops `arity` operands and pushes one result. */
  private op<R extends ValType>(encode: () => void) {
    return (...operands: Val<ValType>[]): Val<R> => {
      this.consume(...operands);
      encode();
      return this.push();
    };
  }

  private binaryGroup<T extends ValType, R extends ValType, K extends string>(
    table: Record<K, number>,
    simd: boolean,
  ): Binary<T, R, K> {
    const out = {} as Binary<T, R, K>;
    for (const name of Object.keys(table) as K[]) {
      const code = table[name];
      out[name] = this.op<R>(() => (simd ? this.simd(code) : this.emit(code)));
    }
    return out;
  }

  private unaryGroup<T extends ValType, R extends ValType, K extends string>(
    table: Record<K, number>,
    simd: boolean,
  ): Unary<T, R, K> {
    const out = {} as Unary<T, R, K>;
    for (const name of Object.keys(table) as K[]) {
      const code = table[name];
      out[name] = this.op<R>(() => (simd ? this.simd(code) : this.emit(code)));
    }
    return out;
  }

  private load<T extends ValType>([code, align]: readonly [number, number]) {
    return (addr: Val<'i32'>, offset = 0): Val<T> => {
      this.consume(addr);
      this.emit(code);
      this.memarg(align, offset);
      return this.push();
    };
  }

  private store<T extends ValType>([code, align]: readonly [number, number]) {
    return (addr: Val<'i32'>, value: Val<T>, offset = 0): void => {
      this.consume(addr, value);
      this.emit(code);
      this.memarg(align, offset);
    };
  }

  private conversion<F extends ValType, T extends ValType>(code: number): (x: Val<F>) => Val<T> {
    return this.op<T>(() => this.emit(code));
  }

  private atomicOp<R extends ValType>([code, align]: readonly [number, number]) {
    return (...operands: Val<ValType>[]): Val<R> => {
      this.consume(...operands);
      this.atomic(code);
      this.memarg(align, 0);
      return this.push();
    };
  }

  // ---- typed instruction groups ---------------------------------------------

  readonly i32 = {
    ...this.binaryGroup<'i32', 'i32', keyof typeof I32_BINARY>(I32_BINARY, false),
    eqz: this.op<'i32'>(() => this.emit(0x45)) as (a: Val<'i32'>) => Val<'i32'>,
    load: this.load<'i32'>(MEMORY_OPS.i32Load),
    load8u: this.load<'i32'>(MEMORY_OPS.i32Load8u),
    store: this.store<'i32'>(MEMORY_OPS.i32Store),
    store8: this.store<'i32'>(MEMORY_OPS.i32Store8),
    wrapI64: this.conversion<'i64', 'i32'>(CONVERSIONS.i32WrapI64[0]),
    reinterpretF32: this.conversion<'f32', 'i32'>(CONVERSIONS.i32ReinterpretF32[0]),
    atomicLoad: this.atomicOp<'i32'>(ATOMIC.i32Load) as (addr: Val<'i32'>) => Val<'i32'>,
    /** Atomically adds and returns the previous value. */
    atomicAdd: this.atomicOp<'i32'>(ATOMIC.i32RmwAdd) as (addr: Val<'i32'>, v: Val<'i32'>) => Val<'i32'>,
  };

  readonly i64 = {
    ...this.binaryGroup<'i64', 'i64', Exclude<keyof typeof I64_BINARY, 'eq' | 'ne' | 'lt_u' | 'ge_u'>>(
      I64_BINARY,
      false,
    ),
    eq: this.op<'i32'>(() => this.emit(I64_BINARY.eq)) as (a: Val<'i64'>, b: Val<'i64'>) => Val<'i32'>,
    ne: this.op<'i32'>(() => this.emit(I64_BINARY.ne)) as (a: Val<'i64'>, b: Val<'i64'>) => Val<'i32'>,
    extendI32u: this.conversion<'i32', 'i64'>(CONVERSIONS.i64ExtendI32u[0]),
    load: this.load<'i64'>(MEMORY_OPS.i64Load),
    store: this.store<'i64'>(MEMORY_OPS.i64Store),
    atomicLoad: this.atomicOp<'i64'>(ATOMIC.i64Load) as (addr: Val<'i32'>) => Val<'i64'>,
    /** Stores `replacement` if memory holds `expected`; returns what memory held. */
    atomicCmpxchg: this.atomicOp<'i64'>(ATOMIC.i64RmwCmpxchg) as (
      addr: Val<'i32'>,
      expected: Val<'i64'>,
      replacement: Val<'i64'>,
    ) => Val<'i64'>,
  };

  readonly f32 = {
    ...this.binaryGroup<'f32', 'f32', keyof typeof F32_ARITH>(F32_ARITH, false),
    ...this.binaryGroup<'f32', 'i32', keyof typeof F32_COMPARE>(F32_COMPARE, false),
    ...this.unaryGroup<'f32', 'f32', keyof typeof F32_UNARY>(F32_UNARY, false),
    load: this.load<'f32'>(MEMORY_OPS.f32Load),
    store: this.store<'f32'>(MEMORY_OPS.f32Store),
    convertI32s: this.conversion<'i32', 'f32'>(CONVERSIONS.f32ConvertI32s[0]),
    demoteF64: this.conversion<'f64', 'f32'>(CONVERSIONS.f32DemoteF64[0]),
    reinterpretI32: this.conversion<'i32', 'f32'>(CONVERSIONS.f32ReinterpretI32[0]),
  };

  readonly f64 = {
    ...this.binaryGroup<'f64', 'f64', keyof typeof F64_ARITH>(F64_ARITH, false),
    ...this.binaryGroup<'f64', 'i32', keyof typeof F64_COMPARE>(F64_COMPARE, false),
    ...this.unaryGroup<'f64', 'f64', keyof typeof F64_UNARY>(F64_UNARY, false),
    load: this.load<'f64'>(MEMORY_OPS.f64Load),
    store: this.store<'f64'>(MEMORY_OPS.f64Store),
    convertI32s: this.conversion<'i32', 'f64'>(CONVERSIONS.f64ConvertI32s[0]),
    promoteF32: this.conversion<'f32', 'f64'>(CONVERSIONS.f64PromoteF32[0]),
  };

  private splat<T extends ValType>(code: number): (x: Val<T>) => Val<'v128'> {
    return this.op<'v128'>(() => this.simd(code));
  }

  private extractLane<T extends ValType>(code: number) {
    return (v: Val<'v128'>, lane: number): Val<T> => {
      this.consume(v);
      this.simd(code);
      this.emit(lane);
      return this.push();
    };
  }

  readonly f32x4 = {
    ...this.binaryGroup<'v128', 'v128', keyof typeof F32X4_BINARY>(F32X4_BINARY, true),
    ...this.unaryGroup<'v128', 'v128', keyof typeof F32X4_UNARY>(F32X4_UNARY, true),
    splat: this.splat<'f32'>(SPLAT.f32x4),
    extractLane: this.extractLane<'f32'>(EXTRACT_LANE.f32x4),
    replaceLane: (v: Val<'v128'>, lane: number, x: Val<'f32'>): Val<'v128'> => {
      this.consume(v, x);
      this.simd(REPLACE_LANE.f32x4);
      this.emit(lane);
      return this.push();
    },
  };

  readonly f64x2 = {
    ...this.binaryGroup<'v128', 'v128', keyof typeof F64X2_BINARY>(F64X2_BINARY, true),
    ...this.unaryGroup<'v128', 'v128', keyof typeof F64X2_UNARY>(F64X2_UNARY, true),
    splat: this.splat<'f64'>(SPLAT.f64x2),
    extractLane: this.extractLane<'f64'>(EXTRACT_LANE.f64x2),
  };

  readonly i32x4 = {
    ...this.binaryGroup<'v128', 'v128', keyof typeof I32X4_BINARY>(I32X4_BINARY, true),
    ...this.unaryGroup<'v128', 'v128', keyof typeof I32X4_UNARY>(I32X4_UNARY, true),
    shl: this.op<'v128'>(() => this.simd(I32X4_SHIFT.shl)) as (v: Val<'v128'>, n: Val<'i32'>) => Val<'v128'>,
    shr_s: this.op<'v128'>(() => this.simd(I32X4_SHIFT.shr_s)) as (
      v: Val<'v128'>,
      n: Val<'i32'>,
    ) => Val<'v128'>,
    shr_u: this.op<'v128'>(() => this.simd(I32X4_SHIFT.shr_u)) as (
      v: Val<'v128'>,
      n: Val<'i32'>,
    ) => Val<'v128'>,
    splat: this.splat<'i32'>(SPLAT.i32x4),
    extractLane: this.extractLane<'i32'>(EXTRACT_LANE.i32x4),
  };

  private simdLoad([code, align]: readonly [number, number]) {
    return (addr: Val<'i32'>, offset = 0): Val<'v128'> => {
      this.consume(addr);
      this.simd(code);
      this.memarg(align, offset);
      return this.push();
    };
  }

  private laneStore([code, align]: readonly [number, number]) {
    return (addr: Val<'i32'>, v: Val<'v128'>, lane: number, offset = 0): void => {
      this.consume(addr, v);
      this.simd(code);
      this.memarg(align, offset);
      this.emit(lane);
    };
  }

  readonly v128 = {
    ...this.binaryGroup<'v128', 'v128', keyof typeof V128_BINARY>(V128_BINARY, true),
    ...this.unaryGroup<'v128', 'v128', keyof typeof V128_UNARY>(V128_UNARY, true),
    load: this.simdLoad(SIMD_MEMORY.load),
    load32Splat: this.simdLoad(SIMD_MEMORY.load32Splat),
    load32Zero: this.simdLoad(SIMD_MEMORY.load32Zero),
    load64Zero: this.simdLoad(SIMD_MEMORY.load64Zero),
    store: (addr: Val<'i32'>, v: Val<'v128'>, offset = 0): void => {
      this.consume(addr, v);
      this.simd(SIMD_MEMORY.store[0]);
      this.memarg(SIMD_MEMORY.store[1], offset);
    },
    store32Lane: this.laneStore(SIMD_LANE_MEMORY.store32Lane),
    store64Lane: this.laneStore(SIMD_LANE_MEMORY.store64Lane),
    /** Lanes of `a` where `mask` bits are set, else lanes of `b`. */
    bitselect: this.op<'v128'>(() => this.simd(SIMD_OTHER.bitselect)) as (
      a: Val<'v128'>,
      b: Val<'v128'>,
      mask: Val<'v128'>,
    ) => Val<'v128'>,
    anyTrue: this.op<'i32'>(() => this.simd(SIMD_OTHER.anyTrue)) as (v: Val<'v128'>) => Val<'i32'>,
    /** i8x16.shuffle: byte i of the result is byte lanes[i] of a ++ b. */
    shuffle: (a: Val<'v128'>, b: Val<'v128'>, lanes: readonly number[]): Val<'v128'> => {
      if (lanes.length !== 16) throw new RangeError('shuffle needs 16 lane indices');
      this.consume(a, b);
      this.simd(SIMD_OTHER.shuffle);
      this.emit(...lanes);
      return this.push();
    },
  };

  readonly memory = {
    /** Wakes up to `count` agents waiting on `addr`; returns how many woke. */
    notify: this.atomicOp<'i32'>(ATOMIC.notify) as (addr: Val<'i32'>, count: Val<'i32'>) => Val<'i32'>,
    /** memmove of `bytes` bytes. */
    copy: (dst: Val<'i32'>, src: Val<'i32'>, bytes: Val<'i32'>): void => {
      this.consume(dst, src, bytes);
      this.emit(PREFIX_BULK);
      this.uleb(BULK.copy);
      this.emit(0x00, 0x00);
    },
    /** memset of `bytes` bytes to the low byte of `value`. */
    fill: (dst: Val<'i32'>, value: Val<'i32'>, bytes: Val<'i32'>): void => {
      this.consume(dst, value, bytes);
      this.emit(PREFIX_BULK);
      this.uleb(BULK.fill);
      this.emit(0x00);
    },
  };
}
