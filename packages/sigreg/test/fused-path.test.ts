import { randn, scope, type Tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { lejepaLoss, sampleDirections, sigreg } from '../src/index.js';

/** Every tensor of the recorded graph behind `root` (the tensor layer records it; no autograd needed). */
function graphOf(root: Tensor): Tensor[] {
  const seen = new Set<Tensor>();
  const stack = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const input of t._node?.inputs ?? []) stack.push(input);
  }
  return [...seen];
}

describe('the fused path', () => {
  const [V, N, K, M, knots] = [3, 64, 16, 48, 17];

  it('computes the characteristic function with one ecf node and no [knots, N, M] tensor', () => {
    const x = randn([V, N, K]);
    x.requiresGrad = true;
    const nodes = graphOf(sigreg(x, { numSlices: M, seed: 1, knots }));
    const ecfNodes = nodes.filter((t) => t._node?.prim.kind === 'custom' && t._node.prim.name === 'ecf');
    expect(ecfNodes).toHaveLength(1);
    expect(ecfNodes[0]!.shape).toEqual([2, knots, V * M]);
    // the largest tensors are the embeddings and their projections, never knots * N * M
    expect(Math.max(...nodes.map((t) => t.size))).toBe(V * N * M);
  });

  it('lejepaLoss adds only small ops around the same single ecf node', () => {
    const x = randn([V, N, K]);
    x.requiresGrad = true;
    const nodes = graphOf(lejepaLoss(x, { numSlices: M, seed: 1 }).loss);
    expect(nodes.filter((t) => t._node?.prim.kind === 'custom')).toHaveLength(1);
  });

  it('releases every intermediate with its scope', () => {
    const x = randn([V, N, K]);
    const A = sampleDirections(K, M, 3);
    const step = () => scope(() => void lejepaLoss(x, { directions: A }));
    step(); // warm the scalar-constant cache
    const before = x.backend.memory().liveStorages;
    for (let i = 0; i < 3; i++) step();
    expect(x.backend.memory().liveStorages).toBe(before);
  });
});
