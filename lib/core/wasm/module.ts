/**
 * Loads the WebAssembly kernels built from `kernels.as` and `recurrent.as`: picks the relaxed-SIMD
 * build when the engine accepts it, else the plain SIMD build, and
 * instantiates it on a shared memory that the caller (or a worker) provides.
 *
 * @module
 */

import { decodeBase64 } from "./base64.ts";
import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64 } from "./kernels_bytes.ts";

/** The functions `kernels.as` exports; every pointer is a byte offset into the memory. */
export interface WasmExports {
  /** Bytes of scratch one `gemm` call needs at its `work` pointer. */
  gemmWorkBytes(): number;
  /** `C[i0:i1, j0:j1] (+)= op(A)·op(B)` restricted to that block of the m×n result. */
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    accumulate: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    work: number,
  ): void;
  tanhForward(x: number, out: number, len: number): void;
  sigmoidForward(x: number, out: number, len: number): void;
  reluForward(x: number, out: number, len: number): void;
  tanhBackward(y: number, dy: number, dx: number, len: number): void;
  sigmoidBackward(y: number, dy: number, dx: number, len: number): void;
  reluBackward(y: number, dy: number, dx: number, len: number): void;
  addRowVector(x: number, m: number, n: number, bias: number): void;
  sumRows(x: number, m: number, n: number, out: number): void;
  softmaxRows(x: number, m: number, n: number, out: number): void;
  /** Bytes of op(B) (k×n) packed whole by `packWhole`. */
  packedBytes(k: number, n: number): number;
  /** Packs op(B) (k×n, row stride `ldb`) once, as every product of a sequence reads it. */
  packWhole(transB: number, b: number, ldb: number, k: number, n: number, dst: number): void;
  /** Runs one thread's share of the product described at `job` (blocks claimed in turn). */
  gemmJob(job: number, thread: number): void;
  /** Runs one thread's share of the recurrent job at `job` (see `sequence.ts`). */
  runSequence(job: number, thread: number): void;
}

/** Which build was chosen. */
export type WasmFlavor = "relaxed-simd" | "simd";

/** A compiled kernel module and the build it came from. */
export interface CompiledKernels {
  /** The compiled module; instantiate it once per thread. */
  module: WebAssembly.Module;
  /** `"relaxed-simd"` (fused multiply-add) or `"simd"`. */
  flavor: WasmFlavor;
}

/** Largest memory the module accepts, in 64 KiB pages (wasm32: 4 GiB). */
export const MAX_PAGES = 65536;

/**
 * Compiles the best build this engine validates, or returns `undefined` when
 * it has no WebAssembly SIMD at all (callers then keep the reference kernels).
 * `RNN_WASM_FLAVOR=simd` forces the fallback build (for testing it).
 */
export function compileKernels(prefer: WasmFlavor = "relaxed-simd"): CompiledKernels | undefined {
  const candidates: [WasmFlavor, string][] = prefer === "relaxed-simd"
    ? [["relaxed-simd", RELAXED_WASM_BASE64], ["simd", SIMD_WASM_BASE64]]
    : [["simd", SIMD_WASM_BASE64]];
  for (const [flavor, base64] of candidates) {
    const bytes = decodeBase64(base64);
    if (WebAssembly.validate(bytes)) return { module: new WebAssembly.Module(bytes), flavor };
  }
  return undefined;
}

/**
 * A shared memory for the kernels: shared so that growing it never detaches
 * existing views and so that workers can compute into it.
 */
export function createMemory(initialPages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: MAX_PAGES, shared: true });
}

/** Instantiates the module on `memory` (synchronously: the module is small). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as WasmExports;
}
