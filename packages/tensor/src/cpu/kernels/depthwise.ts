import type { Code, FuncRef, Local } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { DEPTHWISE_MODE, DEPTHWISE_PARAM, readParams, scratchOf } from './params.js';

/**
 * Depthwise convolution (one input and one output channel per group), direct:
 * each input plane is copied into a zero-padded plane in thread scratch, so the
 * inner loops need no bounds checks. With unit horizontal stride, outputs are
 * computed 16 at a time (four f32x4 accumulators sharing each broadcast weight);
 * other strides take a scalar loop. Sums run over (kh, kw) in order.
 *
 * Modes (chunk meaning): forward (one (n, c) plane); weightGradient (one
 * channel, summing over images in order, so each weight has one owner thread).
 * The input gradient is the forward mode on dy with flipped kernels (host side).
 *
 * Signature: (chunk, tid).
 */
export function emitDepthwiseChunk(mod: ModuleBuilder): FuncRef<undefined> {
  const pad = emitPadPlane(mod);
  const forward = emitForwardPlane(mod);
  const weightGrad = emitWeightGradPlane(mod);
  return mod.func('depthwise_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const tid = c.param(1, 'i32');
    const q = readParams(c, DEPTHWISE_PARAM);
    const scratch = c.local('i32');
    const n = c.local('i32');
    const taps = c.local('i32');
    const planeBytes = c.local('i32');
    const outBytes = c.local('i32');
    const kernel = c.local('i32');
    scratchOf(c, tid, scratch);
    c.set(taps, c.i32.mul(c.get(q.KH), c.get(q.KW)));
    c.set(planeBytes, c.i32.shl(c.i32.mul(c.get(q.H), c.get(q.W)), c.i32c(2)));
    c.set(outBytes, c.i32.shl(c.i32.mul(c.get(q.OH), c.get(q.OW)), c.i32c(2)));
    c.if(
      c.i32.eq(c.get(q.mode), c.i32c(DEPTHWISE_MODE.forward)),
      () => {
        // chunk = n * C + c; the kernel of channel c
        c.set(
          kernel,
          c.i32.add(
            c.get(q.w),
            c.i32.shl(c.i32.mul(c.i32.rem_u(c.get(chunk), c.get(q.C)), c.get(taps)), c.i32c(2)),
          ),
        );
        c.call(pad, c.get(scratch), c.i32.add(c.get(q.x), c.i32.mul(c.get(chunk), c.get(planeBytes))));
        c.call(
          forward,
          c.get(scratch),
          c.get(kernel),
          c.i32.add(c.get(q.out), c.i32.mul(c.get(chunk), c.get(outBytes))),
        );
      },
      () => {
        // chunk = channel; w holds dy, out holds dW
        c.set(kernel, c.i32.add(c.get(q.out), c.i32.shl(c.i32.mul(c.get(chunk), c.get(taps)), c.i32c(2))));
        c.memory.fill(c.get(kernel), c.i32c(0), c.i32.shl(c.get(taps), c.i32c(2)));
        c.for(n, 0, q.N, 1, () => {
          c.set(outBytes, c.i32.add(c.i32.mul(c.get(n), c.get(q.C)), c.get(chunk)));
          c.call(pad, c.get(scratch), c.i32.add(c.get(q.x), c.i32.mul(c.get(outBytes), c.get(planeBytes))));
          c.call(
            weightGrad,
            c.get(scratch),
            c.i32.add(
              c.get(q.w),
              c.i32.mul(c.get(outBytes), c.i32.shl(c.i32.mul(c.get(q.OH), c.get(q.OW)), c.i32c(2))),
            ),
            c.get(kernel),
          );
        });
      },
    );
  });
}

/** pad(dst, plane): the plane, shifted by (ph, pw) into a zeroed Hp x Wp plane (cropped to it). */
function emitPadPlane(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('depthwise_pad', ['i32', 'i32'], undefined, (c) => {
    const dst = c.param(0, 'i32');
    const src = c.param(1, 'i32');
    const q = readParams(c, DEPTHWISE_PARAM);
    const ih = c.local('i32');
    const rows = c.local('i32');
    const cols = c.local('i32');
    c.memory.fill(c.get(dst), c.i32c(0), c.i32.shl(c.i32.mul(c.get(q.Hp), c.get(q.Wp)), c.i32c(2)));
    // rows ih with ih + ph < Hp, columns iw with iw + pw < Wp
    c.set(rows, c.i32.sub(c.get(q.Hp), c.get(q.ph)));
    c.set(rows, c.select(c.get(rows), c.get(q.H), c.i32.lt_s(c.get(rows), c.get(q.H))));
    c.set(cols, c.i32.sub(c.get(q.Wp), c.get(q.pw)));
    c.set(cols, c.select(c.get(cols), c.get(q.W), c.i32.lt_s(c.get(cols), c.get(q.W))));
    c.if(c.i32.gt_s(c.get(cols), c.i32c(0)), () => {
      c.for(ih, 0, rows, 1, () => {
        c.memory.copy(
          c.i32.add(
            c.get(dst),
            c.i32.shl(
              c.i32.add(c.i32.mul(c.i32.add(c.get(ih), c.get(q.ph)), c.get(q.Wp)), c.get(q.pw)),
              c.i32c(2),
            ),
          ),
          c.i32.add(c.get(src), c.i32.shl(c.i32.mul(c.get(ih), c.get(q.W)), c.i32c(2))),
          c.i32.shl(c.get(cols), c.i32c(2)),
        );
      });
    });
  });
}

/** Sum over (kh, kw) of weight * padded input, for `count` f32x4 accumulators starting at `rowIn`. */
function windowSum(
  c: Code,
  q: Record<keyof typeof DEPTHWISE_PARAM, Local<'i32'>>,
  acc: readonly Local<'v128'>[],
  rowIn: Local<'i32'>,
  kernel: Local<'i32'>,
): void {
  const kh = c.local('i32');
  const kw = c.local('i32');
  const src = c.local('i32');
  const wp = c.local('i32');
  const wv = c.local('v128');
  const rowStep = c.local('i32');
  const colStep = c.local('i32');
  c.set(rowStep, c.i32.shl(c.i32.mul(c.get(q.dh), c.get(q.Wp)), c.i32c(2)));
  c.set(colStep, c.i32.shl(c.get(q.dw), c.i32c(2)));
  for (const a of acc) c.set(a, c.f32x4c(0));
  c.set(wp, c.get(kernel));
  c.for(kh, 0, q.KH, 1, () => {
    c.set(src, c.i32.add(c.get(rowIn), c.i32.mul(c.get(kh), c.get(rowStep))));
    c.for(kw, 0, q.KW, 1, () => {
      c.set(wv, c.v128.load32Splat(c.get(wp)));
      acc.forEach((a, v) => {
        c.set(a, c.f32x4.add(c.get(a), c.f32x4.mul(c.v128.load(c.get(src), 16 * v), c.get(wv))));
      });
      c.set(src, c.i32.add(c.get(src), c.get(colStep)));
      c.set(wp, c.i32.add(c.get(wp), c.i32c(4)));
    });
  });
}

/** forward(padded, kernel, out): one output plane. */
function emitForwardPlane(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('depthwise_forward', ['i32', 'i32', 'i32'], undefined, (c) => {
    const padded = c.param(0, 'i32');
    const kernel = c.param(1, 'i32');
    const out = c.param(2, 'i32');
    const q = readParams(c, DEPTHWISE_PARAM);
    const acc = Array.from({ length: 4 }, () => c.local('v128'));
    const oh = c.local('i32');
    const ow = c.local('i32');
    const rowIn = c.local('i32');
    const rowOut = c.local('i32');
    const end = c.local('i32');
    const kh = c.local('i32');
    const kw = c.local('i32');
    const s = c.local('f32');
    const left = c.local('i32');

    c.for(oh, 0, q.OH, 1, () => {
      c.set(rowOut, c.i32.add(c.get(out), c.i32.shl(c.i32.mul(c.get(oh), c.get(q.OW)), c.i32c(2))));
      c.set(
        rowIn,
        c.i32.add(
          c.get(padded),
          c.i32.shl(c.i32.mul(c.i32.mul(c.get(oh), c.get(q.sh)), c.get(q.Wp)), c.i32c(2)),
        ),
      );
      c.if(
        c.i32.eq(c.get(q.sw), c.i32c(1)),
        () => {
          const at = (base: Local<'i32'>) => c.i32.add(c.get(base), c.i32.shl(c.get(ow), c.i32c(2)));
          const inputAt = c.local('i32');
          c.set(ow, c.i32c(0));
          c.set(end, c.i32.sub(c.get(q.OW), c.i32c(15)));
          c.for(ow, 0, end, 16, () => {
            c.set(inputAt, at(rowIn));
            windowSum(c, q, acc, inputAt, kernel);
            acc.forEach((a, v) => {
              c.v128.store(at(rowOut), c.get(a), 16 * v);
            });
          });
          c.set(end, c.i32.sub(c.get(q.OW), c.i32c(3)));
          c.for(ow, c.get(ow), end, 4, () => {
            c.set(inputAt, at(rowIn));
            windowSum(c, q, acc.slice(0, 1), inputAt, kernel);
            c.v128.store(at(rowOut), c.get(acc[0]!));
          });
          // 1-3 outputs left: compute a whole vector (the padded plane is wide enough), store lanes
          c.set(left, c.i32.sub(c.get(q.OW), c.get(ow)));
          c.if(c.i32.gt_s(c.get(left), c.i32c(0)), () => {
            c.set(inputAt, at(rowIn));
            windowSum(c, q, acc.slice(0, 1), inputAt, kernel);
            for (let lane = 0; lane < 3; lane++) {
              c.if(c.i32.gt_s(c.get(left), c.i32c(lane)), () => {
                c.v128.store32Lane(at(rowOut), c.get(acc[0]!), lane, 4 * lane);
              });
            }
          });
        },
        () => {
          c.for(ow, 0, q.OW, 1, () => {
            c.set(s, c.f32c(0));
            c.for(kh, 0, q.KH, 1, () => {
              c.for(kw, 0, q.KW, 1, () => {
                const tapIn = () =>
                  c.i32.add(
                    c.get(rowIn),
                    c.i32.shl(
                      c.i32.add(
                        c.i32.mul(c.i32.mul(c.get(kh), c.get(q.dh)), c.get(q.Wp)),
                        c.i32.add(c.i32.mul(c.get(ow), c.get(q.sw)), c.i32.mul(c.get(kw), c.get(q.dw))),
                      ),
                      c.i32c(2),
                    ),
                  );
                c.set(
                  s,
                  c.f32.add(
                    c.get(s),
                    c.f32.mul(
                      c.f32.load(tapIn()),
                      c.f32.load(
                        c.i32.add(
                          c.get(kernel),
                          c.i32.shl(c.i32.add(c.i32.mul(c.get(kh), c.get(q.KW)), c.get(kw)), c.i32c(2)),
                        ),
                      ),
                    ),
                  ),
                );
              });
            });
            c.f32.store(c.i32.add(c.get(rowOut), c.i32.shl(c.get(ow), c.i32c(2))), c.get(s));
          });
        },
      );
    });
  });
}

/** weightGrad(padded, dy, dw): dw[kh, kw] += sum over the plane of dy * shifted padded input. */
function emitWeightGradPlane(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('depthwise_weight_grad', ['i32', 'i32', 'i32'], undefined, (c) => {
    const padded = c.param(0, 'i32');
    const dy = c.param(1, 'i32');
    const dw = c.param(2, 'i32');
    const q = readParams(c, DEPTHWISE_PARAM);
    const acc = Array.from({ length: 4 }, () => c.local('v128'));
    const kh = c.local('i32');
    const kw = c.local('i32');
    const oh = c.local('i32');
    const ow = c.local('i32');
    const end = c.local('i32');
    const dyRow = c.local('i32');
    const xRow = c.local('i32');
    const tail = c.local('f32');
    const total = c.local('v128');
    const tapAt = c.local('i32');

    c.for(kh, 0, q.KH, 1, () => {
      c.for(kw, 0, q.KW, 1, () => {
        for (const a of acc) c.set(a, c.f32x4c(0));
        c.set(tail, c.f32c(0));
        c.for(oh, 0, q.OH, 1, () => {
          c.set(dyRow, c.i32.add(c.get(dy), c.i32.shl(c.i32.mul(c.get(oh), c.get(q.OW)), c.i32c(2))));
          c.set(
            xRow,
            c.i32.add(
              c.get(padded),
              c.i32.shl(
                c.i32.add(
                  c.i32.mul(
                    c.i32.add(c.i32.mul(c.get(oh), c.get(q.sh)), c.i32.mul(c.get(kh), c.get(q.dh))),
                    c.get(q.Wp),
                  ),
                  c.i32.mul(c.get(kw), c.get(q.dw)),
                ),
                c.i32c(2),
              ),
            ),
          );
          c.set(ow, c.i32c(0));
          c.if(c.i32.eq(c.get(q.sw), c.i32c(1)), () => {
            c.set(end, c.i32.sub(c.get(q.OW), c.i32c(15)));
            c.for(ow, 0, end, 16, () => {
              acc.forEach((a, v) => {
                c.set(
                  a,
                  c.f32x4.add(
                    c.get(a),
                    c.f32x4.mul(
                      c.v128.load(c.i32.add(c.get(dyRow), c.i32.shl(c.get(ow), c.i32c(2))), 16 * v),
                      c.v128.load(c.i32.add(c.get(xRow), c.i32.shl(c.get(ow), c.i32c(2))), 16 * v),
                    ),
                  ),
                );
              });
            });
          });
          // the rest of the row (and every output with a non-unit stride), one at a time
          c.for(ow, c.get(ow), q.OW, 1, () => {
            c.set(
              tail,
              c.f32.add(
                c.get(tail),
                c.f32.mul(
                  c.f32.load(c.i32.add(c.get(dyRow), c.i32.shl(c.get(ow), c.i32c(2)))),
                  c.f32.load(c.i32.add(c.get(xRow), c.i32.shl(c.i32.mul(c.get(ow), c.get(q.sw)), c.i32c(2)))),
                ),
              ),
            );
          });
        });
        c.set(
          total,
          c.f32x4.add(
            c.f32x4.add(c.get(acc[0]!), c.get(acc[1]!)),
            c.f32x4.add(c.get(acc[2]!), c.get(acc[3]!)),
          ),
        );
        c.set(
          tapAt,
          c.i32.add(c.get(dw), c.i32.shl(c.i32.add(c.i32.mul(c.get(kh), c.get(q.KW)), c.get(kw)), c.i32c(2))),
        );
        c.f32.store(
          c.get(tapAt),
          c.f32.add(
            c.f32.load(c.get(tapAt)),
            c.f32.add(
              c.f32.add(
                c.f32.add(c.f32x4.extractLane(c.get(total), 0), c.f32x4.extractLane(c.get(total), 1)),
                c.f32.add(c.f32x4.extractLane(c.get(total), 2), c.f32x4.extractLane(c.get(total), 3)),
              ),
              c.get(tail),
            ),
          ),
        );
      });
    });
  });
}
