import type { FuncRef } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { CTRL, JOB_WORD, type JobKind } from './layout.js';

/**
 * `worker_run(tid)`: claim chunks of the current job until none are left, run
 * each with the kernel its kind names, then add the count to `done` and wake the
 * host if this finished the job. The host and every worker thread call it.
 *
 * Claiming is a compare-and-swap of the whole job word, so the claim fails if
 * the generation changed since this thread read it: a late thread never touches
 * a newer job's chunks, and a job's parameters stay untouched until all of its
 * chunks are counted in `done`.
 */
export function emitScheduler(
  mod: ModuleBuilder,
  kernels: ReadonlyMap<JobKind, FuncRef<undefined>>,
): FuncRef<undefined> {
  return mod.func(
    'worker_run',
    ['i32'],
    undefined,
    (c) => {
      const tid = c.param(0, 'i32');
      const word = c.local('i64');
      const gen = c.local('i32');
      const myGen = c.local('i32');
      const count = c.local('i32');
      const next = c.local('i32');
      const chunks = c.local('i32');
      const claimed = c.local('i32');
      const kind = c.local('i32');
      const mask = BigInt(JOB_WORD.fieldMask);

      c.set(word, c.i64.atomicLoad(c.i32c(CTRL.jobWord)));
      c.set(myGen, c.i32.wrapI64(c.i64.shr_u(c.get(word), c.i64c(BigInt(JOB_WORD.genShift)))));
      c.set(
        chunks,
        c.i32.wrapI64(c.i64.and(c.i64.shr_u(c.get(word), c.i64c(BigInt(JOB_WORD.countShift))), c.i64c(mask))),
      );
      c.set(kind, c.i32.load(c.i32c(CTRL.kind)));
      c.set(count, c.i32c(0));
      c.block((exit) => {
        c.loop((top) => {
          c.set(word, c.i64.atomicLoad(c.i32c(CTRL.jobWord)));
          c.set(gen, c.i32.wrapI64(c.i64.shr_u(c.get(word), c.i64c(BigInt(JOB_WORD.genShift)))));
          c.set(next, c.i32.wrapI64(c.i64.and(c.get(word), c.i64c(mask))));
          c.brIf(exit, c.i32.ne(c.get(gen), c.get(myGen)));
          c.brIf(exit, c.i32.ge_u(c.get(next), c.get(chunks)));
          c.set(
            claimed,
            c.i64.eq(
              c.i64.atomicCmpxchg(c.i32c(CTRL.jobWord), c.get(word), c.i64.add(c.get(word), c.i64c(1n))),
              c.get(word),
            ),
          );
          c.brIf(top, c.i32.eqz(c.get(claimed)));
          // the claim succeeded, so this generation's kind and parameters are stable
          c.set(kind, c.i32.load(c.i32c(CTRL.kind)));
          for (const [k, fn] of kernels) {
            c.if(c.i32.eq(c.get(kind), c.i32c(k)), () => {
              c.call(fn, c.get(next), c.get(tid));
            });
          }
          c.set(count, c.i32.add(c.get(count), c.i32c(1)));
          c.br(top);
        });
      });
      c.if(c.get(count), () => {
        c.if(c.get(tid), () => c.drop(c.i32.atomicAdd(c.i32c(CTRL.workerChunks), c.get(count))));
        c.if(
          c.i32.ge_u(
            c.i32.add(c.i32.atomicAdd(c.i32c(CTRL.done), c.get(count)), c.get(count)),
            c.get(chunks),
          ),
          () => c.drop(c.memory.notify(c.i32c(CTRL.done), c.i32c(1))),
        );
      });
    },
    true,
  );
}
