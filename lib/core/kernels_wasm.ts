/**
 * The fast kernel backend: WebAssembly with 128-bit SIMD (relaxed fused
 * multiply-add where the engine has it), for float32. Importing this module
 * registers it as `"wasm"` and makes it the active backend, unless the
 * environment variable `RNN_KERNELS` names another one (`reference`).
 *
 * Float64 arrays (gradient checks) go to the reference kernels unchanged.
 *
 * Memory: matrices stay ordinary JavaScript typed arrays. Each call copies its
 * operands into a scratch arena inside the WebAssembly memory and copies the
 * result back. The recurrent kernels (`wasm/sequence.ts`) do this once per
 * sequence, not once per step: the whole loop over time runs inside
 * WebAssembly. Copies are O(size) against O(size^1.5) arithmetic for a product;
 * measured at the course sizes they cost a few per cent (see bench/main.ts), and
 * they keep every `Matrix` a plain array that any other code can use freely.
 * Arrays that already live in the kernels' memory are used in place.
 *
 * The module is embedded as base64 (`wasm/kernels_bytes.ts`), so loading needs
 * no permissions.
 *
 * @example
 * ```ts
 * import { loadWasmKernels } from "./kernels_wasm.ts";
 * const { kernels } = loadWasmKernels("relaxed-simd", 1);
 * const c = new Float32Array(1);
 * kernels!.gemm(false, false, 1, 1, 2, new Float32Array([1, 2]), new Float32Array([3, 4]), c, false);
 * console.assert(c[0] === 11);
 * ```
 *
 * @module
 */

import { type Activation, type Kernels, referenceKernels } from "./kernels.ts";
import type { Data } from "./matrix.ts";
import {
  compileKernels,
  createMemory,
  instantiate,
  type WasmExports,
  type WasmFlavor,
} from "./wasm/module.ts";
import { GemmWorker, JOB_KIND } from "./wasm/parallel.ts";
import { wasmRecurrentKernels } from "./wasm/sequence.ts";

const PAGE = 65536;
/**
 * Products with at least this many multiply-adds (m·n·k) are split across two
 * cores: below it the hand-off (≈ 20 µs) costs more than the second core saves.
 */
export const PARALLEL_MIN_MACS = 1 << 20;
/** Alignment of staged arrays, so SIMD loads of whole rows stay aligned when rows are. */
const ALIGN = 64;

/** The WebAssembly state behind the backend: one module, one memory, one arena. */
class WasmRuntime {
  readonly exports: WasmExports;
  readonly memory: WebAssembly.Memory;
  readonly flavor: WasmFlavor;
  /** Scratch for packing, one per thread that may run gemm. */
  readonly work: number[];
  /** Start of the per-call arena (staged operands); workspaces lie below it. */
  arenaBase: number;
  readonly #workspaces = new Map<string, { ptr: number; length: number }>();
  #top = 0;
  #f32: Float32Array;
  /** Every buffer object the memory has had (a shared memory gets a new one per grow). */
  readonly #buffers = new WeakSet<ArrayBufferLike>();

  constructor(module: WebAssembly.Module, flavor: WasmFlavor, threads: number) {
    this.flavor = flavor;
    this.memory = createMemory(64);
    this.exports = instantiate(module, this.memory);
    const workBytes = this.exports.gemmWorkBytes();
    this.work = [];
    let offset = ALIGN * 4; // the first bytes hold worker control words
    for (let t = 0; t < threads; t++) {
      this.work.push(offset);
      offset += roundUp(workBytes, ALIGN);
    }
    this.arenaBase = offset;
    this.#top = offset;
    this.#ensure(offset);
    this.#f32 = new Float32Array(this.memory.buffer);
    this.#buffers.add(this.memory.buffer);
  }

  /** How many cores products may use (`RNN_THREADS=1` or `setGemmThreads(1)` make it 1). */
  threads = 1;
  #worker?: GemmWorker;

  /** The worker for the second half of a product, once started and ready; starts it on first use. */
  helper(): GemmWorker | undefined {
    if (this.threads < 2) return undefined;
    if (!this.#worker) {
      try {
        this.#worker = new GemmWorker(this.memory, this.flavor, this.work[1]);
      } catch {
        this.threads = 1; // no workers here (permissions, platform): stay on one core
        return undefined;
      }
    }
    return this.#worker.ready ? this.#worker : undefined;
  }

  /** Stops the worker, if any. */
  async stopWorker(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  /** A Float32Array over the whole memory, refreshed after growth. */
  get f32(): Float32Array {
    const buffer = this.memory.buffer;
    if (buffer.byteLength !== this.#f32.byteLength) {
      this.#f32 = new Float32Array(buffer);
      this.#buffers.add(buffer);
    }
    return this.#f32;
  }

  /** True when `data` is a view into this memory (usable in place). */
  owns(data: Data): boolean {
    return this.#buffers.has(data.buffer);
  }

  /**
   * A named float32 buffer in the memory, reused from request to request (see
   * `Kernels.workspace`). A larger request moves the arena up and takes a new
   * block below it (the arena holds nothing between calls); the old one is left.
   */
  workspace(name: string, length: number): Float32Array {
    let w = this.#workspaces.get(name);
    if (w === undefined || w.length < length) {
      w = { ptr: this.arenaBase, length };
      this.arenaBase = roundUp(w.ptr + length * 4, ALIGN);
      this.#top = this.arenaBase;
      this.#ensure(this.arenaBase);
      this.#workspaces.set(name, w);
    }
    return new Float32Array(this.f32.buffer, w.ptr, length);
  }

  /** Starts a call: forgets earlier staged operands. */
  reset(): void {
    this.#top = this.arenaBase;
  }

  /** Reserves `length` floats in the arena and returns the byte pointer. */
  reserve(length: number): number {
    const ptr = this.#top;
    this.#top = roundUp(ptr + length * 4, ALIGN);
    this.#ensure(this.#top);
    return ptr;
  }

  /**
   * A pointer to the first `length` elements of `data` inside the memory:
   * in place when it already lives there, else a copy (skipped when
   * `copy` is false, for outputs about to be overwritten).
   */
  stage(data: Float32Array, length: number, copy = true): number {
    if (this.owns(data)) return data.byteOffset;
    const ptr = this.reserve(length);
    if (copy) this.f32.set(length === data.length ? data : data.subarray(0, length), ptr >>> 2);
    return ptr;
  }

  /** Copies `length` floats at `ptr` back into `data` unless `data` is that memory. */
  unstage(ptr: number, data: Float32Array, length: number): void {
    if (this.owns(data)) return;
    data.set(this.f32.subarray(ptr >>> 2, (ptr >>> 2) + length));
  }

  #ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** Pieces a product shared by two threads is cut into (each thread claims the next). */
export const PRODUCT_BLOCKS = 4;

/**
 * Writes the job of a product shared by two threads (see `kernels.as`
 * `gemmJob`) into the arena and returns its address. It is cut along the
 * dimension whose cut repeats the smaller packing: cutting n makes each block
 * pack A (m×k), cutting m makes each pack B (k×n).
 */
function productJob(
  rt: WasmRuntime,
  args: [boolean, boolean, number, number, number, number, number, number, boolean],
): number {
  const [transA, transB, m, n, k, pa, pb, pc, accumulate] = args;
  const splitN = m <= n;
  const block = splitN ? roundUp(n / PRODUCT_BLOCKS, 8) : roundUp(m / PRODUCT_BLOCKS, 6);
  const blocks = Math.ceil((splitN ? n : m) / block);
  const job = rt.reserve(32);
  const words = new Int32Array(rt.f32.buffer, job, 32);
  words.fill(0);
  words.set([+transA, +transB, m, n, k, pa, pb, pc, +accumulate]);
  words.set([+splitN, block, blocks, rt.work[0], rt.work[1]], 13);
  return job;
}

/** The matrix product on a runtime: one core, or two for large products (float64: reference). */
function wasmGemm(rt: WasmRuntime): Kernels["gemm"] {
  const w = rt.exports;
  return (transA, transB, m, n, k, a, b, c, accumulate) => {
    if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
      return referenceKernels.gemm(transA, transB, m, n, k, a, b, c, accumulate);
    }
    if (m === 0 || n === 0) return;
    rt.reset();
    const pa = rt.stage(a, m * k);
    const pb = b === a ? pa : rt.stage(b, k * n);
    const pc = rt.stage(c, m * n, accumulate);
    const helper = m * n * k >= PARALLEL_MIN_MACS ? rt.helper() : undefined;
    if (helper) {
      const job = productJob(rt, [transA, transB, m, n, k, pa, pb, pc, accumulate]);
      helper.post(JOB_KIND.gemm, job);
      w.gemmJob(job, 0);
      helper.finish();
    } else {
      w.gemm(+transA, +transB, m, n, k, pa, pb, pc, +accumulate, 0, m, 0, n, rt.work[0]);
    }
    rt.unstage(pc, c, m * n);
  };
}

/** The elementwise nonlinearities and their backward passes on a runtime (float64: reference). */
function wasmActivations(rt: WasmRuntime): Pick<Kernels, "activate" | "activateBackward"> {
  const w = rt.exports;
  return {
    activate(kind: Activation, x, out) {
      if (!(x instanceof Float32Array && out instanceof Float32Array) || kind === "identity") {
        return referenceKernels.activate(kind, x, out);
      }
      const len = x.length;
      rt.reset();
      const px = rt.stage(x, len);
      const po = out === x ? px : rt.stage(out, len, false);
      if (kind === "tanh") w.tanhForward(px, po, len);
      else if (kind === "sigmoid") w.sigmoidForward(px, po, len);
      else w.reluForward(px, po, len);
      rt.unstage(po, out, len);
    },

    activateBackward(kind: Activation, y, dy, dx) {
      if (
        !(y instanceof Float32Array && dy instanceof Float32Array && dx instanceof Float32Array) ||
        kind === "identity"
      ) {
        return referenceKernels.activateBackward(kind, y, dy, dx);
      }
      const len = y.length;
      rt.reset();
      const py = rt.stage(y, len);
      const pdy = rt.stage(dy, len);
      const pdx = dx === dy ? pdy : dx === y ? py : rt.stage(dx, len, false);
      if (kind === "tanh") w.tanhBackward(py, pdy, pdx, len);
      else if (kind === "sigmoid") w.sigmoidBackward(py, pdy, pdx, len);
      else w.reluBackward(py, pdy, pdx, len);
      rt.unstage(pdx, dx, len);
    },
  };
}

/** Builds the `Kernels` object over a runtime. */
function wasmKernels(rt: WasmRuntime): Kernels {
  const w = rt.exports;
  return {
    name: "wasm",

    ...wasmRecurrentKernels(rt, referenceKernels),

    workspace: (name, length, dtype) =>
      dtype === "float32" ? rt.workspace(name, length) : undefined,

    gemm: wasmGemm(rt),

    addRowVector(x, m, n, bias) {
      if (!(x instanceof Float32Array && bias instanceof Float32Array)) {
        return referenceKernels.addRowVector(x, m, n, bias);
      }
      rt.reset();
      const px = rt.stage(x, m * n);
      w.addRowVector(px, m, n, rt.stage(bias, n));
      rt.unstage(px, x, m * n);
    },

    sumRows(x, m, n, out) {
      if (!(x instanceof Float32Array && out instanceof Float32Array)) {
        return referenceKernels.sumRows(x, m, n, out);
      }
      rt.reset();
      const po = rt.stage(out, n);
      w.sumRows(rt.stage(x, m * n), m, n, po);
      rt.unstage(po, out, n);
    },

    ...wasmActivations(rt),

    softmaxRows(x, m, n, out) {
      if (!(x instanceof Float32Array && out instanceof Float32Array)) {
        return referenceKernels.softmaxRows(x, m, n, out);
      }
      rt.reset();
      const px = rt.stage(x, m * n);
      const po = out === x ? px : rt.stage(out, m * n, false);
      w.softmaxRows(px, m, n, po);
      rt.unstage(po, out, m * n);
    },
  };
}

/** What {@link loadWasmKernels} found: the backend, or why there is none. */
export interface WasmKernelsInfo {
  /** The backend, when this engine runs WebAssembly SIMD. */
  kernels?: Kernels;
  /** `"relaxed-simd"`, `"simd"`, or `"unavailable"`. */
  flavor: WasmFlavor | "unavailable";
}

/**
 * Compiles and instantiates the WebAssembly kernels (a new runtime per call;
 * `backend.ts` makes the one the engine uses). `prefer: "simd"` skips the
 * relaxed build, to test the fallback. `threads` (1 or 2) is how many cores
 * large products may use.
 */
export function loadWasmKernels(
  prefer: WasmFlavor = "relaxed-simd",
  threads: 1 | 2 = 2,
): WasmKernelsInfo {
  const compiled = compileKernels(prefer);
  if (!compiled) return { flavor: "unavailable" };
  const rt = new WasmRuntime(compiled.module, compiled.flavor, 2);
  rt.threads = threads;
  const kernels = wasmKernels(rt);
  runtimes.set(kernels, rt);
  return { kernels, flavor: compiled.flavor };
}

const runtimes = new Map<Kernels, WasmRuntime>();

/**
 * Sets how many cores large products of a WebAssembly `backend` use (1 or 2).
 * Going to 1 stops the worker thread, which tests do so that no thread
 * outlives them; going to 2 starts it and waits until it is ready (otherwise
 * it starts on the first large product and helps once warm). Returns the
 * previous count.
 */
export async function setWasmThreads(backend: Kernels, threads: 1 | 2): Promise<number> {
  const rt = runtimes.get(backend);
  if (!rt) throw new RangeError(`setGemmThreads: "${backend.name}" is not a wasm backend`);
  if (threads !== 1 && threads !== 2) {
    throw new RangeError(`setGemmThreads: threads must be 1 or 2, got ${threads}`);
  }
  const previous = rt.threads;
  rt.threads = threads;
  if (threads < 2) {
    await rt.stopWorker();
  } else {
    // Start the worker now and wait (up to 10 s) until it has warmed up.
    const deadline = performance.now() + 10_000;
    while (rt.threads > 1 && !rt.helper() && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return previous;
}
