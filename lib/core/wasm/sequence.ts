/**
 * The recurrent kernels of the WebAssembly backend: each call runs a whole
 * sequence's loop over time inside WebAssembly (`recurrent.as`), on one core
 * or on two.
 *
 * A call stages its arrays into the kernels' memory once (a copy in, and a
 * copy out for results), packs the recurrent weight once for the whole
 * sequence, writes a job (a block of i32 words), and runs it: on one thread,
 * or on the main thread and the worker at once, which claim chunks of each
 * step's units in turn (see `recurrent.as`).
 * Float64 arrays go to the reference kernels unchanged.
 *
 * @module
 */

import type {
  GRUGradients,
  GRUSequence,
  LSTMGradients,
  LSTMSequence,
  RecurrentKernels,
  RNNSequence,
} from "../kernels_recurrent.ts";
import type { Activation } from "../kernels.ts";
import type { Data } from "../matrix.ts";
import type { WasmExports } from "./module.ts";
import { type GemmWorker, JOB_KIND } from "./parallel.ts";

/** What the sequence kernels need from the WebAssembly runtime of `kernels_wasm.ts`. */
export interface WasmArena {
  /** The module's functions. */
  readonly exports: WasmExports;
  /** Scratch of each thread (packed A, an edge tile). */
  readonly work: number[];
  /** Forgets earlier staged arrays. */
  reset(): void;
  /** Reserves `length` floats; returns the byte address. */
  reserve(length: number): number;
  /** The address of `data` in the memory (copied in unless `copy` is false). */
  stage(data: Float32Array, length: number, copy?: boolean): number;
  /** Copies `length` floats at `ptr` back into `data`. */
  unstage(ptr: number, data: Float32Array, length: number): void;
  /** The memory as floats. */
  readonly f32: Float32Array;
  /** The second thread, when two cores may be used and it is ready. */
  helper(): GemmWorker | undefined;
}

/** Word indices of a job; must match the constants at the top of `recurrent.as`. */
export const JOB = {
  kind: 0,
  steps: 1,
  batch: 2,
  hidden: 3,
  threads: 4,
  flags: 5,
  chunk: 6,
  work: 7,
  claimed: 9,
  done: 10,
  sleep: 11,
  ptr: 13,
  words: 32,
} as const;

/** Job kinds of `recurrent.as`. */
const KIND = { rnnF: 1, rnnB: 2, lstmF: 3, lstmB: 4, gruF: 5, gruB: 6 } as const;

const ACTIVATION_CODE: Record<Activation, number> = { tanh: 0, sigmoid: 1, relu: 2, identity: 3 };

/**
 * Both cores are used when a step's product has at least this many
 * multiply-adds (B·G·H·H): below it the hand-offs between the threads outweigh
 * the halved work.
 */
export const SEQUENCE_PARALLEL_MIN_MACS = 1 << 17;

function allF32(...arrays: (Data | undefined)[]): boolean {
  return arrays.every((a) => a === undefined || a instanceof Float32Array);
}

/** One call's staging: arrays in, the job, results out. */
class Call {
  readonly #rt: WasmArena;
  readonly #out: [number, Float32Array, number][] = [];
  readonly job: number;

  constructor(rt: WasmArena, kind: number, s: { steps: number; batch: number; hidden: number }) {
    this.#rt = rt;
    rt.reset();
    this.job = rt.reserve(JOB.words);
    const words = new Int32Array(rt.f32.buffer, this.job, JOB.words);
    words.fill(0);
    words.set([kind, s.steps, s.batch, s.hidden], JOB.kind);
  }

  /** Sets word `index` of the job. */
  set(index: number, value: number): void {
    new Int32Array(this.#rt.f32.buffer, this.job, JOB.words)[index] = value;
  }

  /** Stages `data` (copied in unless `copy` is false) as argument `i`; results are copied back. */
  array(i: number, data: Data | undefined, options: { copy?: boolean; result?: boolean } = {}) {
    if (data === undefined) return;
    const { copy = true, result = false } = options;
    const ptr = this.#rt.stage(data as Float32Array, data.length, copy);
    if (result) this.#out.push([ptr, data as Float32Array, data.length]);
    this.set(JOB.ptr + i, ptr);
  }

  /** Packs op(W) (k×n, W stored with row stride `ld`, starting at `offset`) as argument `i`. */
  packed(i: number, w: Data, trans: boolean, k: number, n: number, ld: number, offset = 0): void {
    const rt = this.#rt, x = rt.exports;
    const raw = rt.stage(w as Float32Array, w.length);
    const dst = rt.reserve(x.packedBytes(k, n) / 4);
    x.packWhole(+trans, raw + 4 * offset, ld, k, n, dst);
    this.set(JOB.ptr + i, dst);
  }

  /** Scratch of `length` floats as argument `i`. */
  scratch(i: number, length: number): void {
    this.set(JOB.ptr + i, this.#rt.reserve(length));
  }

  /** Runs the job on one or two threads, then copies the results back. */
  run(hidden: number, stepMacs: number): void {
    const rt = this.#rt;
    const helper = stepMacs >= SEQUENCE_PARALLEL_MIN_MACS && hidden >= 16 ? rt.helper() : undefined;
    this.set(JOB.threads, helper ? 2 : 1);
    // Two threads: chunks of about H/8 units (a multiple of 8, the product's panel width).
    this.set(JOB.chunk, helper ? Math.max(8, Math.ceil(hidden / 64) * 8) : hidden);
    this.set(JOB.work, rt.work[0]);
    this.set(JOB.work + 1, rt.work[1]);
    if (helper) {
      helper.post(JOB_KIND.sequence, this.job);
      rt.exports.runSequence(this.job, 0);
      helper.finish();
    } else {
      rt.exports.runSequence(this.job, 0);
    }
    for (const [ptr, data, length] of this.#out) rt.unstage(ptr, data, length);
  }
}

/**
 * The recurrent kernels over a WebAssembly runtime; float64 goes to `fallback`.
 * The WebAssembly backend includes them (`loadWasmKernels`).
 *
 * @example
 * ```ts
 * import { loadWasmKernels } from "../kernels_wasm.ts";
 * const { kernels } = loadWasmKernels("relaxed-simd", 1);
 * const hs = new Float32Array([0.5, 0]); // one unit, two steps: a_t in, h_t out
 * kernels!.rnnForward({
 *   steps: 2, batch: 1, hidden: 1, activation: "tanh",
 *   hs, h0: new Float32Array([0]), Whh: new Float32Array([2]),
 * });
 * console.assert(Math.abs(hs[1] - Math.tanh(2 * Math.tanh(0.5))) < 1e-6);
 * ```
 */
export function wasmRecurrentKernels(rt: WasmArena, fallback: RecurrentKernels): RecurrentKernels {
  return {
    rnnForward: (s) => rnnForward(rt, fallback, s),
    rnnBackward: (s, da, dh0) => rnnBackward(rt, fallback, s, da, dh0),
    lstmForward: (s) => lstmForward(rt, fallback, s),
    lstmBackward: (s, d) => lstmBackward(rt, fallback, s, d),
    gruForward: (s) => gruForward(rt, fallback, s),
    gruBackward: (s, d) => gruBackward(rt, fallback, s, d),
  };
}

/** The Elman loop forward: `hs` in and out, `Whh` packed. */
function rnnForward(
  rt: WasmArena,
  fallback: RecurrentKernels,
  s: RNNSequence,
): void {
  if (!allF32(s.hs, s.h0, s.Whh)) return fallback.rnnForward(s);
  const H = s.hidden, call = new Call(rt, KIND.rnnF, s);
  call.set(JOB.flags, ACTIVATION_CODE[s.activation]);
  call.array(0, s.hs, { result: true });
  call.array(1, s.h0);
  if (s.Whh) call.packed(2, s.Whh, false, H, H, H);
  call.run(H, s.batch * H * H);
}

/** The Elman loop back: `da` in and out, `Whhᵀ` packed. */
function rnnBackward(
  rt: WasmArena,
  fallback: RecurrentKernels,
  s: RNNSequence,
  da: Data,
  dh0: Data,
): void {
  if (!allF32(s.hs, s.h0, s.Whh, da, dh0)) return fallback.rnnBackward(s, da, dh0);
  const H = s.hidden, call = new Call(rt, KIND.rnnB, s);
  call.set(JOB.flags, ACTIVATION_CODE[s.activation]);
  call.array(0, s.hs);
  if (s.Whh) call.packed(2, s.Whh, true, H, H, H);
  call.array(3, da, { result: true });
  call.array(4, dh0, { copy: false, result: true });
  call.run(H, s.batch * H * H);
}

/** The LSTM loop forward: pre-activations in, activations (gate-major), c and h out. */
function lstmForward(
  rt: WasmArena,
  fallback: RecurrentKernels,
  s: LSTMSequence,
): void {
  const p = s.peephole;
  if (!allF32(s.gates, s.acts, s.Wh, s.h0, s.c0, s.hs, s.cs, p?.i, p?.f, p?.o)) {
    return fallback.lstmForward(s);
  }
  const H = s.hidden, GH = (s.coupled ? 3 : 4) * H, call = new Call(rt, KIND.lstmF, s);
  call.set(JOB.flags, (s.coupled ? 1 : 0) | (p ? 2 : 0));
  call.array(0, s.gates);
  call.packed(1, s.Wh, false, H, GH, GH);
  call.array(2, s.h0);
  call.array(3, s.c0);
  call.array(4, s.hs, { copy: false, result: true });
  call.array(5, s.cs, { copy: false, result: true });
  call.array(6, p?.i);
  call.array(7, p?.f);
  call.array(8, p?.o);
  call.array(9, s.acts, { copy: false, result: true });
  call.run(H, s.batch * GH * H);
}

/** The LSTM loop back: gate gradients, ∂L/∂h_0 and ∂L/∂c_0 out. */
function lstmBackward(
  rt: WasmArena,
  fallback: RecurrentKernels,
  s: LSTMSequence,
  d: LSTMGradients,
): void {
  const p = s.peephole;
  if (!allF32(s.acts, s.Wh, s.c0, s.cs, p?.i, p?.f, p?.o, d.dh, d.dc, d.dGates, d.dh0)) {
    return fallback.lstmBackward(s, d);
  }
  const H = s.hidden, GH = (s.coupled ? 3 : 4) * H, call = new Call(rt, KIND.lstmB, s);
  call.set(JOB.flags, (s.coupled ? 1 : 0) | (p ? 2 : 0));
  call.array(0, s.acts);
  call.packed(1, s.Wh, true, GH, H, GH);
  call.array(3, s.c0);
  call.array(5, s.cs);
  call.array(6, p?.i);
  call.array(7, p?.f);
  call.array(8, p?.o);
  call.array(9, d.dh);
  call.array(10, d.dc);
  call.array(11, d.dGates, { copy: false, result: true });
  call.array(12, d.dh0, { copy: false, result: true });
  call.array(13, d.dc0, { copy: false, result: true });
  call.scratch(14, s.batch * H);
  call.run(H, s.batch * GH * H);
}

/** The GRU loop forward (Cho's form: `Wh`'s r, z columns and its n columns packed apart). */
function gruForward(
  rt: WasmArena,
  fallback: RecurrentKernels,
  s: GRUSequence,
): void {
  if (!allF32(s.gates, s.acts, s.Wh, s.bhn, s.h0, s.hs, s.hn)) return fallback.gruForward(s);
  const H = s.hidden, cho = s.variant === "cho", call = new Call(rt, KIND.gruF, s);
  call.set(JOB.flags, cho ? 1 : 0);
  call.array(0, s.gates);
  call.packed(1, s.Wh, false, H, cho ? 2 * H : 3 * H, 3 * H);
  if (cho) call.packed(2, s.Wh, false, H, H, 3 * H, 2 * H);
  call.array(3, s.bhn);
  call.array(4, s.h0);
  call.array(5, s.hs, { copy: false, result: true });
  call.array(6, s.hn, { copy: false, result: true });
  call.array(7, s.acts, { copy: false, result: true });
  call.run(H, s.batch * 3 * H * H);
}

/** The GRU loop back (Cho's form: `Wh_rzᵀ` and `W_hnᵀ` packed apart). */
function gruBackward(
  rt: WasmArena,
  fallback: RecurrentKernels,
  s: GRUSequence,
  d: GRUGradients,
): void {
  if (!allF32(s.acts, s.Wh, s.h0, s.hs, s.hn, d.dh, d.dGates, d.dHidden, d.dh0)) {
    return fallback.gruBackward(s, d);
  }
  const H = s.hidden, cho = s.variant === "cho", call = new Call(rt, KIND.gruB, s);
  call.set(JOB.flags, cho ? 1 : 0);
  call.array(0, s.acts);
  // op(B) = (the r, z columns of) Whᵀ: row j of Wh read as column j.
  call.packed(1, s.Wh, true, cho ? 2 * H : 3 * H, H, 3 * H);
  if (cho) call.packed(2, s.Wh, true, H, H, 3 * H, 2 * H);
  call.array(4, s.h0);
  call.array(5, s.hs);
  call.array(6, s.hn);
  call.array(7, d.dh);
  call.array(8, d.dGates, { copy: false, result: true });
  if (!cho) call.array(9, d.dHidden, { copy: false, result: true });
  call.array(10, d.dh0, { copy: false, result: true });
  call.scratch(11, s.batch * H);
  call.run(H, s.batch * 3 * H * H);
}
