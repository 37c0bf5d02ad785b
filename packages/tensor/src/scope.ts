/**
 * Ownership of intermediates, so that a training loop needs no manual dispose.
 *
 * The rule: a tensor created while a scope is open belongs to the innermost
 * scope and is released when that scope ends, unless the scope's function
 * returns it (it then moves to the enclosing scope) or it was `keep()`-ed.
 * A tensor created outside every scope belongs to its creator: `dispose()`,
 * `using`, or, as a safety net, the garbage collector through a
 * FinalizationRegistry. Parameters (Variables) are never owned by scopes.
 */
export interface Disposable {
  dispose(): void;
  /** @internal */
  _ownerScope: Scope | undefined;
}

export class Scope {
  readonly owned = new Set<Disposable>();
  constructor(readonly name: string) {}
}

const stack: Scope[] = [];

export function currentScope(): Scope | undefined {
  return stack[stack.length - 1];
}

export function adopt(t: Disposable): void {
  const s = currentScope();
  if (s) {
    s.owned.add(t);
    t._ownerScope = s;
  }
}

/** Removes `t` from the scope that owns it: it then survives that scope. */
export function release(t: Disposable): void {
  t._ownerScope?.owned.delete(t);
  t._ownerScope = undefined;
}

function collectDisposables(value: unknown, out: Set<Disposable>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if ('_ownerScope' in value && typeof (value as Disposable).dispose === 'function') {
    out.add(value as Disposable);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectDisposables(v, out, seen);
  else if (value instanceof Map) for (const v of value.values()) collectDisposables(v, out, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectDisposables(v, out, seen);
  }
}

function endScope(s: Scope, result: unknown): void {
  const popped = stack.pop();
  if (popped !== s)
    throw new Error('scope: scopes ended out of order (an async scope interleaved with another)');
  const survivors = new Set<Disposable>();
  collectDisposables(result, survivors, new Set());
  const parent = currentScope();
  for (const t of survivors) {
    if (t._ownerScope === s) {
      s.owned.delete(t);
      t._ownerScope = parent;
      parent?.owned.add(t);
    }
  }
  for (const t of s.owned) {
    t._ownerScope = undefined;
    t.dispose();
  }
  s.owned.clear();
}

/**
 * Runs `fn` in a new scope: every tensor it creates is released when it returns,
 * except those it returns (in arrays, plain objects or Maps) and those kept.
 * Accepts async functions; do not interleave two async scopes concurrently.
 */
export function scope<T>(fn: () => T, name = 'scope'): T {
  const s = new Scope(name);
  stack.push(s);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    endScope(s, undefined);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => {
        endScope(s, v);
        return v;
      },
      (e) => {
        endScope(s, undefined);
        throw e;
      },
    ) as T;
  }
  endScope(s, result);
  return result;
}
