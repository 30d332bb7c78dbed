// The GRU loop over a whole sequence, PyTorch's form and Cho et al.'s, forward
// and backward (AssemblyScript, a library of recurrent.as). The math is
// lib/layers/gru_cell.ts; the readable reference lib/core/kernels_cells.ts.
// See recurrent.as for how the loops run.

import { NR, madd, vsigmoid, vtanh } from "./simd";
import { arg, at, BATCH, FLAGS, HIDDEN, ld, one, productPacked, st, STEPS, word, zeroUnits } from "./loop";

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

// Round r for units [u0, u1): step r (PyTorch's form; rounds: T), or half r % 2 of step r / 2
// (Cho's form; rounds: 2T; the n product needs every unit of r ⊙ h from the first half).
// gates (T·B × 3H): x·Wx + b (products added in place); acts (3 × T·B × H): r, z, n out;
// Wh packed (Cho: its r, z columns), Whn packed (Cho); bhn; h0; hs, hn out.
export function gruForwardRound(job: usize, r: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), cho = word(job, FLAGS) & 1;
  const gates = arg(job, 0), Wh = arg(job, 1), Whn = arg(job, 2), bhn = arg(job, 3);
  const h0 = arg(job, 4), hs = arg(job, 5), hn = arg(job, 6), acts = arg(job, 7);
  const GH = 3 * H, H4 = <usize>H << 2, S = <usize>(T * B * H) << 2;
  const npad = ((cho ? 2 : 3) * H + NR - 1) / NR * NR, npadN = (H + NR - 1) / NR * NR;
  const t = cho ? r >> 1 : r;
  const gt = at(gates, t * B * GH), hnt = at(hn, t * B * H), ht = at(hs, t * B * H);
  const at0 = at(acts, t * B * H);
  const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
  if (cho && (r & 1)) {
    productPacked(hnt, H, B, H, Whn, npadN, at(gt, 2 * H), GH, 0, u0, u1, H, 0, 1, work);
    for (let b = 0; b < B; b++) {
      const g = at(gt, b * GH), a = at(at0, b * H), hp = at(hPrev, b * H), h = at(ht, b * H);
      let j = u0;
      for (; j + 4 <= u1; j += 4) choChunk(at(g, j), H4, at(a, j), S, at(hp, j), at(h, j), 4);
      for (; j < u1; j++) choChunk(at(g, j), H4, at(a, j), S, at(hp, j), at(h, j), 1);
    }
    return;
  }
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

// Round r for units [u0, u1): step t back (PyTorch: t = T − 1 − r; Cho: half r % 2 of
// t = T − 1 − r / 2, the second needing every unit of da_n), then ∂L/∂h_0 (last round; rounds:
// T + 1, Cho 2T + 1). acts: r, z, n (gate-major); WhT: Whᵀ packed (Cho: rows of r, z: Wh_rzᵀ),
// WhnT (Cho: W_hnᵀ); h0, hs, hn; dh in (overwritten); dGates, dHidden (PyTorch), dh0 out;
// dRH: B×H scratch (Cho).
export function gruBackwardRound(job: usize, r: i32, u0: i32, u1: i32, work: usize): void {
  const T = word(job, STEPS), B = word(job, BATCH), H = word(job, HIDDEN), cho = word(job, FLAGS) & 1;
  const acts = arg(job, 0), WhT = arg(job, 1), WhnT = arg(job, 2), h0 = arg(job, 4);
  const hs = arg(job, 5), hn = arg(job, 6), dh = arg(job, 7), dGates = arg(job, 8);
  const dHidden = arg(job, 9), dh0 = arg(job, 10), dRH = arg(job, 11);
  const GH = 3 * H, H4 = <usize>H << 2, K = cho ? 2 * H : GH, S = <usize>(T * B * H) << 2;
  const npad = (H + NR - 1) / NR * NR;
  const dProducts = cho ? dGates : dHidden; // gradients of the products that read h_{t−1}
  if (r == (cho ? 2 * T : T)) {
    productPacked(dProducts, GH, B, K, WhT, npad, dh0, H, 0, u0, u1, H, 0, 1, work);
    return;
  }
  if (r == 0) zeroUnits(dh0, B, H, u0, u1);
  const t = T - 1 - (cho ? r >> 1 : r);
  const dht = at(dh, t * B * H);
  const dhPrev = t == 0 ? dh0 : at(dh, (t - 1) * B * H);
  const hPrev = t == 0 ? h0 : at(hs, (t - 1) * B * H);
  if (cho && (r & 1)) {
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
    return;
  }
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
}
