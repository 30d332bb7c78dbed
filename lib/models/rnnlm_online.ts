/**
 * The RNNLM toolkit's training algorithm, word by word (`computeNet`,
 * `learnNet` and `trainNet` of `rnnlmlib.cpp`, version 0.4b), written out
 * in TypeScript over the model's own weight arrays. This is the readable
 * specification; the WebAssembly kernel (`_rnnlm_kernel.ts`) runs the same
 * steps in float32 and is tested against it.
 *
 * For every word, with input word `x` (the previous word), target `y` and
 * `s_in` the hidden state the previous word left:
 *
 * 1. **forward**: `a = Wxh[x] + s_in·Whh` — the concatenated input
 *    `[onehot(x), s_in]` times `U = [Wxh; Whh]` — clamped to ±50,
 *    `s = σ(a)`; the class softmax scores `y`.
 * 2. **output layer, at once**: the errors (target − probability, i.e. minus
 *    the gradient) of the class outputs and of the words of `y`'s class flow
 *    back into `e_h` (clipped to ±`errorClip`, once after the word part and
 *    again after the class part: the toolkit's `gradient_cutoff` clips these
 *    *error signals*, not the weight gradients), and `Vw`, `Vc` move by
 *    `lr·error·s` at once.
 * 3. **BPTT, every `every` words** (`counter % bptt_block == 0`): `e_h` of the
 *    last words were stored; a walk back over `steps = bptt + bptt_block − 2`
 *    time steps (`-bptt 4 -bptt-block 10` → the toolkit's internal bptt is 5,
 *    so 13 steps) turns them into `δ_t = e_t ⊙ s_t(1 − s_t)` and carries
 *    `δ_t·Whhᵀ` (clipped) one step further back, adding each stored word's
 *    error on the way. The newest word's error goes 13 steps back, the oldest
 *    of the block's 10 words 4 steps (its own and 3 earlier: "BPTT 4").
 *    Then `Whh += lr·Σ_t s_{t−1}ᵀ·δ_t` and `Wxh[x_t] += lr·δ_t` at once.
 * 4. **L2**: on every `decayEvery`-th word (`counter % 10 == 0`), each weight
 *    updated at that word also shrinks by `lr·weightDecay·w`; the toolkit's
 *    `-beta 1e-7` thus acts on 1 word in 10, and only on the rows it updates.
 *
 * Dynamic evaluation (`-dynamic`) runs the same step while scoring, with
 * `every = decayEvery = 1`: the toolkit's test loop never advances its word
 * counter, so it walks back (13 steps) and decays after every word.
 *
 * @module
 */

import type { Data } from "../core/matrix.ts";

/** The model's arrays and shape, as the online engines read and update them. */
export interface OnlineWeights {
  /** Hidden units H. */
  readonly H: number;
  /** Input weights of each word `[V × H]` (the word part of `U`). */
  readonly Wxh: Data;
  /** Recurrent weights `[H × H]`, row i = weights from `s_in[i]`. */
  readonly Whh: Data;
  /** Class output weights `[C × H]`. */
  readonly Vc: Data;
  /** Word output weights `[V × H]`. */
  readonly Vw: Data;
  /** Class of each word. */
  readonly classOf: Int32Array;
  /** Class boundaries (C + 1). */
  readonly starts: Int32Array;
  /** Steps of each BPTT walk (the toolkit's `bptt + bptt_block − 2`; 1 for plain backprop). */
  readonly steps: number;
  /** Clip of the error signals (the toolkit's `gradient_cutoff`, 15; 0: none). */
  readonly errorClip: number;
}

/** How one online pass updates (learning rate 0: score only). */
export interface OnlineRates {
  /** Learning rate α. */
  readonly lr: number;
  /** L2 factor β (the toolkit's `-beta`, 1e-7). */
  readonly weightDecay: number;
  /** A BPTT walk after every `every`-th word (the toolkit's `bptt_block`). */
  readonly every: number;
  /** The L2 shrink on every `decayEvery`-th word (10 in the toolkit). */
  readonly decayEvery: number;
}

/** What an online engine does: score and learn a run of words, carrying its state. */
export interface OnlineEngine {
  /**
   * For t = 0 … n−1: scores `targets[t]` after `inputs[t]` (writing
   * `log P` into `logProbs[t]`) and, when `rates.lr > 0`, learns from it.
   */
  run(inputs: Int32Array, targets: Int32Array, rates: OnlineRates, logProbs: Float64Array): void;
  /** A fresh start: `s_in` = 0.1 everywhere, no history, the word counter at 0. */
  reset(): void;
  /** The hidden state the next word starts from (a copy). */
  hidden(): Float64Array;
}

/**
 * The reference engine: the toolkit's steps over plain arrays, in the
 * arrays' own precision (float64 for checks).
 *
 * @example
 * ```ts
 * import { ReferenceOnlineEngine } from "./rnnlm_online.ts";
 * const H = 2, w = {
 *   H, Wxh: new Float64Array(3 * H), Whh: new Float64Array(H * H), Vc: new Float64Array(2 * H),
 *   Vw: new Float64Array(3 * H), classOf: Int32Array.of(0, 1, 1), starts: Int32Array.of(0, 1, 3),
 *   steps: 13, errorClip: 15,
 * };
 * const engine = new ReferenceOnlineEngine(w);
 * const logProbs = new Float64Array(1);
 * engine.run(Int32Array.of(0), Int32Array.of(2), { lr: 0, weightDecay: 0, every: 10, decayEvery: 10 }, logProbs);
 * console.assert(Math.abs(logProbs[0] - Math.log(0.25)) < 1e-12); // all weights 0: ½ · ½
 * ```
 */
export class ReferenceOnlineEngine implements OnlineEngine {
  readonly #w: OnlineWeights;
  readonly #sIn: Float64Array;
  readonly #s: Float64Array;
  readonly #eh: Float64Array;
  /** Ring of the last `steps + 1` words: input word, hidden state, stored error. */
  readonly #words: Int32Array;
  readonly #hs: Float64Array[];
  readonly #es: Float64Array[];
  #counter = 0;

  /** An engine over `weights` (shared, updated in place). */
  constructor(weights: OnlineWeights) {
    this.#w = weights;
    const { H, steps } = weights;
    this.#sIn = new Float64Array(H);
    this.#s = new Float64Array(H);
    this.#eh = new Float64Array(H);
    this.#words = new Int32Array(steps + 1);
    this.#hs = Array.from({ length: steps + 1 }, () => new Float64Array(H));
    this.#es = Array.from({ length: steps + 1 }, () => new Float64Array(H));
    this.reset();
  }

  /**
   * A fresh start: the toolkit's `netFlush` (`s_in` = 0.1), and its BPTT
   * history cleared, with the state before the first word (0.1) as the
   * newest entry, so the first walk reads the state the first word really
   * started from. (The toolkit keeps its history buffers across epochs: its
   * first walk of an epoch also reads a few states and errors left from the
   * end of the previous epoch, and takes zeros for the initial state.)
   */
  reset(): void {
    this.#sIn.fill(0.1);
    this.#words.fill(-1);
    for (const h of this.#hs) h.fill(0);
    for (const e of this.#es) e.fill(0);
    this.#hs[0].fill(0.1);
    this.#counter = 0;
  }

  /** The hidden state the next word starts from. */
  hidden(): Float64Array {
    return this.#sIn.slice();
  }

  /** Scores (and learns) word by word. */
  run(inputs: Int32Array, targets: Int32Array, rates: OnlineRates, logProbs: Float64Array): void {
    for (let t = 0; t < inputs.length; t++) {
      this.#counter++;
      logProbs[t] = this.#forward(inputs[t], targets[t]);
      if (rates.lr > 0) this.#learn(inputs[t], targets[t], rates);
      this.#sIn.set(this.#s);
    }
  }

  /** Step 1: the hidden state and `log P(y)`; leaves the probabilities in the scratch arrays. */
  #forward(x: number, y: number): number {
    const { H, Wxh, Whh } = this.#w, s = this.#s, sIn = this.#sIn;
    for (let j = 0; j < H; j++) s[j] = Wxh[x * H + j];
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < H; j++) s[j] += sIn[i] * Whh[i * H + j];
    }
    for (let j = 0; j < H; j++) s[j] = 1 / (1 + Math.exp(-Math.min(50, Math.max(-50, s[j]))));
    const { Vc, Vw, classOf, starts } = this.#w, c = classOf[y];
    this.#pc = softmaxRows(Vc, 0, starts.length - 1, s, H);
    this.#pw = softmaxRows(Vw, starts[c], starts[c + 1], s, H);
    return Math.log(this.#pc[c]) + Math.log(this.#pw[y - starts[c]]);
  }

  #pc = new Float64Array(0);
  #pw = new Float64Array(0);

  /** Steps 2–4. */
  #learn(x: number, y: number, rates: OnlineRates): void {
    const { H, Vc, Vw, classOf, starts, errorClip } = this.#w;
    const { lr } = rates, s = this.#s, eh = this.#eh;
    const shrink = this.#counter % rates.decayEvery === 0 ? lr * rates.weightDecay : 0;
    const c = classOf[y];
    eh.fill(0);
    for (let k = starts[c]; k < starts[c + 1]; k++) {
      const e = (k === y ? 1 : 0) - this.#pw[k - starts[c]];
      outputRow(Vw, k * H, e, s, eh, lr, shrink);
    }
    clip(eh, errorClip);
    for (let k = 0; k < starts.length - 1; k++) {
      outputRow(Vc, k * H, (k === c ? 1 : 0) - this.#pc[k], s, eh, lr, shrink);
    }
    clip(eh, errorClip);
    this.#push(x);
    if (this.#counter % rates.every === 0) this.#walk(lr, shrink);
  }

  /** Stores this word in the ring: entry 0 is now, entry k is k words ago. */
  #push(x: number): void {
    const n = this.#words.length;
    this.#words.copyWithin(1, 0, n - 1);
    this.#words[0] = x;
    this.#hs.unshift(this.#hs.pop()!);
    this.#es.unshift(this.#es.pop()!);
    this.#hs[0].set(this.#s);
    this.#es[0].set(this.#eh);
  }

  /** Step 3: the walk back, then the updates of `Whh` and of the input rows of `Wxh`. */
  #walk(lr: number, shrink: number): void {
    const { H, Whh, Wxh, steps, errorClip } = this.#w;
    const deltas: Float64Array[] = [], befores: Float64Array[] = [];
    let e = this.#es[0].slice();
    for (let step = 0; step < steps; step++) {
      const now = this.#hs[step], before = step === 0 ? this.#sIn : this.#hs[step + 1];
      const delta = e.map((v, j) => v * now[j] * (1 - now[j]));
      const back = new Float64Array(H);
      for (let i = 0; i < H; i++) {
        let sum = 0;
        for (let j = 0; j < H; j++) sum += delta[j] * Whh[i * H + j];
        back[i] = sum;
      }
      clip(back, errorClip);
      deltas.push(delta);
      befores.push(before.slice());
      e = back.map((v, i) => v + this.#es[step + 1][i]);
    }
    for (const stored of this.#es) stored.fill(0);
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < H; j++) {
        let g = 0;
        for (let step = 0; step < steps; step++) g += befores[step][i] * deltas[step][j];
        Whh[i * H + j] += lr * g - shrink * Whh[i * H + j];
      }
    }
    updateInputRows(Wxh, H, this.#words, deltas, lr, shrink);
  }
}

/**
 * `Wxh[x_t] += lr·δ_t` for the words of the walk, as the toolkit does it: a
 * word's whole sum at its first occurrence (shrunk by the weight before it),
 * and one more shrink at every later occurrence.
 */
function updateInputRows(
  Wxh: Data,
  H: number,
  words: Int32Array,
  deltas: Float64Array[],
  lr: number,
  shrink: number,
): void {
  const done = new Set<number>();
  for (let step = 0; step < deltas.length; step++) {
    const x = words[step];
    if (x < 0) continue;
    for (let j = 0; j < H; j++) {
      let g = 0;
      if (!done.has(x)) {
        for (let k = step; k < deltas.length; k++) if (words[k] === x) g += deltas[k][j];
      }
      Wxh[x * H + j] += lr * g - shrink * Wxh[x * H + j];
    }
    done.add(x);
  }
}

/** One output unit: `e_h += e·V[row]` with the old weights, then `V[row] += lr·e·s − shrink·V[row]`. */
function outputRow(
  V: Data,
  base: number,
  e: number,
  s: Float64Array,
  eh: Float64Array,
  lr: number,
  shrink: number,
): void {
  for (let j = 0; j < s.length; j++) {
    const v = V[base + j];
    eh[j] += e * v;
    V[base + j] = v + lr * e * s[j] - shrink * v;
  }
}

/** `softmax(V[first:end]·s)`, the maximum subtracted. */
function softmaxRows(V: Data, first: number, end: number, s: Float64Array, H: number) {
  const p = new Float64Array(end - first);
  let max = -Infinity;
  for (let k = first; k < end; k++) {
    let z = 0;
    for (let j = 0; j < H; j++) z += V[k * H + j] * s[j];
    p[k - first] = z;
    max = Math.max(max, z);
  }
  let sum = 0;
  for (let k = 0; k < p.length; k++) sum += p[k] = Math.exp(p[k] - max);
  for (let k = 0; k < p.length; k++) p[k] /= sum;
  return p;
}

/** Clamps every entry to ±limit (no-op for limit 0). */
function clip(v: Float64Array, limit: number): void {
  if (limit <= 0) return;
  for (let i = 0; i < v.length; i++) v[i] = Math.max(-limit, Math.min(limit, v[i]));
}
