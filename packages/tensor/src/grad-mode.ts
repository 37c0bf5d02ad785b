/**
 * Whether ops record the graph autograd needs. The tensor package only records;
 * @isotropic/autograd reads the records and owns the gradient rules.
 */
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` without recording gradients (like torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    const r = fn();
    if (r instanceof Promise) {
      return r.finally(() => {
        enabled = prev;
      }) as T;
    }
    enabled = prev;
    return r;
  } catch (e) {
    enabled = prev;
    throw e;
  }
}
