/**
 * Typed errors. Every message starts with the op's name, then what it got and
 * what it expected, e.g. `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 */
export class IsotropicError extends Error {
  override name = 'IsotropicError';
}

/** Shapes that do not fit the op (broadcasting, inner dims, ranks, axes). */
export class ShapeError extends IsotropicError {
  override name = 'ShapeError';
}

/** A dtype the op does not accept. */
export class DTypeError extends IsotropicError {
  override name = 'DTypeError';
}

/** A bad argument value (negative size, even knots, unknown option, ...). */
export class ValueError extends IsotropicError {
  override name = 'ValueError';
}

/** Use of a tensor after its storage was released. */
export class DisposedError extends IsotropicError {
  override name = 'DisposedError';
}

/** Operands that live on different backends, or a backend that lacks a feature. */
export class BackendError extends IsotropicError {
  override name = 'BackendError';
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
