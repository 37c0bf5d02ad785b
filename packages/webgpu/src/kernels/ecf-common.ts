import { DTypeError, type Operand } from '@isotropic/tensor';
import { paramsDecl } from '../wgsl/params.js';
import { SINCOS_F32 } from '../wgsl/sincos.js';

/**
 * What the two characteristic-function kernels share: their bindings, the
 * accurate sincos, and the test that picks the rotation recurrence.
 *
 * On a uniform grid t = [0, d, 2d, ...] (SIGReg's) cos / sin of t_k z follow
 * from one sincos of d z by rotation, and the backward's sum over knots is a
 * polynomial in e^{i d z} (Horner's rule): no trigonometry per knot. Any other
 * grid takes one sincos per knot. The test runs in the shader, so the host
 * never reads t back; it is the CPU backend's (`uniformStepOf`: t_0 = 0 and
 * |t_k - k t_1| <= 1e-6 |k t_1|), and every invocation reaches the same answer.
 */

/** Bindings: out (read_write), then the read-only inputs, then `params` u32 words. */
export function ecfHeader(inputs: readonly string[], params: number): string {
  return `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
${inputs.map((name, i) => `@group(0) @binding(${i + 1}) var<storage, read> ${name}: array<f32>;`).join('\n')}
${paramsDecl(params, inputs.length + 1)}
${SINCOS_F32}
fn uniform_grid(K: u32) -> bool {
  if (K < 2u || t[0] != 0.0) { return false; }
  let d = t[1];
  for (var k = 2u; k < K; k++) {
    let e = f32(k) * d;
    if (abs(t[k] - e) > 1e-6 * abs(e)) { return false; }
  }
  return true;
}`;
}

export function expectFloat32(op: string, ...xs: Operand[]): void {
  for (const x of xs) {
    if (x.dtype !== 'float32')
      throw new DTypeError(`${op}: the webgpu backend computes ${op} in float32, got ${x.dtype}`);
  }
}
