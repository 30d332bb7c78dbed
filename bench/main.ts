/**
 * Benchmarks behind `deno task bench`: matrix-product throughput (GFLOP/s) of
 * the fast and the reference kernels at the course's sizes, side by side, and
 * char-LM training throughput (tokens/s) when `bench/training.ts` exists.
 * Prints a table and writes `out/bench.json`.
 *
 * The fast kernels are timed on one core and on two (large products split
 * with a worker); the ratio is two cores against the reference.
 *
 * Method: one warm-up call, then timed samples of several calls each (so a
 * sample lasts a few milliseconds), and the median sample. The reference
 * kernels are slow, so they run a smaller version of each shape (fewer rows,
 * or a shorter inner dimension for Aᵀ·B); the rate per flop is what is compared.
 *
 * @module
 */

import { type Kernels, referenceKernels } from "../lib/core/kernels.ts";
import {
  backendInfo,
  fastKernels as loadFastKernels,
  kernels,
  setGemmThreads,
  useKernels,
} from "../lib/core/backend.ts";
import { measureTrainingThroughput } from "./training.ts";

/** One product to time: `op(A)·op(B)` of shape m×k · k×n. */
export interface GemmShape {
  /** A short label for the table. */
  label: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  /** The smaller shape the reference kernels run (same transposes). */
  reference: { m: number; n: number; k: number };
}

/** The products the course's models run (forward and both backward forms). */
export const SHAPES: GemmShape[] = [
  {
    label: "X·W 2048×256·256×1024",
    transA: false,
    transB: false,
    m: 2048,
    n: 1024,
    k: 256,
    reference: { m: 64, n: 1024, k: 256 },
  },
  {
    label: "h·Whh 32×256·256×256",
    transA: false,
    transB: false,
    m: 32,
    n: 256,
    k: 256,
    reference: { m: 32, n: 256, k: 256 },
  },
  {
    label: "h·Why 32×256·256×10000",
    transA: false,
    transB: false,
    m: 32,
    n: 10000,
    k: 256,
    reference: { m: 4, n: 10000, k: 256 },
  },
  {
    label: "Xᵀ·dY (2048×256)ᵀ·2048×256",
    transA: true,
    transB: false,
    m: 256,
    n: 256,
    k: 2048,
    reference: { m: 256, n: 256, k: 128 },
  },
  {
    label: "dY·Wᵀ 2048×1024·(256×1024)ᵀ",
    transA: false,
    transB: true,
    m: 2048,
    n: 256,
    k: 1024,
    reference: { m: 64, n: 256, k: 1024 },
  },
  {
    label: "dh·Whhᵀ 32×256·(256×256)ᵀ",
    transA: false,
    transB: true,
    m: 32,
    n: 256,
    k: 256,
    reference: { m: 32, n: 256, k: 256 },
  },
];

function randomF32(length: number): Float32Array {
  const out = new Float32Array(length);
  let s = 12345;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0; // a cheap LCG: benchmarks need values, not quality
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Median GFLOP/s of `backend.gemm` on one shape: a warm-up call, then
 * `samples` timed samples of enough calls to last about `sampleMs`.
 */
export function gemmRate(
  backend: Kernels,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  samples = 7,
  sampleMs = 20,
): number {
  const a = randomF32(m * k);
  const b = randomF32(k * n);
  const c = new Float32Array(m * n);
  const t0 = performance.now();
  backend.gemm(transA, transB, m, n, k, a, b, c, false);
  const once = Math.max(performance.now() - t0, 0.001);
  const calls = Math.max(1, Math.round(sampleMs / once));
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let r = 0; r < calls; r++) backend.gemm(transA, transB, m, n, k, a, b, c, false);
    times.push((performance.now() - start) / calls);
  }
  return (2 * m * n * k) / (median(times) / 1000) / 1e9;
}

/** Result row for one shape. */
export interface GemmResult {
  shape: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  /** Fast kernels on both cores (large products split), or null without them. */
  fastGflops: number | null;
  /** Fast kernels on one core. */
  fastOneCoreGflops: number | null;
  referenceGflops: number;
  referenceShape: { m: number; n: number; k: number };
  speedup: number | null;
}

/** The bar from ../shared/NOTES.md: a Python framework with OpenBLAS, one thread (tokens/s). */
const FRAMEWORK_TOKENS_PER_SECOND = { rnn: 57_000, gru: 31_000, lstm: 17_000 };

function trainingThroughput(backends: Kernels[], seconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const backend of backends) {
    const previous = useKernels(backend);
    try {
      out[backend.name] = measureTrainingThroughput({
        cell: "rnn",
        hidden: 256,
        batch: 32,
        steps: 64,
        vocab: 83,
        dtype: "float32",
        seconds,
      }).tokensPerSecond;
    } finally {
      useKernels(previous);
    }
  }
  return out;
}

function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) : s.padEnd(width);
}

function fmt(x: number | null, digits = 2): string {
  return x === null ? "–" : x.toFixed(digits);
}

async function main(): Promise<void> {
  const fastKernels = loadFastKernels();
  const wasmFlavor = backendInfo().flavor;
  const quick = Deno.args.includes("--quick");
  const active = kernels();
  console.log(
    `Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), fast kernels: ${
      fastKernels?.name ?? "none"
    } (${wasmFlavor}), active: ${active.name}, ${navigator.hardwareConcurrency} cores`,
  );
  console.log("");
  // Fast kernels on one core for every shape, then on two (worker started and warm).
  const oneCore: (number | null)[] = [];
  const twoCores: (number | null)[] = [];
  if (fastKernels) {
    await setGemmThreads(1);
    for (const s of SHAPES) {
      oneCore.push(gemmRate(fastKernels, s.transA, s.transB, s.m, s.n, s.k, quick ? 3 : 9));
    }
    await setGemmThreads(2);
    for (const s of SHAPES) {
      twoCores.push(gemmRate(fastKernels, s.transA, s.transB, s.m, s.n, s.k, quick ? 3 : 9));
    }
  }
  const header = `${pad("product (float32), GFLOP/s", 32)} ${pad("fast 1 core", 12, true)} ${
    pad("fast 2 cores", 13, true)
  } ${pad("reference", 10, true)} ${pad("ratio", 7, true)}`;
  console.log(header);
  console.log("-".repeat(header.length));
  const results: GemmResult[] = [];
  for (const [index, s] of SHAPES.entries()) {
    const fast = twoCores[index] ?? null;
    const fast1 = oneCore[index] ?? null;
    const r = s.reference;
    const ref = gemmRate(referenceKernels, s.transA, s.transB, r.m, r.n, r.k, quick ? 1 : 3, 10);
    const speedup = fast === null ? null : fast / ref;
    results.push({
      shape: s.label,
      transA: s.transA,
      transB: s.transB,
      m: s.m,
      n: s.n,
      k: s.k,
      fastGflops: fast,
      fastOneCoreGflops: fast1,
      referenceGflops: ref,
      referenceShape: r,
      speedup,
    });
    console.log(
      `${pad(s.label, 32)} ${pad(fmt(fast1), 12, true)} ${pad(fmt(fast), 13, true)} ${
        pad(fmt(ref), 10, true)
      } ${pad(speedup === null ? "–" : `${speedup.toFixed(1)}×`, 7, true)}`,
    );
  }

  console.log("");
  const backends = fastKernels ? [fastKernels, referenceKernels] : [referenceKernels];
  const training = trainingThroughput(backends, quick ? 2 : 8);
  const goal = FRAMEWORK_TOKENS_PER_SECOND.rnn / 2;
  console.log(
    "char-LM training, tanh RNN, hidden 256, batch 32, 64 steps, vocab 83, float32 (median step):",
  );
  for (const [name, tps] of Object.entries(training)) {
    console.log(
      `  ${pad(name, 10)} ${pad(Math.round(tps).toLocaleString("en"), 10, true)} tokens/s  ` +
        `(${(tps / FRAMEWORK_TOKENS_PER_SECOND.rnn).toFixed(2)}× the framework's ` +
        `${FRAMEWORK_TOKENS_PER_SECOND.rnn.toLocaleString("en")}; goal ${
          goal.toLocaleString("en")
        })`,
    );
  }

  const report = {
    date: new Date().toISOString(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    cores: navigator.hardwareConcurrency,
    kernels: { fast: fastKernels?.name ?? null, flavor: wasmFlavor, reference: "reference" },
    method: "median of timed samples after one warm-up call; GFLOP/s = 2·m·n·k / time",
    gemm: results,
    training: { rnn: training, frameworkTokensPerSecond: FRAMEWORK_TOKENS_PER_SECOND },
  };
  await Deno.mkdir(new URL("../out/", import.meta.url), { recursive: true });
  const outUrl = new URL("../out/bench.json", import.meta.url);
  await Deno.writeTextFile(outUrl, JSON.stringify(report, null, 2) + "\n");
  console.log("");
  console.log("wrote out/bench.json");
  if (fastKernels) await setGemmThreads(1);
}

if (import.meta.main) await main();
