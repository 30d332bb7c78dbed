/**
 * Matrix-product throughput (GFLOP/s) of the fast and the reference kernels
 * at the course's sizes, for `deno task bench`.
 *
 * The fast kernels are timed on one core and on two (large products split
 * with a worker). Method: one warm-up call, then timed samples of several
 * calls each (so a sample lasts a few milliseconds), and the median sample.
 * The reference kernels are slow, so they run a smaller version of each shape
 * (fewer rows, or a shorter inner dimension for Aᵀ·B); the rate per flop is
 * what is compared.
 *
 * @module
 */

import { type Kernels, referenceKernels } from "../lib/core/kernels.ts";
import { setGemmThreads } from "../lib/core/backend.ts";
import { median, pad } from "./format.ts";

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
  /** OpenBLAS sgemm through PyTorch, one thread, or null when not measured. */
  openblasOneThreadGflops: number | null;
}

/**
 * Times every shape: fast kernels on one core, then on two, and the reference;
 * prints a table, with OpenBLAS on one thread beside (`openblas`, measured
 * through PyTorch) when given.
 */
export async function gemmTable(
  fast: Kernels | undefined,
  quick: boolean,
  openblas?: number[],
): Promise<GemmResult[]> {
  const samples = quick ? 3 : 9;
  const oneCore: (number | null)[] = [], twoCores: (number | null)[] = [];
  if (fast) {
    await setGemmThreads(1);
    for (const s of SHAPES) {
      oneCore.push(gemmRate(fast, s.transA, s.transB, s.m, s.n, s.k, samples));
    }
    await setGemmThreads(2);
    for (const s of SHAPES) {
      twoCores.push(gemmRate(fast, s.transA, s.transB, s.m, s.n, s.k, samples));
    }
    await setGemmThreads(1);
  }
  const header = `${pad("product (float32), GFLOP/s", 32)} ${pad("fast 1 core", 12, true)} ${
    pad("fast 2 cores", 13, true)
  } ${pad("reference", 10, true)} ${pad("ratio", 7, true)}${
    openblas ? ` ${pad("OpenBLAS 1 thr", 15, true)}` : ""
  }`;
  console.log(header);
  console.log("-".repeat(header.length));
  return SHAPES.map((s, index) => {
    const fastGflops = twoCores[index] ?? null, fastOneCoreGflops = oneCore[index] ?? null;
    const r = s.reference;
    const ref = gemmRate(referenceKernels, s.transA, s.transB, r.m, r.n, r.k, quick ? 1 : 3, 10);
    const speedup = fastGflops === null ? null : fastGflops / ref;
    console.log(
      `${pad(s.label, 32)} ${pad(fmt(fastOneCoreGflops), 12, true)} ${
        pad(fmt(fastGflops), 13, true)
      } ${pad(fmt(ref), 10, true)} ${
        pad(speedup === null ? "–" : `${speedup.toFixed(1)}×`, 7, true)
      }${openblas ? ` ${pad(fmt(openblas[index]), 15, true)}` : ""}`,
    );
    const { label: shape, transA, transB, m, n, k } = s;
    return {
      shape,
      transA,
      transB,
      m,
      n,
      k,
      fastGflops,
      fastOneCoreGflops,
      referenceGflops: ref,
      referenceShape: r,
      speedup,
      openblasOneThreadGflops: openblas?.[index] ?? null,
    };
  });
}

function fmt(x: number | null, digits = 2): string {
  return x === null ? "–" : x.toFixed(digits);
}
