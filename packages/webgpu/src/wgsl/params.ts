/**
 * Kernel parameters travel in one uniform block read as `params.v[i / 4][i % 4]`
 * (an array of vec4<u32>: no struct layout rules to get wrong). Generators ask
 * for a parameter by index; the host packs values in the same order.
 */
export function paramsDecl(count: number, binding: number): string {
  const vecs = Math.max(1, Math.ceil(count / 4));
  return `struct Params { v: array<vec4<u32>, ${vecs}> }
@group(0) @binding(${binding}) var<uniform> params: Params;`;
}

/** WGSL expression for u32 parameter `i`. */
export function pu(i: number): string {
  return `params.v[${i >> 2}].${'xyzw'[i & 3]}`;
}

/** Host side: packs numbers as u32 words; floats by their bit pattern. */
export class ParamWriter {
  private readonly words: number[] = [];
  private static readonly f32 = new Float32Array(1);
  private static readonly f32Bits = new Uint32Array(ParamWriter.f32.buffer);

  u32(...values: number[]): this {
    for (const v of values) this.words.push(v >>> 0);
    return this;
  }

  f32(value: number): this {
    ParamWriter.f32[0] = value;
    this.words.push(ParamWriter.f32Bits[0]!);
    return this;
  }

  get length(): number {
    return this.words.length;
  }

  toArray(): Uint32Array {
    return Uint32Array.from(this.words);
  }
}
