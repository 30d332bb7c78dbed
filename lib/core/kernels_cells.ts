/**
 * The arithmetic of one step of each gated cell, fused: for every unit, all
 * gates and the state update in one pass (forward), or all gate gradients and
 * the carried cell-state gradient in one pass (backward). The readable
 * reference of what the WebAssembly kernels do per step; the recurrent
 * product `h_{t−1}·Wh` is done by the caller (`kernels_recurrent.ts`). The
 * math, with names, is in `lib/layers/lstm_cell.ts` and `gru_cell.ts`.
 *
 * @module
 */

import { sigmoid } from "./activation.ts";
import type { Data } from "./matrix.ts";
import type {
  GRUGradients,
  GRUSequence,
  LSTMGradients,
  LSTMSequence,
} from "./recurrent_sequences.ts";

/**
 * One LSTM step (see lstm_cell.ts): gates from the pre-activations in `gates`
 * (row-major, gate blocks side by side), written gate-major into `acts`; then
 * c_t and h_t.
 */
export function lstmStep(s: LSTMSequence, t: number): void {
  const { steps: T, batch: B, hidden: H, gates, acts, peephole: p, hs, cs } = s;
  const G = s.coupled ? 3 : 4, N = T * B * H; // acts: gate k of row r, unit j at k·N + r·H + j
  const [I, F, Gg, O] = s.coupled ? [-1, 0, 1, 2] : [0, 1, 2, 3];
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * G * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const cPrev = t === 0 ? s.c0[b * H + j] : cs[at - B * H + j];
      const f = sigmoid(gates[row + F * H + j] + (p ? p.f[j] * cPrev : 0));
      const i = s.coupled ? 1 - f : sigmoid(gates[row + I * H + j] + (p ? p.i![j] * cPrev : 0));
      const g = Math.tanh(gates[row + Gg * H + j]);
      const c = f * cPrev + i * g;
      const o = sigmoid(gates[row + O * H + j] + (p ? p.o[j] * c : 0));
      if (!s.coupled) acts[I * N + at + j] = i;
      acts[F * N + at + j] = f;
      acts[Gg * N + at + j] = g;
      acts[O * N + at + j] = o;
      cs[at + j] = c;
      hs[at + j] = o * Math.tanh(c);
    }
  }
}

/** One LSTM step back: ∂L/∂(pre-activations) of step t, and ∂L/∂c_{t−1} into `dcNext`. */
export function lstmStepBackward(s: LSTMSequence, d: LSTMGradients, t: number, dcNext: Data): void {
  const { steps: T, batch: B, hidden: H, acts, peephole: p, cs } = s;
  const G = s.coupled ? 3 : 4, N = T * B * H;
  const [I, F, Gg, O] = s.coupled ? [-1, 0, 1, 2] : [0, 1, 2, 3];
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * G * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const f = acts[F * N + at + j], g = acts[Gg * N + at + j], o = acts[O * N + at + j];
      const i = s.coupled ? 1 - f : acts[I * N + at + j];
      const c = cs[at + j], cPrev = t === 0 ? s.c0[b * H + j] : cs[at - B * H + j];
      const dh = d.dh[at + j], tc = Math.tanh(c);
      const dao = dh * tc * o * (1 - o);
      const dc = dcNext[b * H + j] + (d.dc ? d.dc[at + j] : 0) + dh * o * (1 - tc * tc) +
        (p ? dao * p.o[j] : 0);
      const di = dc * g;
      const df = dc * cPrev - (s.coupled ? di : 0); // coupled: i = 1 − f
      const daf = df * f * (1 - f);
      const dai = s.coupled ? 0 : di * i * (1 - i);
      const dag = dc * i * (1 - g * g);
      if (!s.coupled) d.dGates[row + I * H + j] = dai;
      d.dGates[row + F * H + j] = daf;
      d.dGates[row + Gg * H + j] = dag;
      d.dGates[row + O * H + j] = dao;
      dcNext[b * H + j] = dc * f + (p ? daf * p.f[j] + (s.coupled ? 0 : dai * p.i![j]) : 0);
    }
  }
}

/**
 * One GRU step, PyTorch's form, from the x-side pre-activations `gates` (the
 * r, z blocks already hold the h-side products) and `hn` = h·W_hn: r, z, n
 * gate-major into `acts`, `hn + b_hn` back into `hn`, and h_t.
 */
export function gruStep(s: GRUSequence, t: number): void {
  const { steps: T, batch: B, hidden: H, gates, acts, hs, hn } = s;
  const N = T * B * H;
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * 3 * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const hPrev = t === 0 ? s.h0[b * H + j] : hs[at - B * H + j];
      const r = sigmoid(gates[row + j]);
      const z = sigmoid(gates[row + H + j]);
      const hnj = hn[at + j] + s.bhn![j];
      const n = Math.tanh(gates[row + 2 * H + j] + r * hnj);
      acts[at + j] = r;
      acts[N + at + j] = z;
      acts[2 * N + at + j] = n;
      hn[at + j] = hnj;
      hs[at + j] = (1 - z) * n + z * hPrev;
    }
  }
}

/** Cho's form, first half: r and z (their products already added), and r ⊙ h_{t−1} into `hn`. */
export function choResetStep(s: GRUSequence, t: number): void {
  const { steps: T, batch: B, hidden: H, gates, acts, hs, hn } = s;
  const N = T * B * H;
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * 3 * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const hPrev = t === 0 ? s.h0[b * H + j] : hs[at - B * H + j];
      const r = sigmoid(gates[row + j]);
      acts[at + j] = r;
      acts[N + at + j] = sigmoid(gates[row + H + j]);
      hn[at + j] = r * hPrev;
    }
  }
}

/** Cho's form, second half: n (the n block holds the product `(r ⊙ h)·W_hn` too), then h_t. */
export function choStep(s: GRUSequence, t: number): void {
  const { steps: T, batch: B, hidden: H, gates, acts, hs } = s;
  const N = T * B * H;
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * 3 * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const hPrev = t === 0 ? s.h0[b * H + j] : hs[at - B * H + j];
      const z = acts[N + at + j];
      const n = Math.tanh(gates[row + 2 * H + j]);
      acts[2 * N + at + j] = n;
      hs[at + j] = (1 - z) * n + z * hPrev;
    }
  }
}

/** One GRU step back, PyTorch's form; adds the direct path `dh ⊙ z` into `dhPrev`. */
export function gruStepBackward(s: GRUSequence, d: GRUGradients, t: number, dhPrev: Data): void {
  const { steps: T, batch: B, hidden: H, acts, hs, hn } = s;
  const dG = d.dGates, dR = d.dHidden!, N = T * B * H;
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * 3 * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const hPrev = t === 0 ? s.h0[b * H + j] : hs[at - B * H + j];
      const r = acts[at + j], z = acts[N + at + j], n = acts[2 * N + at + j];
      const dh = d.dh[at + j];
      const dan = dh * (1 - z) * (1 - n * n);
      const daz = dh * (hPrev - n) * z * (1 - z);
      const dar = dan * hn[at + j] * r * (1 - r);
      dG[row + j] = dR[row + j] = dar;
      dG[row + H + j] = dR[row + H + j] = daz;
      dG[row + 2 * H + j] = dan;
      dR[row + 2 * H + j] = dan * r;
      dhPrev[b * H + j] += dh * z;
    }
  }
}

/** Cho's form back, first half: da_z, da_n and the direct path; `D` = [0 | 0 | da_n]. */
export function choStepBackwardN(
  s: GRUSequence,
  d: GRUGradients,
  t: number,
  dhPrev: Data,
  D: Data,
): void {
  const { steps: T, batch: B, hidden: H, acts, hs } = s;
  const N = T * B * H;
  D.fill(0);
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * 3 * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const hPrev = t === 0 ? s.h0[b * H + j] : hs[at - B * H + j];
      const z = acts[N + at + j], n = acts[2 * N + at + j];
      const dh = d.dh[at + j];
      const dan = dh * (1 - z) * (1 - n * n);
      d.dGates[row + H + j] = dh * (hPrev - n) * z * (1 - z);
      d.dGates[row + 2 * H + j] = D[b * 3 * H + 2 * H + j] = dan;
      dhPrev[b * H + j] += dh * z;
    }
  }
}

/**
 * Cho's form back, second half: from ∂L/∂(r ⊙ h) = `dRH`, da_r and the path
 * through r ⊙ h into `dhPrev`; `D` = [da_r | da_z | 0] for the last product.
 */
export function choStepBackwardR(
  s: GRUSequence,
  d: GRUGradients,
  t: number,
  dhPrev: Data,
  dRH: Data,
  D: Data,
): void {
  const { batch: B, hidden: H, acts, hs } = s;
  for (let b = 0; b < B; b++) {
    const row = (t * B + b) * 3 * H, at = (t * B + b) * H;
    for (let j = 0; j < H; j++) {
      const hPrev = t === 0 ? s.h0[b * H + j] : hs[at - B * H + j];
      const r = acts[at + j];
      const dar = dRH[b * H + j] * hPrev * r * (1 - r);
      d.dGates[row + j] = dar;
      dhPrev[b * H + j] += dRH[b * H + j] * r;
      D[b * 3 * H + j] = dar;
      D[b * 3 * H + H + j] = d.dGates[row + H + j];
      D[b * 3 * H + 2 * H + j] = 0;
    }
  }
}
