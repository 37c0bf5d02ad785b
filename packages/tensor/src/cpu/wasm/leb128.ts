/** Appends `n` (a non-negative integer below 2^53) as unsigned LEB128. */
export function writeUleb(out: number[], n: number): void {
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
}

/** Appends a signed integer as signed LEB128 (bigint so i64 constants round-trip). */
export function writeSleb(out: number[], value: number | bigint): void {
  let n = BigInt(value);
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const signBitSet = (byte & 0x40) !== 0;
    if ((n === 0n && !signBitSet) || (n === -1n && signBitSet)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

const scratch = new DataView(new ArrayBuffer(8));

export function writeF32(out: number[], x: number): void {
  scratch.setFloat32(0, x, true);
  for (let i = 0; i < 4; i++) out.push(scratch.getUint8(i));
}

export function writeF64(out: number[], x: number): void {
  scratch.setFloat64(0, x, true);
  for (let i = 0; i < 8; i++) out.push(scratch.getUint8(i));
}

/** A name or any byte vector: its length as LEB128, then the bytes. */
export function writeVector(out: number[], bytes: readonly number[]): void {
  writeUleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

export function writeName(out: number[], name: string): void {
  writeVector(out, [...new TextEncoder().encode(name)]);
}
