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
// (the layout below must match JOB there); runSequence(job, thread) runs one
// thread's share.

import { KC, MC, MR, NR, madd, microKernel, vsigmoid, vtanh } from "./simd";

// Job words.
const KIND: i32 = 0; // 1 rnn forward, 2 rnn backward, 3 lstm forward, 4 lstm backward, 5 gru forward, 6 gru backward
const STEPS: i32 = 1;
const BATCH: i32 = 2;
const HIDDEN: i32 = 3;
const THREADS: i32 = 4;
const FLAGS: i32 = 5; // rnn: activation (0 tanh, 1 sigmoid, 2 relu, 3 identity); lstm: 1 coupled | 2 peephole; gru: 1 cho
const SPLIT: i32 = 6; // first unit of thread 1
const WORK: i32 = 7; // WORK + thread: scratch of each thread (packed A, edge tile)
const SYNC: i32 = 9; // SYNC + thread: barrier counters
const PTR: i32 = 11; // PTR + i: the arrays of the job (see each kind)

// @ts-ignore: decorator
@inline function word(job: usize, i: i32): i32 {
  return load<i32>(job + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function arg(job: usize, i: i32): usize {
  return <usize>load<u32>(job + (<usize>(PTR + i) << 2));
}

// @ts-ignore: decorator
@inline function at(base: usize, elements: i32): usize {
  return base + (<usize>elements << 2);
}

/** Waits until every thread has passed `round` barriers (spins, then sleeps briefly). */
function barrier(job: usize, thread: i32, round: i32): void {
  const threads = word(job, THREADS);
  if (threads < 2) return;
  const mine = job + (<usize>(SYNC + thread) << 2);
  const other = job + (<usize>(SYNC + 1 - thread) << 2);
  atomic.store<i32>(mine, round);
  atomic.notify(mine, 1);
  let spins = 0;
  for (;;) {
    const seen = atomic.load<i32>(other);
    if (seen >= round) break;
    if (++spins > 20000) {
      atomic.wait<i32>(other, seen, 100000); // 0.1 ms, in case the other thread was descheduled
      spins = 0;
    }
  }
}

// ---------------------------------------------------------------------------
// Products with a weight packed once
// ---------------------------------------------------------------------------

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

// Packs rows [0, mc) × columns [0, kc) of A (row stride lda) into MR-row panels.
function packRows(a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {
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
function productPacked(
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
function zeroUnits(x: usize, B: i32, width: i32, u0: i32, u1: i32): void {
  for (let b = 0; b < B; b++) memory.fill(at(x, b * width + u0), 0, <usize>(u1 - u0) << 2);
}

// Loads/stores four lanes, or one (lane 0) at the tail of a row.
// @ts-ignore: decorator
@inline function ld(p: usize, w: i32): v128 {
  return w == 4 ? v128.load(p) : f32x4.splat(load<f32>(p));
}

// @ts-ignore: decorator
@inline function st(p: usize, v: v128, w: i32): void {
  if (w == 4) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

// @ts-ignore: decorator
@inline function one(): v128 {
  return f32x4.splat(1);
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

// ---------------------------------------------------------------------------
// The LSTM (see lstm_cell.ts for the math)
// ---------------------------------------------------------------------------

// One chunk of units (w lanes) of one row: gates from the pre-activations at g (gate blocks
// H4 bytes apart), written at a (gate blocks S bytes apart: gate-major), then c_t and h_t.
// @ts-ignore: decorator
@inline function lstmChunk(
  g: usize, H4: usize, a: usize, S: usize, coupled: bool, peep: bool, pI: usize, pF: usize, pO: usize,
  cPrevP: usize, cP: usize, hP: usize, w: i32,
): void {
  const k = coupled ? 0 : 1; // gate blocks f, g, o are k, k + 1, k + 2
  const cPrev = ld(cPrevP, w);
  let af = ld(g + k * H4, w);
  if (peep) af = madd(cPrev, ld(pF, w), af);
  const f = vsigmoid(af);
  let i: v128;
  if (coupled) {
    i = f32x4.sub(one(), f);
  } else {
    let ai = ld(g, w);
    if (peep) ai = madd(cPrev, ld(pI, w), ai);
    i = vsigmoid(ai);
    st(a, i, w);
  }
  const gg = vtanh(ld(g + (k + 1) * H4, w));
  const c = f32x4.add(f32x4.mul(f, cPrev), f32x4.mul(i, gg));
  let ao = ld(g + (k + 2) * H4, w);
  if (peep) ao = madd(c, ld(pO, w), ao);
  const o = vsigmoid(ao);
  st(a + k * S, f, w);
  st(a + (k + 1) * S, gg, w);
  st(a + (k + 2) * S, o, w);
  st(cP, c, w);
  st(hP, f32x4.mul(o, vtanh(c)), w);
}

// gates (T·B × G·H): x·Wx + b (h·Wh added in place); acts (G × T·B × H) out; Wh packed; h0, c0;
// hs, cs out; peepholes.
function lstmForward(job: usize, thread: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), flags = word(job, FLAGS);
  const coupled = (flags & 1) != 0, peep = (flags & 2) != 0;
  const gates = arg(job, 0), Wh = arg(job, 1), h0 = arg(job, 2), c0 = arg(job, 3);
  const hs = arg(job, 4), cs = arg(job, 5), pI = arg(job, 6), pF = arg(job, 7), pO = arg(job, 8);
  const acts = arg(job, 9);
  const G = coupled ? 3 : 4, GH = G * H, H4 = <usize>H << 2, S = <usize>(T * B * H) << 2;
  const npad = (GH + NR - 1) / NR * NR;
  for (let t = 0; t < T; t++) {
    const gt = at(gates, t * B * GH);
    const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
    const cPrev = t == 0 ? c0 : at(cs, (t - 1) * B * H);
    productPacked(hPrev, H, B, H, Wh, npad, gt, GH, 0, u0, u1, H, 0, G, work);
    for (let b = 0; b < B; b++) {
      const g = at(gt, b * GH), cp = at(cPrev, b * H), r = (t * B + b) * H;
      const c = at(cs, r), h = at(hs, r), a = at(acts, r);
      let j = u0;
      for (; j + 4 <= u1; j += 4) {
        lstmChunk(at(g, j), H4, at(a, j), S, coupled, peep, at(pI, j), at(pF, j), at(pO, j),
          at(cp, j), at(c, j), at(h, j), 4);
      }
      for (; j < u1; j++) {
        lstmChunk(at(g, j), H4, at(a, j), S, coupled, peep, at(pI, j), at(pF, j), at(pO, j),
          at(cp, j), at(c, j), at(h, j), 1);
      }
    }
    barrier(job, thread, t + 1);
  }
}

// One chunk of one row back: the activations at a (gate blocks S bytes apart), gate gradients
// into dg (blocks H4 bytes apart), the carried dc updated in place.
// @ts-ignore: decorator
@inline function lstmBackChunk(
  a: usize, S: usize, dg: usize, H4: usize, coupled: bool, peep: bool, pI: usize, pF: usize,
  pO: usize, cPrevP: usize, cP: usize, dhP: usize, dcExtP: usize, dcP: usize, w: i32,
): void {
  const k = coupled ? 0 : 1;
  const f = ld(a + k * S, w), gg = ld(a + (k + 1) * S, w), o = ld(a + (k + 2) * S, w);
  const i = coupled ? f32x4.sub(one(), f) : ld(a, w);
  const c = ld(cP, w), cPrev = ld(cPrevP, w), dh = ld(dhP, w);
  const tc = vtanh(c);
  const dao = f32x4.mul(f32x4.mul(dh, tc), f32x4.mul(o, f32x4.sub(one(), o)));
  let dc = f32x4.add(ld(dcP, w), f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one(), f32x4.mul(tc, tc))));
  if (dcExtP) dc = f32x4.add(dc, ld(dcExtP, w));
  if (peep) dc = madd(dao, ld(pO, w), dc);
  const di = f32x4.mul(dc, gg);
  let df = f32x4.mul(dc, cPrev);
  if (coupled) df = f32x4.sub(df, di);
  const daf = f32x4.mul(df, f32x4.mul(f, f32x4.sub(one(), f)));
  const dag = f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one(), f32x4.mul(gg, gg)));
  let dcPrev = f32x4.mul(dc, f);
  if (!coupled) {
    const dai = f32x4.mul(di, f32x4.mul(i, f32x4.sub(one(), i)));
    st(dg, dai, w);
    if (peep) dcPrev = madd(dai, ld(pI, w), dcPrev);
  }
  if (peep) dcPrev = madd(daf, ld(pF, w), dcPrev);
  st(dg + k * H4, daf, w);
  st(dg + (k + 1) * H4, dag, w);
  st(dg + (k + 2) * H4, dao, w);
  st(dcP, dcPrev, w);
}

// acts: the gate activations (gate-major); WhT: Whᵀ packed; c0, cs; dh in (overwritten),
// dc (0: none); dGates, dh0, dc0 out; dcCarry: B×H scratch.
function lstmBackward(job: usize, thread: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), flags = word(job, FLAGS);
  const coupled = (flags & 1) != 0, peep = (flags & 2) != 0;
  const acts = arg(job, 0), WhT = arg(job, 1), c0 = arg(job, 3), cs = arg(job, 5);
  const pI = arg(job, 6), pF = arg(job, 7), pO = arg(job, 8);
  const dh = arg(job, 9), dcExt = arg(job, 10), dGates = arg(job, 11);
  const dh0 = arg(job, 12), dc0 = arg(job, 13), dcCarry = arg(job, 14);
  const G = coupled ? 3 : 4, GH = G * H, H4 = <usize>H << 2, S = <usize>(T * B * H) << 2;
  const npad = (H + NR - 1) / NR * NR;
  zeroUnits(dcCarry, B, H, u0, u1);
  for (let t = T - 1; t >= 0; t--) {
    const dht = at(dh, t * B * H);
    if (t < T - 1) productPacked(at(dGates, (t + 1) * B * GH), GH, B, GH, WhT, npad, dht, H, 0, u0, u1, H, 0, 1, work);
    for (let b = 0; b < B; b++) {
      const s = (t * B + b) * H;
      const a = at(acts, s), dg = at(dGates, (t * B + b) * GH), c = at(cs, s), dhr = at(dh, s);
      const cp = t == 0 ? at(c0, b * H) : at(cs, s - B * H);
      const dce = dcExt ? at(dcExt, s) : 0, dcc = at(dcCarry, b * H);
      let j = u0;
      for (; j + 4 <= u1; j += 4) {
        lstmBackChunk(at(a, j), S, at(dg, j), H4, coupled, peep, at(pI, j), at(pF, j), at(pO, j),
          at(cp, j), at(c, j), at(dhr, j), dce ? at(dce, j) : 0, at(dcc, j), 4);
      }
      for (; j < u1; j++) {
        lstmBackChunk(at(a, j), S, at(dg, j), H4, coupled, peep, at(pI, j), at(pF, j), at(pO, j),
          at(cp, j), at(c, j), at(dhr, j), dce ? at(dce, j) : 0, at(dcc, j), 1);
      }
    }
    barrier(job, thread, T - t);
  }
  zeroUnits(dh0, B, H, u0, u1);
  productPacked(dGates, GH, B, GH, WhT, npad, dh0, H, 0, u0, u1, H, 0, 1, work);
  for (let b = 0; b < B; b++) {
    memory.copy(at(dc0, b * H + u0), at(dcCarry, b * H + u0), <usize>(u1 - u0) << 2);
  }
}

// ---------------------------------------------------------------------------
// The GRU (see gru_cell.ts for the math)
// ---------------------------------------------------------------------------

// PyTorch's form, one chunk: r, z from g (gate blocks H4 bytes apart; their products already
// added), n from hn = h·W_hn (+ b_hn, written back), h_t; r, z, n at a (blocks S bytes apart).
// @ts-ignore: decorator
@inline function gruChunk(
  g: usize, H4: usize, a: usize, S: usize, hnP: usize, bhnP: usize, hPrevP: usize, hP: usize, w: i32,
): void {
  const r = vsigmoid(ld(g, w)), z = vsigmoid(ld(g + H4, w));
  const hn = f32x4.add(ld(hnP, w), ld(bhnP, w));
  const n = vtanh(madd(r, hn, ld(g + 2 * H4, w)));
  const hPrev = ld(hPrevP, w);
  st(a, r, w);
  st(a + S, z, w);
  st(a + 2 * S, n, w);
  st(hnP, hn, w);
  st(hP, madd(z, f32x4.sub(hPrev, n), n), w); // (1 − z)·n + z·hPrev
}

// Cho's form, first half: r, z, and r ⊙ h_{t−1} into hn.
// @ts-ignore: decorator
@inline function choResetChunk(g: usize, H4: usize, a: usize, S: usize, hnP: usize, hPrevP: usize, w: i32): void {
  const r = vsigmoid(ld(g, w));
  st(a, r, w);
  st(a + S, vsigmoid(ld(g + H4, w)), w);
  st(hnP, f32x4.mul(r, ld(hPrevP, w)), w);
}

// Cho's form, second half: n (its product of r ⊙ h already added), h_t.
// @ts-ignore: decorator
@inline function choChunk(g: usize, H4: usize, a: usize, S: usize, hPrevP: usize, hP: usize, w: i32): void {
  const n = vtanh(ld(g + 2 * H4, w)), z = ld(a + S, w);
  st(a + 2 * S, n, w);
  st(hP, madd(z, f32x4.sub(ld(hPrevP, w), n), n), w);
}

// gates (T·B × 3H): x·Wx + b (products added in place); acts (3 × T·B × H): r, z, n out;
// Wh packed (Cho: its r, z columns), Whn packed (Cho); bhn; h0; hs, hn out.
function gruForward(job: usize, thread: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), cho = word(job, FLAGS) & 1;
  const gates = arg(job, 0), Wh = arg(job, 1), Whn = arg(job, 2), bhn = arg(job, 3);
  const h0 = arg(job, 4), hs = arg(job, 5), hn = arg(job, 6), acts = arg(job, 7);
  const GH = 3 * H, H4 = <usize>H << 2, S = <usize>(T * B * H) << 2;
  const npad = ((cho ? 2 : 3) * H + NR - 1) / NR * NR, npadN = (H + NR - 1) / NR * NR;
  for (let t = 0; t < T; t++) {
    const gt = at(gates, t * B * GH), hnt = at(hn, t * B * H), ht = at(hs, t * B * H);
    const at0 = at(acts, t * B * H);
    const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
    productPacked(hPrev, H, B, H, Wh, npad, gt, GH, 0, u0, u1, H, 0, 2, work);
    if (!cho) {
      zeroUnits(hnt, B, H, u0, u1);
      productPacked(hPrev, H, B, H, Wh, npad, hnt, H, 2 * H, u0, u1, H, 2, 1, work);
    }
    for (let b = 0; b < B; b++) {
      const g = at(gt, b * GH), a = at(at0, b * H), hnr = at(hnt, b * H);
      const hp = at(hPrev, b * H), h = at(ht, b * H);
      let j = u0;
      if (cho) {
        for (; j + 4 <= u1; j += 4) choResetChunk(at(g, j), H4, at(a, j), S, at(hnr, j), at(hp, j), 4);
        for (; j < u1; j++) choResetChunk(at(g, j), H4, at(a, j), S, at(hnr, j), at(hp, j), 1);
      } else {
        for (; j + 4 <= u1; j += 4) {
          gruChunk(at(g, j), H4, at(a, j), S, at(hnr, j), at(bhn, j), at(hp, j), at(h, j), 4);
        }
        for (; j < u1; j++) gruChunk(at(g, j), H4, at(a, j), S, at(hnr, j), at(bhn, j), at(hp, j), at(h, j), 1);
      }
    }
    if (cho) {
      barrier(job, thread, 2 * t + 1); // every unit of r ⊙ h before the n product
      productPacked(hnt, H, B, H, Whn, npadN, at(gt, 2 * H), GH, 0, u0, u1, H, 0, 1, work);
      for (let b = 0; b < B; b++) {
        const g = at(gt, b * GH), a = at(at0, b * H), hp = at(hPrev, b * H), h = at(ht, b * H);
        let j = u0;
        for (; j + 4 <= u1; j += 4) choChunk(at(g, j), H4, at(a, j), S, at(hp, j), at(h, j), 4);
        for (; j < u1; j++) choChunk(at(g, j), H4, at(a, j), S, at(hp, j), at(h, j), 1);
      }
    }
    barrier(job, thread, cho ? 2 * t + 2 : t + 1);
  }
}

// PyTorch's form back, one chunk: r, z, n at a (blocks S apart); dGates and dHidden of the step
// at dg, dr (blocks H4 apart); the direct path into dhPrev.
// @ts-ignore: decorator
@inline function gruBackChunk(
  a: usize, S: usize, dg: usize, dr: usize, H4: usize, hnP: usize, hPrevP: usize, dhP: usize,
  dhPrevP: usize, w: i32,
): void {
  const r = ld(a, w), z = ld(a + S, w), n = ld(a + 2 * S, w), dh = ld(dhP, w), hPrev = ld(hPrevP, w);
  const dan = f32x4.mul(f32x4.mul(dh, f32x4.sub(one(), z)), f32x4.sub(one(), f32x4.mul(n, n)));
  const daz = f32x4.mul(f32x4.mul(dh, f32x4.sub(hPrev, n)), f32x4.mul(z, f32x4.sub(one(), z)));
  const dar = f32x4.mul(f32x4.mul(dan, ld(hnP, w)), f32x4.mul(r, f32x4.sub(one(), r)));
  st(dg, dar, w);
  st(dg + H4, daz, w);
  st(dg + 2 * H4, dan, w);
  st(dr, dar, w);
  st(dr + H4, daz, w);
  st(dr + 2 * H4, f32x4.mul(dan, r), w);
  st(dhPrevP, madd(dh, z, ld(dhPrevP, w)), w);
}

// Cho's form back, first half: da_z, da_n, direct path.
// @ts-ignore: decorator
@inline function choBackChunk(
  a: usize, S: usize, dg: usize, H4: usize, hPrevP: usize, dhP: usize, dhPrevP: usize, w: i32,
): void {
  const z = ld(a + S, w), n = ld(a + 2 * S, w), dh = ld(dhP, w), hPrev = ld(hPrevP, w);
  st(dg + 2 * H4, f32x4.mul(f32x4.mul(dh, f32x4.sub(one(), z)), f32x4.sub(one(), f32x4.mul(n, n))), w);
  st(dg + H4, f32x4.mul(f32x4.mul(dh, f32x4.sub(hPrev, n)), f32x4.mul(z, f32x4.sub(one(), z))), w);
  st(dhPrevP, madd(dh, z, ld(dhPrevP, w)), w);
}

// Cho's form back, second half: from ∂L/∂(r ⊙ h), da_r and the path through r ⊙ h.
// @ts-ignore: decorator
@inline function choBackResetChunk(a: usize, dg: usize, hPrevP: usize, dRHP: usize, dhPrevP: usize, w: i32): void {
  const r = ld(a, w), dRH = ld(dRHP, w);
  st(dg, f32x4.mul(f32x4.mul(dRH, ld(hPrevP, w)), f32x4.mul(r, f32x4.sub(one(), r))), w);
  st(dhPrevP, madd(dRH, r, ld(dhPrevP, w)), w);
}

// acts: r, z, n (gate-major); WhT: Whᵀ packed (Cho: rows of r, z: Wh_rzᵀ), WhnT (Cho: W_hnᵀ);
// h0, hs, hn; dh in (overwritten); dGates, dHidden (PyTorch), dh0 out; dRH: B×H scratch (Cho).
function gruBackward(job: usize, thread: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), cho = word(job, FLAGS) & 1;
  const acts = arg(job, 0), WhT = arg(job, 1), WhnT = arg(job, 2), h0 = arg(job, 4);
  const hs = arg(job, 5), hn = arg(job, 6), dh = arg(job, 7), dGates = arg(job, 8);
  const dHidden = arg(job, 9), dh0 = arg(job, 10), dRH = arg(job, 11);
  const GH = 3 * H, H4 = <usize>H << 2, K = cho ? 2 * H : GH, S = <usize>(T * B * H) << 2;
  const npad = (H + NR - 1) / NR * NR;
  const dProducts = cho ? dGates : dHidden; // gradients of the products that read h_{t−1}
  zeroUnits(dh0, B, H, u0, u1);
  let round = 0;
  for (let t = T - 1; t >= 0; t--) {
    const dht = at(dh, t * B * H);
    const dhPrev = t == 0 ? dh0 : at(dh, (t - 1) * B * H);
    const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
    if (t < T - 1) productPacked(at(dProducts, (t + 1) * B * GH), GH, B, K, WhT, npad, dht, H, 0, u0, u1, H, 0, 1, work);
    for (let b = 0; b < B; b++) {
      const row = (t * B + b) * GH, a = at(acts, (t * B + b) * H), dg = at(dGates, row);
      const hp = at(hPrev, b * H), dhr = at(dht, b * H), dhp = at(dhPrev, b * H);
      let j = u0;
      if (cho) {
        for (; j + 4 <= u1; j += 4) choBackChunk(at(a, j), S, at(dg, j), H4, at(hp, j), at(dhr, j), at(dhp, j), 4);
        for (; j < u1; j++) choBackChunk(at(a, j), S, at(dg, j), H4, at(hp, j), at(dhr, j), at(dhp, j), 1);
      } else {
        const dr = at(dHidden, row), hnr = at(hn, (t * B + b) * H);
        for (; j + 4 <= u1; j += 4) {
          gruBackChunk(at(a, j), S, at(dg, j), at(dr, j), H4, at(hnr, j), at(hp, j), at(dhr, j), at(dhp, j), 4);
        }
        for (; j < u1; j++) {
          gruBackChunk(at(a, j), S, at(dg, j), at(dr, j), H4, at(hnr, j), at(hp, j), at(dhr, j), at(dhp, j), 1);
        }
      }
    }
    barrier(job, thread, ++round);
    if (cho) {
      // ∂L/∂(r ⊙ h) = da_n·W_hnᵀ, then da_r and the path through r ⊙ h
      zeroUnits(dRH, B, H, u0, u1);
      productPacked(at(dGates, t * B * GH + 2 * H), GH, B, H, WhnT, npad, dRH, H, 0, u0, u1, H, 0, 1, work);
      for (let b = 0; b < B; b++) {
        const a = at(acts, (t * B + b) * H), dg = at(dGates, (t * B + b) * GH);
        const hp = at(hPrev, b * H), drh = at(dRH, b * H), dhp = at(dhPrev, b * H);
        let j = u0;
        for (; j + 4 <= u1; j += 4) choBackResetChunk(at(a, j), at(dg, j), at(hp, j), at(drh, j), at(dhp, j), 4);
        for (; j < u1; j++) choBackResetChunk(at(a, j), at(dg, j), at(hp, j), at(drh, j), at(dhp, j), 1);
      }
      barrier(job, thread, ++round);
    }
  }
  productPacked(dProducts, GH, B, K, WhT, npad, dh0, H, 0, u0, u1, H, 0, 1, work);
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
