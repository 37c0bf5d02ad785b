import { CTRL } from '../kernels/layout.js';

/**
 * How long an idle worker polls for the next job before it sleeps: long enough to
 * bridge the JavaScript between two kernels of a training step (a futex wake-up
 * costs 10-50 µs), short enough not to steal much from a busy machine.
 */
export const SPIN_MS = 0.05;

/**
 * The worker's whole program, as source text: it instantiates the kernel module
 * on the shared memory, then loops: wait for the wake counter to change, run
 * `worker_run(tid)`. It is a string (run with `eval` in Node, from a Blob URL in
 * browsers) so that it needs no separate file next to the bundle, and it is the
 * same under vitest (TypeScript sources) and from dist.
 */
export function workerSource(): string {
  return `
const WAKE = ${CTRL.wake / 4}, STOP = ${CTRL.stop / 4}, DONE = ${CTRL.done / 4}, ERROR = ${CTRL.error / 4};
function start({ module, memory, tid }) {
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports.worker_run;
  const ctl = new Int32Array(memory.buffer, 0, ${CTRL.params / 4});
  let seen = Atomics.load(ctl, WAKE);
  for (;;) {
    let spins = 0;
    let deadline = 0;
    while (Atomics.load(ctl, WAKE) === seen) {
      if ((++spins & 255) !== 0) continue;
      const now = performance.now();
      if (deadline === 0) deadline = now + ${SPIN_MS};
      else if (now > deadline) Atomics.wait(ctl, WAKE, seen);
    }
    seen = Atomics.load(ctl, WAKE);
    if (Atomics.load(ctl, STOP) !== 0) return;
    try {
      run(tid);
    } catch (e) {
      Atomics.store(ctl, ERROR, 1);
      Atomics.notify(ctl, DONE);
      throw e;
    }
  }
}
if (typeof process === 'object' && typeof process.getBuiltinModule === 'function') {
  start(process.getBuiltinModule('node:worker_threads').workerData);
} else {
  self.onmessage = (event) => start(event.data);
}
`;
}
