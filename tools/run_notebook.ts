/**
 * Executes one notebook in a fresh Deno kernel and returns it with all outputs.
 *
 * Two modes:
 * - sequential (default): one cell at a time, each complete after its reply, its idle
 *   and a grace period of silence; the run stops at the first failing cell;
 * - queued (`queued: true`), like Run All in a front end: every cell is sent at once,
 *   outputs are attributed strictly by parent message id, and every output a front end
 *   would drop or misplace is a failure.
 *
 * Whatever happens (error, timeout, kernel exit, malformed file) the run returns a
 * {@link NotebookRun} whose notebook holds the outputs so far and the error as the
 * failing cell's output; the kernel is always shut down.
 *
 * @module
 */

import { basename, dirname, resolve } from "node:path";
import {
  CellTimeoutError,
  type ExecuteResult,
  KernelClient,
  KernelExitError,
} from "./kernel/client.ts";
import type { CellError } from "./kernel/errors.ts";
import { executeQueued, liveDisplayProblems, type LiveOptions } from "./kernel/queued.ts";
import type { CellRecord, RoutingProblem } from "./kernel/router.ts";
import {
  type CodeCell,
  normalizeNotebook,
  type Notebook,
  readNotebook,
  sourceText,
} from "./nbformat.ts";
import { type CellFailure, errorOutput, type FailureKind, firstLine } from "./report.ts";

export { type CellFailure, formatFailure, runStatus } from "./report.ts";
export type { LiveOptions } from "./kernel/queued.ts";

/** Options for {@link runNotebook}. */
export interface RunOptions {
  /** Per-cell time limit in milliseconds, output included. Default 300 000. */
  timeoutMs?: number;
  /** iopub silence that ends a cell after reply and idle, in milliseconds. Default 300. */
  graceMs?: number;
  /** Queue every cell at once, like Run All, and check where each output lands. */
  queued?: boolean;
  /**
   * Fail long cells whose display updates did not arrive while they ran (see
   * {@link liveProblems}); `true` uses the default thresholds.
   */
  live?: boolean | LiveOptions;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** Called after each code cell of a sequential run, e.g. for progress output. */
  onCell?: (index: number, cell: CodeCell) => void;
}

/** One executed code cell and its message timeline. */
export interface CellTimeline {
  /** Index among all cells (0-based). */
  cellIndex: number;
  record: CellRecord;
}

/** The outcome of running one notebook. */
export interface NotebookRun {
  /** File name, e.g. `03_hello_char_lm.ipynb`. */
  name: string;
  path: string;
  /** The executed notebook (nbformat 4.5); on failure, executed up to the failing cell. */
  notebook: Notebook;
  seconds: number;
  /** Code cells executed (including a failing one). */
  cells: number;
  /** Outputs produced. */
  outputs: number;
  /** The first failure, if any (it decides the notebook's status). */
  failure?: CellFailure;
  /** Every failure, in cell order (a queued run can have several). */
  failures: CellFailure[];
  /** The timeline of every executed code cell. */
  timeline: CellTimeline[];
  /** False when the file could not be read as a notebook (nothing to write). */
  valid: boolean;
}

interface Job {
  cellIndex: number;
  codeCell: number;
  cell: CodeCell;
  source: string;
}

/**
 * Runs the code cells of the notebook at `path` in a kernel started in the notebook's
 * folder. Never throws for a notebook problem: failures are in the returned run.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<NotebookRun> {
  const name = basename(path);
  const started = performance.now();
  const run: NotebookRun = {
    name,
    path,
    notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] },
    seconds: 0,
    cells: 0,
    outputs: 0,
    failures: [],
    timeline: [],
    valid: false,
  };
  try {
    run.notebook = normalizeNotebook(await readNotebook(path));
    run.valid = true;
  } catch (e) {
    fail(run, "malformed", undefined, { ename: "NotebookFormatError", evalue: message(e) });
  }
  if (run.valid) {
    const jobs = jobsOf(run.notebook);
    await execute(run, jobs, options);
    if (options.live) liveFailures(run, jobs, options.live === true ? {} : options.live);
  }
  run.failures.sort((a, b) => a.cellIndex - b.cellIndex);
  run.failure = run.failures[0];
  run.outputs = run.notebook.cells.reduce(
    (n, c) => n + (c.cell_type === "code" ? c.outputs.length : 0),
    0,
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The non-empty code cells (as nbclient: empty cells are not executed), outputs cleared. */
function jobsOf(notebook: Notebook): Job[] {
  const jobs: Job[] = [];
  let codeCell = 0;
  notebook.cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== "code") return;
    codeCell++;
    cell.outputs = [];
    cell.execution_count = null;
    const source = sourceText(cell);
    if (source.trim() !== "") jobs.push({ cellIndex, codeCell, cell, source });
  });
  return jobs;
}

/** Records a failure of `job` (or of the notebook when `job` is undefined). */
function fail(
  run: NotebookRun,
  kind: FailureKind,
  job: Job | undefined,
  error: Pick<CellError, "ename" | "evalue"> & { traceback?: string[] },
): CellFailure {
  const failure: CellFailure = {
    notebook: run.name,
    kind,
    cellIndex: job?.cellIndex ?? -1,
    codeCell: job?.codeCell ?? 0,
    firstLine: job ? firstLine(job.source) : "",
    ename: error.ename,
    evalue: error.evalue,
    traceback: error.traceback ?? [],
  };
  run.failures.push(failure);
  return failure;
}

/** Fails `job` and makes sure its cell shows the error. */
function failCell(run: NotebookRun, kind: FailureKind, job: Job, error: CellError): void {
  const failure = fail(run, kind, job, error);
  const shown = job.cell.outputs.some((o) =>
    o.output_type === "error" && o.ename === error.ename && o.evalue === error.evalue
  );
  if (!shown) job.cell.outputs.push(errorOutput(failure));
}

/** Puts a record's outputs into its cell (the same array: later messages still land). */
function attach(run: NotebookRun, job: Job, record: CellRecord): void {
  job.cell.outputs = record.outputs;
  job.cell.execution_count = record.executionCount;
  run.timeline.push({ cellIndex: job.cellIndex, record });
}

async function execute(run: NotebookRun, jobs: Job[], options: RunOptions): Promise<void> {
  let kernel: KernelClient;
  try {
    kernel = await KernelClient.start({
      cwd: dirname(resolve(run.path)),
      env: options.env,
      strict: options.queued ?? false,
    });
  } catch (e) {
    fail(run, "kernel-start", undefined, { ename: "KernelStartError", evalue: message(e) });
    return;
  }
  try {
    if (options.queued) await runQueued(run, kernel, jobs, options);
    else await runSequential(run, kernel, jobs, options);
  } catch (e) {
    await handleAbort(run, kernel, jobs, e);
  } finally {
    await kernel.shutdown();
  }
}

/** A timeout or kernel exit: the running cell fails; a timed-out kernel is stopped. */
async function handleAbort(run: NotebookRun, kernel: KernelClient, jobs: Job[], e: unknown) {
  if (!(e instanceof CellTimeoutError || e instanceof KernelExitError)) throw e;
  const record = e.record ?? kernel.router.mostRecent();
  const job = record ? jobs[record.position] : undefined;
  if (e instanceof CellTimeoutError) await kernel.abort(); // interrupt, then kill
  for (const [i, r] of kernel.router.records.entries()) {
    if (!run.timeline.some((t) => t.record === r)) attach(run, jobs[i], r);
  }
  const kind = e instanceof CellTimeoutError ? "timeout" : "kernel-exit";
  const error: CellError = { ename: e.name, evalue: e.message, traceback: [], kind };
  if (job) failCell(run, kind, job, error);
  else fail(run, kind, undefined, error);
}

async function runSequential(
  run: NotebookRun,
  kernel: KernelClient,
  jobs: Job[],
  options: RunOptions,
): Promise<void> {
  for (const job of jobs) {
    run.cells++;
    const result = await kernel.execute(job.source, options);
    attach(run, job, result.record);
    options.onCell?.(job.cellIndex, job.cell);
    if (result.error) return failCell(run, "error", job, result.error);
    // An error thrown later by a timer of an earlier cell lands on that cell.
    if (uncaughtFailure(run, jobs, kernel)) return;
  }
  await kernel.flush(options.graceMs ?? 300);
  uncaughtFailure(run, jobs, kernel);
}

/** Fails the first cell that received an uncaught error after it had finished. */
function uncaughtFailure(run: NotebookRun, jobs: Job[], kernel: KernelClient): boolean {
  const record = kernel.router.records.find((r) => r.uncaught.length > 0);
  if (!record) return false;
  failCell(run, "error", jobs[record.position], record.uncaught[0]);
  return true;
}

async function runQueued(
  run: NotebookRun,
  kernel: KernelClient,
  jobs: Job[],
  options: RunOptions,
): Promise<void> {
  run.cells = jobs.length;
  const { results, problems } = await executeQueued(
    kernel,
    jobs.map((j) => j.source),
    { timeoutMs: options.timeoutMs, settleMs: options.graceMs },
  );
  results.forEach((result: ExecuteResult, i) => {
    attach(run, jobs[i], result.record);
    if (result.error) failCell(run, "error", jobs[i], result.error);
  });
  routingFailures(run, jobs, problems);
}

const ROUTING = {
  late: { kind: "late-output", ename: "LateOutput", what: "after the cell had finished" },
  foreign: { kind: "foreign-output", ename: "OutputFromAnotherCell", what: "from another cell" },
  stray: { kind: "stray-output", ename: "OutputAfterLastCell", what: "after the last cell" },
} as const;

/** One failure per cell and kind of routing problem, listing the outputs concerned. */
function routingFailures(run: NotebookRun, jobs: Job[], problems: RoutingProblem[]): void {
  const groups = new Map<string, RoutingProblem[]>();
  for (const p of problems) {
    const key = `${p.cell}:${p.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    const r = ROUTING[first.kind];
    const one = `${first.output} ${first.detail}`;
    fail(run, r.kind, jobs[first.cell], {
      ename: r.ename,
      evalue: group.length === 1 ? one : `${group.length} outputs ${r.what}; the first: ${one}`,
      traceback: [
        "A Jupyter front end running all cells would drop or misplace these outputs:",
        ...group.slice(0, 10).map((p) => `${p.output} ${p.detail}`),
        ...(group.length > 10 ? [`… and ${group.length - 10} more`] : []),
      ],
    });
  }
}

/** One "DisplayNotLive" failure per long cell whose displays came only at its end. */
function liveFailures(run: NotebookRun, jobs: Job[], options: LiveOptions): void {
  for (const t of run.timeline) {
    const [problem] = liveDisplayProblems([t.record], options, () => "");
    const job = jobs.find((j) => j.cellIndex === t.cellIndex);
    if (problem && job) {
      fail(run, "not-live", job, {
        ename: "DisplayNotLive",
        evalue: problem.replace(/^: /, ""),
        traceback: ["A learner sees this display only when the cell ends, not while it runs."],
      });
    }
  }
}

/**
 * The cells of `run` whose display updates did not arrive while they ran (see
 * `liveDisplayProblems`): cells of at least `minDurationMs` (default 1 s) that sent
 * displays must have `minBeforeMiddle` (default 2) of them arrive before the middle of
 * their run. Named like failures: `03_x.ipynb, cell 12: …`.
 */
export function liveProblems(run: NotebookRun, options: LiveOptions = {}): string[] {
  const index = new Map(run.timeline.map((t) => [t.record, t.cellIndex]));
  return liveDisplayProblems(
    run.timeline.map((t) => t.record),
    options,
    (r) => `${run.name}, cell ${(index.get(r) ?? -1) + 1}`,
  );
}
