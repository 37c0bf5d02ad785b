import { setBackwardImpl } from '@isotropic/tensor';
import { backward } from './backward.js';

let installed = false;

/**
 * Gives `Tensor.prototype.backward` its implementation. Runs when the package
 * is imported, and again (idempotently) from the functions users call, so that
 * a bundler dropping an "unused" import cannot leave backward() uninstalled.
 */
export function installBackward(): void {
  if (installed) return;
  installed = true;
  setBackwardImpl((t, grad) => backward(t, grad ? { grad } : {}));
}
