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
// - one or two threads run the same loop at once: each step's units are cut
//   into chunks (whole gate columns of those units, so the fused pass needs
//   no other chunk's values), which the threads claim in turn; a chunk of the
//   next step starts only when every chunk of this one is done (the next
//   product reads every unit of h). See `schedule` in loop.as.
//
// A job is a block of i32 words in memory written by lib/core/wasm/sequence.ts
// (the layout in loop.as must match JOB there); runSequence(job, thread) runs
// one thread's share. This file holds the module's exports and the Elman
// loops; lstm.as and gru.as the gated ones; loop.as what they share.

import { KC, NR, vsigmoid, vtanh } from "./simd";
import { arg, at, BATCH, CHUNK, CLAIMED, DONE, FLAGS, HIDDEN, KIND, ld, one, productPacked, SLEEP, st, STEPS, waitDone, WORK, word, zeroUnits } from "./loop";
import { lstmBackwardRound, lstmForwardRound } from "./lstm";
import { gruBackwardRound, gruForwardRound } from "./gru";

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

// Step t for units [u0, u1) (rounds: T). hs (T·B × H): a_t in, h_t out; h0; Whh packed
// (0: not recurrent).
function rnnForwardRound(job: usize, t: i32, u0: i32, u1: i32, work: usize): void {
  const B = word(job, BATCH), H = word(job, HIDDEN), kind = word(job, FLAGS);
  const hs = arg(job, 0), h0 = arg(job, 1), Whh = arg(job, 2);
  const npad = (H + NR - 1) / NR * NR;
  const a = at(hs, t * B * H);
  const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
  if (Whh) productPacked(hPrev, H, B, H, Whh, npad, a, H, 0, u0, u1, H, 0, 1, work);
  for (let b = 0; b < B; b++) {
    const row = at(a, b * H);
    let j = u0;
    for (; j + 4 <= u1; j += 4) st(at(row, j), act(kind, ld(at(row, j), 4)), 4);
    for (; j < u1; j++) st(at(row, j), act(kind, ld(at(row, j), 1)), 1);
  }
}

// Round r for units [u0, u1) (rounds: T + 1): step t = T − 1 − r back, then ∂L/∂h_0.
// hs: h_t; WhhT: Whhᵀ packed (0: not recurrent); da: dh in, da out; dh0 out.
function rnnBackwardRound(job: usize, r: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), kind = word(job, FLAGS);
  const hs = arg(job, 0), WhhT = arg(job, 2), da = arg(job, 3), dh0 = arg(job, 4);
  const npad = (H + NR - 1) / NR * NR;
  if (r == T) {
    zeroUnits(dh0, B, H, u0, u1);
    if (WhhT) productPacked(da, H, B, H, WhhT, npad, dh0, H, 0, u0, u1, H, 0, 1, work);
    return;
  }
  const t = T - 1 - r, d = at(da, t * B * H), h = at(hs, t * B * H);
  if (WhhT && t < T - 1) productPacked(at(d, B * H), H, B, H, WhhT, npad, d, H, 0, u0, u1, H, 0, 1, work);
  for (let b = 0; b < B; b++) {
    const dr = at(d, b * H), hr = at(h, b * H);
    let j = u0;
    for (; j + 4 <= u1; j += 4) st(at(dr, j), f32x4.mul(ld(at(dr, j), 4), slope(kind, ld(at(hr, j), 4))), 4);
    for (; j < u1; j++) st(at(dr, j), f32x4.mul(ld(at(dr, j), 1), slope(kind, ld(at(hr, j), 1))), 1);
  }
}

// One round of the loop `kind` for units [u0, u1) (direct calls: a function table would need
// static data, and the memory belongs to JavaScript).
function runRound(kind: i32, job: usize, r: i32, u0: i32, u1: i32, work: usize): void {
  if (kind == 1) rnnForwardRound(job, r, u0, u1, work);
  else if (kind == 2) rnnBackwardRound(job, r, u0, u1, work);
  else if (kind == 3) lstmForwardRound(job, r, u0, u1, work);
  else if (kind == 4) lstmBackwardRound(job, r, u0, u1, work);
  else if (kind == 5) gruForwardRound(job, r, u0, u1, work);
  else if (kind == 6) gruBackwardRound(job, r, u0, u1, work);
}

/**
 * Runs `rounds` rounds of the loop `kind`, each over H units cut into chunks, with
 * however many threads run this job: each thread claims the next chunk in
 * order, waits until every chunk of the previous round is done (a round reads
 * the whole state the previous one wrote), runs it and counts it done. A
 * thread that is descheduled just claims fewer chunks, so nobody waits for it
 * unless it holds a chunk. Every unit of a round is computed by one thread
 * with the same sums, whichever it is, so results do not depend on threads.
 * Thread 0 returns only when every chunk is done.
 */
function schedule(job: usize, thread: i32, kind: i32, rounds: i32, work: usize): void {
  const H = word(job, HIDDEN), U = word(job, CHUNK);
  const chunks = (H + U - 1) / U, total = rounds * chunks;
  const claimed = job + (<usize>CLAIMED << 2), done = job + (<usize>DONE << 2);
  const otherSleep = job + (<usize>(SLEEP + 1 - thread) << 2);
  for (;;) {
    const v = atomic.add<i32>(claimed, 1);
    if (v >= total) break;
    const r = v / chunks, u0 = (v - r * chunks) * U;
    waitDone(job, thread, r * chunks);
    runRound(kind, job, r, u0, min(H, u0 + U), work);
    atomic.add<i32>(done, 1);
    if (atomic.load<i32>(otherSleep)) atomic.notify(done, 1);
  }
  if (thread == 0) waitDone(job, thread, total);
}

/** Runs thread `thread`'s share of the job at `job`: the chunks it claims, round by round. */
export function runSequence(job: usize, thread: i32): void {
  const kind = word(job, KIND), T = word(job, STEPS), cho = word(job, FLAGS) & 1;
  const work = <usize>load<u32>(job + (<usize>(WORK + thread) << 2));
  let rounds = T; // forward: one round per step
  if (kind == 2 || kind == 4) rounds = T + 1; // backward: then ∂L/∂h_0 (and ∂L/∂c_0)
  else if (kind == 5 && cho) rounds = 2 * T; // Cho's GRU: two halves per step
  else if (kind == 6) rounds = cho ? 2 * T + 1 : T + 1;
  schedule(job, thread, kind, rounds, work);
}
