// The LSTM loop over a whole sequence, forward and backward (AssemblyScript, a
// library of recurrent.as). The math is lib/layers/lstm_cell.ts; the readable
// reference lib/core/kernels_cells.ts. See recurrent.as for how the loops run.

import { NR, madd, vsigmoid, vtanh } from "./simd";
import { arg, at, BATCH, FLAGS, HIDDEN, ld, one, productPacked, st, STEPS, word, zeroUnits } from "./loop";

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

// Step t for units [u0, u1) (rounds: T). gates (T·B × G·H): x·Wx + b (h·Wh added in place);
// acts (G × T·B × H) out; Wh packed; h0, c0; hs, cs out; peepholes.
export function lstmForwardRound(job: usize, t: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), flags = word(job, FLAGS);
  const coupled = (flags & 1) != 0, peep = (flags & 2) != 0;
  const gates = arg(job, 0), Wh = arg(job, 1), h0 = arg(job, 2), c0 = arg(job, 3);
  const hs = arg(job, 4), cs = arg(job, 5), pI = arg(job, 6), pF = arg(job, 7), pO = arg(job, 8);
  const acts = arg(job, 9);
  const G = coupled ? 3 : 4, GH = G * H, H4 = <usize>H << 2, S = <usize>(T * B * H) << 2;
  const npad = (GH + NR - 1) / NR * NR;
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

// Round r for units [u0, u1) (rounds: T + 1): step t = T − 1 − r back, then ∂L/∂h_0, ∂L/∂c_0.
// acts: the gate activations (gate-major); WhT: Whᵀ packed; c0, cs; dh in (overwritten),
// dc (0: none); dGates, dh0, dc0 out; dcCarry: B×H scratch.
export function lstmBackwardRound(job: usize, r: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), flags = word(job, FLAGS);
  const coupled = (flags & 1) != 0, peep = (flags & 2) != 0;
  const acts = arg(job, 0), WhT = arg(job, 1), c0 = arg(job, 3), cs = arg(job, 5);
  const pI = arg(job, 6), pF = arg(job, 7), pO = arg(job, 8);
  const dh = arg(job, 9), dcExt = arg(job, 10), dGates = arg(job, 11);
  const dh0 = arg(job, 12), dc0 = arg(job, 13), dcCarry = arg(job, 14);
  const G = coupled ? 3 : 4, GH = G * H, H4 = <usize>H << 2, S = <usize>(T * B * H) << 2;
  const npad = (H + NR - 1) / NR * NR;
  if (r == T) {
    zeroUnits(dh0, B, H, u0, u1);
    productPacked(dGates, GH, B, GH, WhT, npad, dh0, H, 0, u0, u1, H, 0, 1, work);
    for (let b = 0; b < B; b++) {
      memory.copy(at(dc0, b * H + u0), at(dcCarry, b * H + u0), <usize>(u1 - u0) << 2);
    }
    return;
  }
  if (r == 0) zeroUnits(dcCarry, B, H, u0, u1);
  const t = T - 1 - r, dht = at(dh, t * B * H);
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
}
