/**
 * Which kernels run the engine's arithmetic, decided here and nowhere else.
 *
 * The default is the WebAssembly SIMD backend (`"wasm"`) for float32, with
 * large products on both cores; float64 work (gradient checks) always runs the
 * readable TypeScript reference kernels, inside either backend. The choice is
 * made on first use, whichever module of the engine is imported, from:
 *
 * - `RNN_KERNELS=reference` or `wasm` (default `wasm` when available),
 * - `RNN_THREADS=1` or `2` (default: 2 when the machine has two cores),
 * - `RNN_WASM_FLAVOR=simd` to skip the relaxed-SIMD build.
 *
 * Reading the environment needs `--allow-env`. Without it the defaults apply
 * and one line on stderr says so, so a variable that was set is never ignored
 * silently. {@link useKernels} changes the backend at run time.
 *
 * @example
 * ```ts
 * import { backendInfo, kernels, useKernels } from "./backend.ts";
 * const previous = useKernels("reference");
 * console.assert(kernels().name === "reference" && backendInfo().source === "useKernels");
 * useKernels(previous);
 * ```
 *
 * @module
 */

import { type Kernels, referenceKernels } from "./kernels.ts";
import { loadWasmKernels, setWasmThreads } from "./kernels_wasm.ts";
import type { WasmFlavor } from "./wasm/module.ts";

/** The settings the backend reads from the environment. */
export const BACKEND_VARIABLES = ["RNN_KERNELS", "RNN_THREADS", "RNN_WASM_FLAVOR"] as const;

/** What {@link backendInfo} reports. */
export interface BackendInfo {
  /** The active backend's name, `"wasm"` or `"reference"`. */
  name: string;
  /** The WebAssembly build loaded, or `"unavailable"` (no SIMD in this engine). */
  flavor: WasmFlavor | "unavailable";
  /** Cores used by large float32 products (1 with the reference kernels). */
  threads: number;
  /** What chose the backend. */
  source: "default" | "RNN_KERNELS" | "useKernels";
  /** Environment variables that could not be read (no `--allow-env`). */
  unreadable: string[];
}

interface State {
  active: Kernels;
  wasm: Kernels | undefined;
  flavor: WasmFlavor | "unavailable";
  threads: 1 | 2;
  source: BackendInfo["source"];
  unreadable: string[];
}

let state: State | undefined;

/** The backend every op uses now (selected on the first call). */
export function kernels(): Kernels {
  return (state ??= select()).active;
}

/** The loaded WebAssembly backend, or `undefined` when this engine has no SIMD. */
export function fastKernels(): Kernels | undefined {
  return (state ??= select()).wasm;
}

/** Names of the backends this engine can run. */
export function kernelNames(): string[] {
  const wasm = fastKernels();
  return wasm ? [wasm.name, referenceKernels.name] : [referenceKernels.name];
}

/**
 * Selects the backend by name (`"wasm"`, `"reference"`) or object and returns
 * the previous one, so tests can switch and restore.
 */
export function useKernels(backend: string | Kernels): Kernels {
  const s = (state ??= select());
  const previous = s.active;
  s.active = typeof backend === "string" ? byName(backend, s.wasm, "useKernels") : backend;
  s.source = "useKernels";
  return previous;
}

/** The active backend, its build, cores and where the choice came from. */
export function backendInfo(): BackendInfo {
  const s = (state ??= select());
  return {
    name: s.active.name,
    flavor: s.flavor,
    threads: s.active === s.wasm ? s.threads : 1,
    source: s.source,
    unreadable: [...s.unreadable],
  };
}

/**
 * Sets how many cores large float32 products use (1 or 2) and returns the
 * previous count. 1 stops the worker thread (tests do, so that no thread
 * outlives them); 2 starts it and waits until it is ready.
 */
export async function setGemmThreads(threads: 1 | 2): Promise<number> {
  const s = (state ??= select());
  if (!s.wasm) return 1;
  const previous = await setWasmThreads(s.wasm, threads);
  s.threads = threads;
  return previous;
}

function byName(name: string, wasm: Kernels | undefined, what: string): Kernels {
  if (name === referenceKernels.name) return referenceKernels;
  if (name === "wasm" && wasm) return wasm;
  const known = (wasm ? [wasm.name, referenceKernels.name] : [referenceKernels.name]).join(", ");
  const why = name === "wasm" ? " (this engine has no WebAssembly SIMD)" : "";
  throw new RangeError(`${what}: unknown kernels "${name}"${why}, expected one of: ${known}`);
}

/** Reads a setting when the environment may be read, else records that it could not. */
function readSetting(name: string, unreadable: string[]): string | undefined {
  const status = Deno.permissions.querySync({ name: "env", variable: name });
  if (status.state !== "granted") {
    unreadable.push(name);
    return undefined;
  }
  const value = Deno.env.get(name);
  return value === "" ? undefined : value;
}

function select(): State {
  const unreadable: string[] = [];
  const requested = readSetting("RNN_KERNELS", unreadable);
  const threadSetting = readSetting("RNN_THREADS", unreadable);
  const flavorSetting = readSetting("RNN_WASM_FLAVOR", unreadable);
  if (threadSetting !== undefined && threadSetting !== "1" && threadSetting !== "2") {
    throw new RangeError(`RNN_THREADS="${threadSetting}" is not a thread count, expected 1 or 2`);
  }
  if (flavorSetting !== undefined && flavorSetting !== "simd" && flavorSetting !== "relaxed-simd") {
    throw new RangeError(
      `RNN_WASM_FLAVOR="${flavorSetting}" is not a build, expected simd or relaxed-simd`,
    );
  }
  const cores = Math.min(2, navigator.hardwareConcurrency ?? 1) as 1 | 2;
  const threads = threadSetting === undefined ? cores : Number(threadSetting) as 1 | 2;
  const loaded = loadWasmKernels(flavorSetting === "simd" ? "simd" : "relaxed-simd", threads);
  // Resolved before anything is stored, so a bad RNN_KERNELS fails every call, not just the first.
  const chosen = requested === undefined
    ? loaded.kernels ?? referenceKernels
    : byName(requested, loaded.kernels, `RNN_KERNELS="${requested}"`);
  const s: State = {
    active: chosen,
    wasm: loaded.kernels,
    flavor: loaded.flavor,
    threads: loaded.kernels ? threads : 1,
    source: requested === undefined ? "default" : "RNN_KERNELS",
    unreadable,
  };
  if (unreadable.length > 0) {
    console.error(
      `rnn engine: ${unreadable.join(", ")} not read (no --allow-env); ` +
        `using the ${s.active.name} kernels on ${s.threads} core(s)`,
    );
  }
  return s;
}
