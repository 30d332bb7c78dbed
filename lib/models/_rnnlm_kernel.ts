/**
 * The RNNLM toolkit's step in WebAssembly (`lib/core/wasm/rnnlm.as`): the
 * float32 engine behind `RNNLM.learn` and `RNNLM.logProbs`.
 *
 * Each float32 model owns one WebAssembly memory, sized once for its weights,
 * two states (one for training, one for scoring) and a buffer of words; the
 * model's parameter matrices are views into it, so the kernel updates them
 * in place and nothing is copied but the words in and the log-probabilities
 * out. The memory never grows, so the views stay valid. The relaxed-SIMD
 * build (fused multiply-add) is used where the engine accepts it, else plain
 * SIMD; without WebAssembly SIMD the model falls back to the TypeScript
 * engine (`rnnlm_online.ts`).
 *
 * @module
 */

import { decodeBase64 } from "../core/wasm/base64.ts";
import { RNNLM_RELAXED_WASM_BASE64, RNNLM_SIMD_WASM_BASE64 } from "../core/wasm/rnnlm_bytes.ts";
import type { WordClasses } from "../layers/word_classes.ts";
import type { OnlineEngine, OnlineRates, OnlineWeights } from "./rnnlm_online.ts";

/** What `rnnlm.as` exports; pointers are byte offsets into the memory. */
interface RnnlmExports {
  heapBase(): number;
  stateBytes(hidden: number, steps: number): number;
  scratchBytes(hidden: number, classes: number, largestClass: number, steps: number): number;
  setup(...args: number[]): void;
  stateHidden(state: number): number;
  reset(state: number): void;
  run(...args: number[]): void;
}

/** Words per kernel call (longer runs are cut into pieces; the result is the same). */
const CHUNK = 8192;
const STATES = 2;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel (relaxed SIMD if valid here, else plain SIMD), or null without SIMD. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  for (const base64 of [RNNLM_RELAXED_WASM_BASE64, RNNLM_SIMD_WASM_BASE64]) {
    const bytes = decodeBase64(base64);
    if (WebAssembly.validate(bytes)) {
      compiled = new WebAssembly.Module(bytes);
      break;
    }
  }
  return compiled;
}

/** A float32 model's memory: its weight arrays and where the kernel keeps the rest. */
export interface KernelStorage {
  /** `Wxh` `[V × H]`. */
  readonly Wxh: Float32Array;
  /** `Whh` `[H × H]`. */
  readonly Whh: Float32Array;
  /** `Vc` then `Vw`, `(C + V) × H`. */
  readonly V: Float32Array;
  /** The instance's functions. */
  readonly kernel: RnnlmExports;
  /** The memory. */
  readonly memory: WebAssembly.Memory;
  /** Where the states start, and how many bytes each takes. */
  readonly states: number;
  /** Bytes of one state. */
  readonly stateBytes: number;
  /** Where the word buffers start: inputs, targets (CHUNK i32 each), log-probabilities (CHUNK f64). */
  readonly io: number;
  /** Engines handed out so far. */
  engines: number;
}

/** Memory for a float32 model of this shape, or undefined (no kernel wanted, or no SIMD here). */
export function kernelStorage(
  use: boolean,
  shape: { H: number; steps: number; classes: WordClasses },
): KernelStorage | undefined {
  const module = use ? kernelModule() : null;
  if (!module) return undefined;
  const { H, steps, classes } = shape, V = classes.vocabSize, C = classes.numClasses;
  let largest = 0;
  for (let c = 0; c < C; c++) largest = Math.max(largest, classes.size(c));
  const memory = new WebAssembly.Memory({ initial: 1 });
  const kernel = new WebAssembly.Instance(module, { env: { memory } })
    .exports as unknown as RnnlmExports;
  let top = kernel.heapBase();
  const take = (bytes: number) => {
    const at = top;
    top += Math.ceil(bytes / 16) * 16;
    return at;
  };
  const pWxh = take(V * H * 4), pWhh = take(H * H * 4), pV = take((C + V) * H * 4);
  const pClassOf = take(V * 4), pStarts = take((C + 1) * 4);
  const pScratch = take(kernel.scratchBytes(H, C, largest, steps));
  const stateBytes = Math.ceil(kernel.stateBytes(H, steps) / 16) * 16;
  const states = take(STATES * stateBytes);
  const io = take(CHUNK * 16);
  memory.grow(Math.ceil(top / 65536));
  const buffer = memory.buffer;
  new Int32Array(buffer, pClassOf, V).set(classes.classOf);
  new Int32Array(buffer, pStarts, C + 1).set(classes.starts);
  kernel.setup(H, C, steps, pWxh, pWhh, pV, pV + C * H * 4, pClassOf, pStarts, pScratch, largest);
  return {
    Wxh: new Float32Array(buffer, pWxh, V * H),
    Whh: new Float32Array(buffer, pWhh, H * H),
    V: new Float32Array(buffer, pV, (C + V) * H),
    kernel,
    memory,
    states,
    stateBytes,
    io,
    engines: 0,
  };
}

/** One of the storage's two states, as an {@link OnlineEngine} over the model's weights. */
export function createKernelEngine(storage: KernelStorage, weights: OnlineWeights): OnlineEngine {
  if (storage.engines >= STATES) {
    throw new RangeError(`RNNLM kernel: a model has room for ${STATES} states, all in use`);
  }
  const state = storage.states + storage.engines++ * storage.stateBytes;
  const { kernel, io } = storage, buffer = storage.memory.buffer;
  const inputs = new Int32Array(buffer, io, CHUNK);
  const targets = new Int32Array(buffer, io + CHUNK * 4, CHUNK);
  const out = new Float64Array(buffer, io + CHUNK * 8, CHUNK);
  kernel.reset(state);
  return {
    run(xs: Int32Array, ys: Int32Array, rates: OnlineRates, logProbs: Float64Array): void {
      const { lr, weightDecay, every, decayEvery } = rates;
      for (let t = 0; t < xs.length; t += CHUNK) {
        const n = Math.min(CHUNK, xs.length - t);
        inputs.set(xs.subarray(t, t + n));
        targets.set(ys.subarray(t, t + n));
        kernel.run(
          state,
          n,
          inputs.byteOffset,
          targets.byteOffset,
          out.byteOffset,
          lr,
          weightDecay,
          every,
          decayEvery,
          weights.errorClip,
        );
        logProbs.set(out.subarray(0, n), t);
      }
    },
    reset: () => kernel.reset(state),
    hidden: () => Float64Array.from(new Float32Array(buffer, kernel.stateHidden(state), weights.H)),
  };
}
