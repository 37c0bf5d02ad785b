import { type Backend, type DType, type Tensor, tensor } from '@isotropic/tensor';

/**
 * The quadrature of the Epps–Pulley integral, on the host in float64.
 *
 * EP = N * integral over t in R of |ecf(t) - phi(t)|^2 w(t) dt with the window
 * w(t) = phi(t) = exp(-t^2 / 2). The integrand is even in t (|ecf(-t) - phi(-t)| =
 * |ecf(t) - phi(t)|), so the integral over R is twice the one over [0, inf), truncated
 * at tMax and done by the trapezoid rule: weights dt/2, dt, ..., dt, dt/2, doubled.
 */
export interface QuadratureGrid {
  readonly knots: number;
  readonly tMax: number;
  /** t_k = k * tMax / (knots - 1), k = 0..knots-1 (the last one exactly tMax, as numpy's linspace). */
  readonly t: Float64Array;
  /** phi_k = exp(-t_k^2 / 2): the standard normal's characteristic function, also the window. */
  readonly phi: Float64Array;
  /** w_k = [dt, 2dt, ..., 2dt, dt]_k * phi_k: doubled trapezoid weights times the window. */
  readonly weights: Float64Array;
}

export function quadratureGrid(knots: number, tMax: number): QuadratureGrid {
  const dt = tMax / (knots - 1);
  const t = new Float64Array(knots);
  const phi = new Float64Array(knots);
  const weights = new Float64Array(knots);
  for (let k = 0; k < knots; k++) {
    t[k] = k === knots - 1 ? tMax : k * dt;
    phi[k] = Math.exp(-(t[k]! * t[k]!) / 2);
    const trapezoid = k === 0 || k === knots - 1 ? dt : 2 * dt;
    weights[k] = trapezoid * phi[k]!;
  }
  return { knots, tMax, t, phi, weights };
}

/**
 * The grid as tensors for one call: t [knots]; the Gaussian's characteristic
 * function laid out like ecf's output, target [2, knots, 1] (phi, then the
 * imaginary part, 0); and N * weights as a column [knots, 1].
 */
export interface GridTensors {
  readonly t: Tensor;
  readonly target: Tensor;
  readonly scaledWeightsColumn: Tensor;
}

/**
 * Uploads the grid in the projections' dtype and backend. The sample count N is folded
 * into the weights on the host, which saves one kernel per call. A few dozen floats:
 * made per call rather than cached, so that they follow the caller's scope like every
 * other intermediate (and live as long as the gradient graph that needs them).
 */
export function gridTensors(grid: QuadratureGrid, n: number, dtype: DType, backend: Backend): GridTensors {
  const scaled = grid.weights.map((w) => n * w);
  const target = new Float64Array(2 * grid.knots);
  target.set(grid.phi);
  return {
    t: tensor(grid.t, [grid.knots], { dtype, backend }),
    target: tensor(target, [2, grid.knots, 1], { dtype, backend }),
    scaledWeightsColumn: tensor(scaled, [grid.knots, 1], { dtype, backend }),
  };
}
