/**
 * The tolerance floor of WebGPU float results against the CPU backend (which
 * accumulates in float64): f32 arithmetic, different summation orders, and
 * the driver's exp/log/sin/cos/tanh (a few ulp). Documented in the README.
 */
export const GPU_TOLERANCE = { rtol: 1e-5, atol: 1e-6 } as const;
