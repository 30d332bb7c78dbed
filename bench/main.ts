/**
 * Benchmarks behind `deno task bench`:
 * 1. matrix-product throughput (GFLOP/s) of the fast and the reference kernels
 *    at the course's sizes, beside OpenBLAS's (through PyTorch, one thread)
 *    when Debian's PyTorch is installed (`gemm.ts`);
 * 2. char-LM training throughput (tokens/s) for the RNN, the LSTM and the GRU
 *    (`training.ts`), ours on one core and on two, beside PyTorch on one thread
 *    and on two measured in the same run (`pytorch.ts`), when Debian's
 *    PyTorch is installed.
 * Prints the tables and writes `out/bench.json`, with the machine's load
 * average before and after (the machines are shared: a busy one slows every
 * column).
 *
 * Options: `--quick` (short samples), `--rounds N` (repeat the training table
 * N times, interleaved, and report each entry's median; default 1),
 * `--seconds S` (per training measurement; default 6, quick 2),
 * `--cells rnn,lstm,gru`, `--no-gemm`.
 *
 * @module
 */

import { referenceKernels } from "../lib/core/kernels.ts";
import {
  backendInfo,
  fastKernels as loadFastKernels,
  setGemmThreads,
  useKernels,
} from "../lib/core/backend.ts";
import { type GemmResult, gemmTable, SHAPES } from "./gemm.ts";
import { median, pad, rate, ratio } from "./format.ts";
import { measureTorch, torchAvailable, torchGemm } from "./pytorch.ts";
import { type BenchCell, measureTrainingThroughput } from "./training.ts";

/** The model every training row trains (as `bench/pytorch_char_lm.py` does). */
const MODEL = { hidden: 256, batch: 32, steps: 64, vocab: 83, dtype: "float32" } as const;

interface Options {
  quick: boolean;
  rounds: number;
  seconds: number;
  cells: BenchCell[];
  gemm: boolean;
}

function parseOptions(args: string[]): Options {
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes("--quick");
  const cells = (value("--cells") ?? "rnn,lstm,gru").split(",") as BenchCell[];
  for (const cell of cells) {
    if (!["rnn", "lstm", "gru"].includes(cell)) {
      throw new RangeError(`--cells: unknown cell ${cell}`);
    }
  }
  return {
    quick,
    rounds: Number(value("--rounds") ?? 1),
    seconds: Number(value("--seconds") ?? (quick ? 2 : 6)),
    cells,
    gemm: !args.includes("--no-gemm"),
  };
}

/** One training row: tokens/s per column (null where not measured), every round's values. */
export interface TrainingRow {
  cell: BenchCell;
  ours1: number | null;
  ours2: number | null;
  torch1: number | null;
  torch2: number | null;
  rounds: Record<string, number[]>;
}

/** Our throughput on `threads` cores (the wasm backend; large products and the loops split). */
async function ours(cell: BenchCell, threads: 1 | 2, seconds: number): Promise<number> {
  await setGemmThreads(threads);
  return measureTrainingThroughput({ ...MODEL, cell, seconds }).tokensPerSecond;
}

/** Measures every column for every cell, `rounds` times interleaved; medians per entry. */
async function trainingRows(options: Options, torch: boolean): Promise<TrainingRow[]> {
  const fast = loadFastKernels() !== undefined, twoCores = navigator.hardwareConcurrency >= 2;
  const rounds = new Map(options.cells.map((c) => [c, {} as Record<string, number[]>]));
  const add = (cell: BenchCell, key: string, v: number) => (rounds.get(cell)![key] ??= []).push(v);
  for (let r = 0; r < options.rounds; r++) {
    for (const cell of options.cells) {
      if (fast) add(cell, "ours1", await ours(cell, 1, options.seconds));
      if (fast && twoCores) add(cell, "ours2", await ours(cell, 2, options.seconds));
      await setGemmThreads(1);
      for (const threads of [1, 2]) {
        if (!torch || (threads === 2 && !twoCores)) continue;
        const row = await measureTorch(cell, threads, options.seconds);
        add(cell, `torch${threads}`, row.tokensPerSecond);
      }
    }
  }
  return options.cells.map((cell) => {
    const m = rounds.get(cell)!;
    const get = (k: string) => (m[k] ? median(m[k]) : null);
    return {
      cell,
      ours1: get("ours1"),
      ours2: get("ours2"),
      torch1: get("torch1"),
      torch2: get("torch2"),
      rounds: m,
    };
  });
}

function printTraining(rows: TrainingRow[], torchNote: string): void {
  const cols = ["cell", "ours 1 core", "ours 2 cores", "PyTorch 1 thr", "PyTorch 2 thr"];
  const header = [pad(cols[0], 5), ...cols.slice(1).map((c) => pad(c, 13, true))].join(" ") +
    `  ${pad("1 core / PT 1", 14, true)} ${pad("2 cores / PT best", 18, true)}`;
  console.log(header);
  console.log("-".repeat(header.length));
  for (const r of rows) {
    const best = Math.max(r.torch1 ?? 0, r.torch2 ?? 0) || null;
    console.log(
      [pad(r.cell, 5), ...[r.ours1, r.ours2, r.torch1, r.torch2].map((x) => pad(rate(x), 13, true))]
        .join(" ") +
        `  ${pad(ratio(r.ours1, r.torch1), 14, true)} ${pad(ratio(r.ours2, best), 18, true)}`,
    );
  }
  console.log(torchNote);
}

/** The 1-, 5- and 15-minute load averages of this machine. */
function loadAverage(): number[] {
  try {
    return Deno.loadavg().map((x) => Math.round(x * 100) / 100);
  } catch {
    return []; // no --allow-sys
  }
}

/** The readable reference kernels on the RNN row, for scale (a few steps only). */
function referenceRnn(seconds: number): number {
  const previous = useKernels(referenceKernels);
  try {
    return measureTrainingThroughput({ ...MODEL, cell: "rnn", seconds, maxSteps: 5 })
      .tokensPerSecond;
  } finally {
    useKernels(previous);
  }
}

async function writeReport(report: Record<string, unknown>): Promise<void> {
  await Deno.mkdir(new URL("../out/", import.meta.url), { recursive: true });
  const outUrl = new URL("../out/bench.json", import.meta.url);
  await Deno.writeTextFile(outUrl, JSON.stringify(report, null, 2) + "\n");
  console.log("\nwrote out/bench.json");
}

async function main(): Promise<void> {
  const options = parseOptions(Deno.args);
  const fast = loadFastKernels(), { flavor } = backendInfo();
  const loadBefore = loadAverage();
  console.log(
    `Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), fast kernels: ${fast?.name ?? "none"} ` +
      `(${flavor}), ${navigator.hardwareConcurrency} cores, load average ${loadBefore.join(" ")}\n`,
  );
  const torch = await torchAvailable();
  const openblas = options.gemm && torch.version ? await torchGemm(SHAPES, 1) : undefined;
  const gemm: GemmResult[] = options.gemm ? await gemmTable(fast, options.quick, openblas) : [];
  console.log(
    `\nchar-LM training step: embedding → recurrent layer (hidden ${MODEL.hidden}) → affine → ` +
      `softmax, batch ${MODEL.batch} × ${MODEL.steps} steps, vocabulary ${MODEL.vocab}, ` +
      `float32, Adam, clipping; tokens/s of the median step, ${options.rounds} round(s)`,
  );
  const rows = await trainingRows(options, torch.version !== undefined);
  const torchNote = torch.version
    ? `PyTorch ${torch.version} (OpenBLAS) measured in the same run, threads set by ` +
      `OMP_NUM_THREADS and OPENBLAS_NUM_THREADS`
    : `PyTorch not measured: ${torch.reason}`;
  printTraining(rows, torchNote);
  const reference = options.cells.includes("rnn") ? referenceRnn(options.seconds) : null;
  if (reference !== null) {
    console.log(`reference kernels (readable TypeScript), rnn: ${rate(reference)} tokens/s`);
  }
  const loadAfter = loadAverage();
  console.log(`load average after: ${loadAfter.join(" ")}`);
  await writeReport({
    date: new Date().toISOString(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    cores: navigator.hardwareConcurrency,
    loadAverage: { before: loadBefore, after: loadAfter },
    kernels: { fast: fast?.name ?? null, flavor, reference: "reference" },
    method: "median of timed samples (gemm: after one warm-up call; training: median step after " +
      "3 warm-up steps, medians over rounds); GFLOP/s = 2·m·n·k / time",
    gemm,
    training: { model: MODEL, rows, torch: torch.version ?? torch.reason, referenceRnn: reference },
  });
  if (fast) await setGemmThreads(1);
}

if (import.meta.main) await main();
