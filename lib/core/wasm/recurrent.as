// The recurrent loops over whole sequences (AssemblyScript, float32): the
// Elman RNN, the LSTM and the GRU, forward and backward. What each step
// computes is lib/core/kernels_cells.ts and kernels_recurrent.ts (the readable
// reference); here the time loop runs inside WebAssembly:
//
// - the recurrent weight is packed once for the whole sequence (packWhole),
//   and every step's product h_{t−1}·Wh reads it packed (productPacked);
// - after each step's product, one fused pass over the units computes every
//   gate and the state update (forward), or every gate gradient and the
//   carried cell-state gradient (backward);
// - one or two threads run the same loop at once, each over its own units
//   [u0, u1) (whole gate columns of those units, so the fused pass needs no
//   other thread's values), and meet at a barrier once per step (twice in
//   Cho's GRU), where the next step needs every unit of h.
//
// A job is a block of i32 words in memory written by lib/core/wasm/sequence.ts
// (the layout in loop.as must match JOB there); runSequence(job, thread) runs
// one thread's share. This file holds the module's exports and the Elman
// loops; lstm.as and gru.as the gated ones; loop.as what they share.

import { KC, NR, vsigmoid, vtanh } from "./simd";
import { arg, at, barrier, BATCH, FLAGS, HIDDEN, KIND, ld, one, productPacked, SPLIT, st, STEPS, THREADS, WORK, word, zeroUnits } from "./loop";
import { lstmBackward, lstmForward } from "./lstm";
import { gruBackward, gruForward } from "./gru";

/** Bytes of op(B) (k×n) packed by packWhole. */
export function packedBytes(k: i32, n: i32): i32 {
  return k * ((n + NR - 1) / NR * NR) * 4;
}

/**
 * Packs op(B) (k×n) whole into dst: KC-row blocks of NR-column panels, as the
 * micro-kernel reads them, columns zero-padded to a multiple of NR. op(B)[p, j]
 * is b[j·ldb + p] when transB, else b[p·ldb + j].
 */
export function packWhole(transB: i32, b: usize, ldb: i32, k: i32, n: i32, dst: usize): void {
  const npad = (n + NR - 1) / NR * NR;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    for (let jr = 0; jr < npad; jr += NR) {
      const panel = at(dst, pc * npad + jr * kc);
      for (let p = 0; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) {
          const j = jr + jj;
          let v: f32 = 0;
          if (j < n) v = load<f32>(transB ? at(b, j * ldb + pc + p) : at(b, (pc + p) * ldb + j));
          store<f32>(at(panel, p * NR + jj), v);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The Elman RNN
// ---------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function act(kind: i32, x: v128): v128 {
  if (kind == 0) return vtanh(x);
  if (kind == 1) return vsigmoid(x);
  if (kind == 2) return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
  return x;
}

// act' written with the output y.
// @ts-ignore: decorator
@inline function slope(kind: i32, y: v128): v128 {
  if (kind == 0) return f32x4.sub(one(), f32x4.mul(y, y));
  if (kind == 1) return f32x4.mul(y, f32x4.sub(one(), y));
  if (kind == 2) return v128.and(one(), f32x4.gt(y, f32x4.splat(0)));
  return one();
}

// hs (T·B × H): a_t in, h_t out; h0; Whh packed (0: not recurrent).
function rnnForward(job: usize, thread: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), kind = word(job, FLAGS);
  const hs = arg(job, 0), h0 = arg(job, 1), Whh = arg(job, 2);
  const npad = (H + NR - 1) / NR * NR;
  for (let t = 0; t < T; t++) {
    const a = at(hs, t * B * H);
    const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
    if (Whh) productPacked(hPrev, H, B, H, Whh, npad, a, H, 0, u0, u1, H, 0, 1, work);
    for (let b = 0; b < B; b++) {
      const row = at(a, b * H);
      let j = u0;
      for (; j + 4 <= u1; j += 4) st(at(row, j), act(kind, ld(at(row, j), 4)), 4);
      for (; j < u1; j++) st(at(row, j), act(kind, ld(at(row, j), 1)), 1);
    }
    barrier(job, thread, t + 1);
  }
}

// hs: h_t; WhhT: Whhᵀ packed (0: not recurrent); da: dh in, da out; dh0 out.
function rnnBackward(job: usize, thread: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), kind = word(job, FLAGS);
  const hs = arg(job, 0), WhhT = arg(job, 2), da = arg(job, 3), dh0 = arg(job, 4);
  const npad = (H + NR - 1) / NR * NR;
  for (let t = T - 1; t >= 0; t--) {
    const d = at(da, t * B * H), h = at(hs, t * B * H);
    if (WhhT && t < T - 1) productPacked(at(d, B * H), H, B, H, WhhT, npad, d, H, 0, u0, u1, H, 0, 1, work);
    for (let b = 0; b < B; b++) {
      const dr = at(d, b * H), hr = at(h, b * H);
      let j = u0;
      for (; j + 4 <= u1; j += 4) st(at(dr, j), f32x4.mul(ld(at(dr, j), 4), slope(kind, ld(at(hr, j), 4))), 4);
      for (; j < u1; j++) st(at(dr, j), f32x4.mul(ld(at(dr, j), 1), slope(kind, ld(at(hr, j), 1))), 1);
    }
    barrier(job, thread, T - t);
  }
  zeroUnits(dh0, B, H, u0, u1);
  if (WhhT) productPacked(da, H, B, H, WhhT, npad, dh0, H, 0, u0, u1, H, 0, 1, work);
}

/** Runs thread `thread`'s share of the job at `job` (its units; barriers with the other thread). */
export function runSequence(job: usize, thread: i32): void {
  const H = word(job, HIDDEN);
  const split = word(job, THREADS) > 1 ? word(job, SPLIT) : H;
  const u0 = thread == 0 ? 0 : split, u1 = thread == 0 ? split : H;
  const work = <usize>load<u32>(job + (<usize>(WORK + thread) << 2));
  const kind = word(job, KIND);
  if (kind == 1) rnnForward(job, thread, u0, u1, work);
  else if (kind == 2) rnnBackward(job, thread, u0, u1, work);
  else if (kind == 3) lstmForward(job, thread, u0, u1, work);
  else if (kind == 4) lstmBackward(job, thread, u0, u1, work);
  else if (kind == 5) gruForward(job, thread, u0, u1, work);
  else if (kind == 6) gruBackward(job, thread, u0, u1, work);
}
