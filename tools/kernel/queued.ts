/**
 * "Queued like Run All": every cell's execute_request is sent at once, as JupyterLab,
 * VS Code and classic Notebook do on Run All, and outputs are attributed strictly by
 * parent message id with no grace period after a cell's `idle`.
 *
 * What a front end would drop or misplace is reported as a {@link RoutingProblem}
 * (late, foreign or stray output, see `router.ts`). The arrival time of every display
 * message is kept on the cell's record, so a test can check that progress displays
 * update while a long cell runs (see {@link liveDisplayProblems}).
 *
 * @module
 */

import type { ExecuteResult, KernelClient } from "./client.ts";
import { CellTimeoutError, DEFAULT_TIMEOUT_MS, waitingFor } from "./errors.ts";
import type { CellRecord, RoutingProblem } from "./router.ts";

/** Options for {@link executeQueued}. */
export interface QueuedOptions {
  /** Time limit of each cell, counted from the end of the cell before it. Default 300 s. */
  timeoutMs?: number;
  /**
   * After the last cell, wait this long inside the kernel for output that comes late
   * (timers), then collect it as problems of the last cell. Default 300 ms.
   */
  settleMs?: number;
}

/** What {@link executeQueued} returns. */
export interface QueuedRun {
  /** One result per code given, in order. */
  results: ExecuteResult[];
  /** Outputs a front end would drop or put under the wrong cell. */
  problems: RoutingProblem[];
}

/**
 * Sends every code at once to `kernel` (which must have been started with
 * `strict: true`) and waits for each cell in order. Throws {@link CellTimeoutError} or
 * `KernelExitError` naming the cell (its record); earlier cells' records stay in
 * `kernel.router.records`.
 */
export async function executeQueued(
  kernel: KernelClient,
  codes: string[],
  options: QueuedOptions = {},
): Promise<QueuedRun> {
  if (!kernel.router.strict) {
    throw new Error("executeQueued: start the kernel with { strict: true } to check routing");
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const records: CellRecord[] = [];
  for (const code of codes) records.push(await kernel.submit(code));
  const marks: number[] = [];
  let startedAt = performance.now();
  for (const record of records) {
    marks.push(kernel.stderrMark());
    const ok = await kernel.pollUntil(
      () => record.finished,
      startedAt + timeoutMs,
      undefined,
      () => record,
    );
    if (!ok) throw new CellTimeoutError(timeoutMs, record, waitingFor(record));
    startedAt = performance.now();
  }
  await kernel.flush(options.settleMs ?? 300);
  const results: ExecuteResult[] = [];
  for (const [i, record] of records.entries()) {
    results.push(await kernel.result(record, codes[i], marks[i]));
  }
  return { results, problems: [...kernel.router.problems] };
}

/** Options for {@link liveDisplayProblems}. */
export interface LiveOptions {
  /** Only cells that ran at least this long are checked. Default 1000 ms. */
  minDurationMs?: number;
  /** Display messages required before the middle of the cell. Default 2. */
  minBeforeMiddle?: number;
}

/**
 * Checks that the display messages of long cells arrived while the cell ran, not all
 * at its end: a cell of at least `minDurationMs` that sent any display must have at
 * least `minBeforeMiddle` of them arrive before the middle of its run (between its
 * `busy` and its `idle`). Returns one message per failing cell (empty when all pass).
 * `label(record)` names a cell in the messages (default: its position).
 */
export function liveDisplayProblems(
  records: readonly CellRecord[],
  options: LiveOptions = {},
  label: (record: CellRecord) => string = (r) => `cell ${r.position + 1}`,
): string[] {
  const minDuration = options.minDurationMs ?? 1000;
  const minBefore = options.minBeforeMiddle ?? 2;
  const problems: string[] = [];
  for (const r of records) {
    // Only displays that are updated in place (a progress display) promise to be live; a
    // chart shown once at the end of a long computation is where it belongs.
    const updated = new Set(
      r.displays.filter((d) => d.msgType === "update_display_data").map((d) => d.displayId),
    );
    const live = r.displays.filter((d) => d.displayId !== undefined && updated.has(d.displayId));
    if (r.busyAt === undefined || r.idleAt === undefined || live.length === 0) continue;
    const duration = r.idleAt - r.busyAt;
    if (duration < minDuration) continue;
    const middle = r.busyAt + duration / 2;
    const before = live.filter((d) => d.at < middle).length;
    if (before < minBefore) {
      const first = ((live[0].at - r.busyAt) / duration * 100).toFixed(0);
      problems.push(
        `${label(r)}: ${before} of ${live.length} display updates arrived before the ` +
          `middle of its ${(duration / 1000).toFixed(1)} s run (the first at ${first}% of it): ` +
          `the display is not live (need ${minBefore})`,
      );
    }
  }
  return problems;
}
