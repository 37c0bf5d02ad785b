import { type Tensor, ValueError } from '@isotropic/tensor';
import { type AnyModule, Module } from '../module.js';

/** Returns its input (a placeholder where a layer is optional). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** Modules applied one after the other; children are named 0, 1, ... */
export class Sequential extends Module {
  readonly #layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.#layers = layers;
  }

  get length(): number {
    return this.#layers.length;
  }

  at(i: number): Module | undefined {
    return this.#layers.at(i);
  }

  override namedChildren(): [string, AnyModule][] {
    return this.#layers.map((m, i) => [String(i), m as unknown as AnyModule]);
  }

  forward(x: Tensor): Tensor {
    return this.#layers.reduce((h, layer) => layer.call(h), x);
  }
}

/** A list of modules whose parameters are tracked (children 0, 1, ...). It has no forward of its own. */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<[], never> {
  readonly #items: M[];

  constructor(items: Iterable<M> = []) {
    super();
    this.#items = [...items];
  }

  get length(): number {
    return this.#items.length;
  }

  at(i: number): M | undefined {
    return this.#items.at(i);
  }

  push(...items: M[]): this {
    this.#items.push(...items);
    return this;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }

  override namedChildren(): [string, AnyModule][] {
    return this.#items.map((m, i) => [String(i), m]);
  }

  forward(): never {
    throw new ValueError('ModuleList has no forward: iterate over it and call its modules');
  }
}
