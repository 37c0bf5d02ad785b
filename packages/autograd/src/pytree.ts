import { Tensor, ValueError } from '@isotropic/tensor';

/** Tensors nested in arrays and plain objects: what grad() differentiates with respect to. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Rebuilds `tree` with every tensor replaced by `fn(tensor, path)`, visiting
 * tensors in a fixed order (array order, then object key order), so that two
 * maps over the same tree line up.
 */
export function mapTensors(
  op: string,
  tree: unknown,
  fn: (t: Tensor, path: string) => Tensor,
  path: string,
): unknown {
  if (tree instanceof Tensor) return fn(tree, path);
  if (Array.isArray(tree)) return tree.map((v, i) => mapTensors(op, v, fn, `${path}[${i}]`));
  if (tree !== null && typeof tree === 'object' && isPlainObject(tree)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) out[k] = mapTensors(op, v, fn, `${path}.${k}`);
    return out;
  }
  const what =
    tree === null ? 'null' : typeof tree === 'object' ? (tree.constructor?.name ?? 'object') : typeof tree;
  throw new ValueError(
    `${op}: ${path} is ${what}; differentiated arguments must be tensors nested in arrays or plain objects ` +
      '(pass other values as arguments outside argnums)',
  );
}

/** Every tensor in `tree`, in mapTensors' order. */
export function treeLeaves(op: string, tree: unknown, path: string): Tensor[] {
  const leaves: Tensor[] = [];
  mapTensors(
    op,
    tree,
    (t) => {
      leaves.push(t);
      return t;
    },
    path,
  );
  return leaves;
}
