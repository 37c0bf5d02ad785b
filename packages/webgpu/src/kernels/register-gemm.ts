/**
 * The skeleton shared by the implicit-GEMM convolution kernels: each invocation
 * accumulates an RM x (4*CN) block of a virtual matrix product in vec4
 * registers (like the register matmul), while the caller supplies how rows,
 * columns and the reduction loop map onto tensors. Thread (ly, lx) of tile
 * (tm, tn) owns rows `row0 + i` (i < RM) and columns `(cg0 + j*WX)*4 + c`
 * (j < CN, c < 4); the caller clamps indices for loads and guards stores.
 */
export interface RegisterGemmParts {
  readonly RM: number;
  readonly CN: number;
  readonly WX: number;
  readonly WY: number;
  /** WGSL run once per invocation after row0/cg0 are known (per-row and per-column setup). */
  readonly setup: readonly string[];
  /** The reduction loop nest, outermost first: each line opens one `{` and may add statements after it. */
  readonly loops: readonly string[];
  /** Statements at the top of the innermost loop, before the loads. */
  readonly inner: readonly string[];
  /** f32 expression: A[row i, current k]. */
  readonly loadA: (i: number) => string;
  /** f32 expression: B[current k, column (j, c)]. */
  readonly loadB: (j: number, c: number) => string;
  /** Statement storing `value` for row i, column (j, c); guards out-of-range itself. */
  readonly store: (i: number, j: number, c: number, value: string) => string;
}

export const rowVar = (i: number) => `grow${i}`;
export const colVar = (j: number, c: number) => `gcol${j}_${c}`;

/** WGSL statements of the body (after `tm`, `tn` are decoded). */
export function registerGemmBody(p: RegisterGemmParts): string {
  const { RM, CN, WX, WY } = p;
  const L: string[] = [];
  const rows = Array.from({ length: RM }, (_, i) => i);
  const groups = Array.from({ length: CN }, (_, j) => j);
  const comps = [0, 1, 2, 3];
  L.push(`let row0 = (tm * ${WY}u + lid.y) * ${RM}u;`, `let cg0 = tn * ${WX * CN}u + lid.x;`);
  for (const i of rows) L.push(`let ${rowVar(i)} = row0 + ${i}u;`);
  for (const j of groups)
    for (const c of comps) L.push(`let ${colVar(j, c)} = (cg0 + ${j * WX}u) * 4u + ${c}u;`);
  L.push(...p.setup);
  for (const i of rows) for (const j of groups) L.push(`var acc${i}_${j} = vec4<f32>(0.0);`);
  L.push(...p.loops);
  L.push(...p.inner.map((s) => `  ${s}`));
  for (const j of groups) L.push(`  let b${j} = vec4<f32>(${comps.map((c) => p.loadB(j, c)).join(', ')});`);
  for (const i of rows) {
    L.push(`  let a${i} = vec4<f32>(${p.loadA(i)});`);
    for (const j of groups) L.push(`  acc${i}_${j} = fma(a${i}, b${j}, acc${i}_${j});`);
  }
  L.push(...p.loops.map(() => '}'));
  for (const i of rows)
    for (const j of groups) for (const c of comps) L.push(p.store(i, j, c, `acc${i}_${j}[${c}]`));
  return L.join('\n  ');
}
