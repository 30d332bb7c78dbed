// What every recurrent loop of recurrent.as, lstm.as and gru.as shares
// (AssemblyScript; a library, imported by those files, nothing exported from
// the module): the words of a job, the scheduler that shares each step's
// units between the threads, the product with a weight packed once per
// sequence, and the four-lane / one-lane loads and stores of the fused
// elementwise passes.

import { KC, MC, MR, NR, microKernel } from "./simd";

// Job words.
export const KIND: i32 = 0; // 1 rnn forward, 2 rnn backward, 3 lstm forward, 4 lstm backward, 5 gru forward, 6 gru backward
export const STEPS: i32 = 1;
export const BATCH: i32 = 2;
export const HIDDEN: i32 = 3;
export const THREADS: i32 = 4;
export const FLAGS: i32 = 5; // rnn: activation (0 tanh, 1 sigmoid, 2 relu, 3 identity); lstm: 1 coupled | 2 peephole; gru: 1 cho
export const CHUNK: i32 = 6; // units per chunk (the whole of H with one thread)
export const WORK: i32 = 7; // WORK + thread: scratch of each thread (packed A, edge tile)
export const CLAIMED: i32 = 9; // chunks claimed so far (by either thread)
export const DONE: i32 = 10; // chunks finished so far
export const SLEEP: i32 = 11; // SLEEP + thread: 1 while that thread sleeps waiting for DONE
export const PTR: i32 = 13; // PTR + i: the arrays of the job (see each kind)

// @ts-ignore: decorator
@inline export function word(job: usize, i: i32): i32 {
  return load<i32>(job + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function arg(job: usize, i: i32): usize {
  return <usize>load<u32>(job + (<usize>(PTR + i) << 2));
}

// @ts-ignore: decorator
@inline export function at(base: usize, elements: i32): usize {
  return base + (<usize>elements << 2);
}

// Waits until `target` chunks are done: spins, then sleeps briefly (the other
// thread may have been descheduled in the middle of a chunk).
export function waitDone(job: usize, thread: i32, target: i32): void {
  const done = job + (<usize>DONE << 2), mySleep = job + (<usize>(SLEEP + thread) << 2);
  let spins = 0;
  for (;;) {
    const seen = atomic.load<i32>(done);
    if (seen >= target) return;
    if (++spins > 20000) {
      atomic.store<i32>(mySleep, 1);
      if (atomic.load<i32>(done) < target) atomic.wait<i32>(done, seen, 100000); // ≤ 0.1 ms
      atomic.store<i32>(mySleep, 0);
      spins = 0;
    }
  }
}

// ---------------------------------------------------------------------------
// Products with a weight packed once
// ---------------------------------------------------------------------------

// Packs rows [0, mc) × columns [0, kc) of A (row stride lda) into MR-row panels.
export function packRows(a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const panel = at(dst, ir * kc);
    if (mr == MR) {
      const r0 = at(a, ir * lda), r1 = at(r0, lda), r2 = at(r1, lda);
      const r3 = at(r2, lda), r4 = at(r3, lda), r5 = at(r4, lda);
      for (let p = 0; p < kc; p++) {
        const o = <usize>p << 2;
        const d = at(panel, p * MR);
        store<f32>(d, load<f32>(r0 + o));
        store<f32>(d, load<f32>(r1 + o), 4);
        store<f32>(d, load<f32>(r2 + o), 8);
        store<f32>(d, load<f32>(r3 + o), 12);
        store<f32>(d, load<f32>(r4 + o), 16);
        store<f32>(d, load<f32>(r5 + o), 20);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) {
          const v: f32 = ii < mr ? load<f32>(at(a, (ir + ii) * lda + p)) : 0;
          store<f32>(at(panel, p * MR + ii), v);
        }
      }
    }
  }
}

/**
 * C[i, j − cShift] += (A·op(B))[i, j] for rows i < m and the columns
 * j = (g0 + g)·H + u, u in [u0, u1), g < gates: the columns of some units in
 * some gate blocks. A is m×k with row stride lda; bp is op(B) packed whole
 * (npad columns); C has row stride ldc. `work` holds packed A and a tile.
 */
export function productPacked(
  a: usize, lda: i32, m: i32, k: i32, bp: usize, npad: i32,
  c: usize, ldc: i32, cShift: i32, u0: i32, u1: i32, H: i32, g0: i32, gates: i32, work: usize,
): void {
  if (u1 <= u0) return;
  const aPack = work;
  const tile = at(work, MC * KC);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = min(MC, m - ic);
      packRows(at(a, ic * lda + pc), lda, mc, kc, aPack);
      for (let g = g0; g < g0 + gates; g++) {
        const j0 = g * H + u0, j1 = g * H + u1;
        for (let jr = j0 - j0 % NR; jr < j1; jr += NR) {
          const lo = max(j0, jr), hi = min(j1, jr + NR);
          const bpanel = at(bp, pc * npad + jr * kc);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = at(aPack, ir * kc);
            const cp = at(c, (ic + ir) * ldc + jr - cShift);
            if (mr == MR && lo == jr && hi == jr + NR) {
              microKernel(kc, ap, bpanel, cp, ldc);
            } else {
              memory.fill(tile, 0, <usize>(MR * NR) << 2);
              microKernel(kc, ap, bpanel, tile, NR);
              for (let ii = 0; ii < mr; ii++) {
                for (let j = lo; j < hi; j++) {
                  const cij = at(cp, ii * ldc + j - jr);
                  store<f32>(cij, load<f32>(cij) + load<f32>(at(tile, ii * NR + j - jr)));
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Zeros units [u0, u1) of B rows of width `width`. */
export function zeroUnits(x: usize, B: i32, width: i32, u0: i32, u1: i32): void {
  for (let b = 0; b < B; b++) memory.fill(at(x, b * width + u0), 0, <usize>(u1 - u0) << 2);
}

// Loads/stores four lanes, or one (lane 0) at the tail of a row.
// @ts-ignore: decorator
@inline export function ld(p: usize, w: i32): v128 {
  return w == 4 ? v128.load(p) : f32x4.splat(load<f32>(p));
}

// @ts-ignore: decorator
@inline export function st(p: usize, v: v128, w: i32): void {
  if (w == 4) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

// @ts-ignore: decorator
@inline export function one(): v128 {
  return f32x4.splat(1);
}

