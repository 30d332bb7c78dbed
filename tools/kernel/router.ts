/**
 * Routes kernel messages to the cells that asked for them, by parent message id, as
 * Jupyter front ends do, and records when each cell started and finished and when each
 * display message arrived.
 *
 * In strict mode (the runner's "queued like Run All" mode) it also records every output
 * a front end would drop or put under the wrong cell:
 * - `late`: the output's cell had already reported `idle` (front ends stop listening);
 * - `foreign`: the output came under a cell that had not started yet, or is an
 *   `execute_result` with another cell's execution count (the kernel stamps messages
 *   with the request it is working on when it sends them, not the one that made them);
 * - `stray`: the output names no cell (it arrived after the last cell had finished,
 *   while the runner's own check ran, or with an unknown parent).
 *
 * @module
 */

import type { Output } from "../nbformat.ts";
import type { CellError } from "./errors.ts";
import { markOf } from "./hooks.ts";
import { OutputCollector } from "./outputs.ts";
import type { Message } from "./wire.ts";

/** A message as it arrived, with its arrival time (`performance.now()`, ms). */
export interface Arrival {
  channel: "shell" | "iopub";
  msg: Message;
  at: number;
}

/** When a display message arrived. */
export interface DisplayEvent {
  msgType: "display_data" | "update_display_data";
  at: number;
  displayId?: string;
}

/** An output a front end would drop or misplace. */
export interface RoutingProblem {
  kind: "late" | "foreign" | "stray";
  /** Position of the affected cell in the execution order (0-based). */
  cell: number;
  /** A short description of the output, e.g. `stream stdout "x\n"`. */
  output: string;
  /** Why it is a problem. */
  detail: string;
  at: number;
}

const OUTPUT_TYPES = new Set([
  "stream",
  "display_data",
  "update_display_data",
  "execute_result",
  "error",
  "clear_output",
]);

/** One executed cell: its outputs and timeline. */
export class CellRecord {
  /** The cell's outputs, updated as messages arrive (also after the cell finished). */
  readonly outputs: Output[] = [];
  /** Display messages (`display_data`, `update_display_data`) in arrival order. */
  readonly displays: DisplayEvent[] = [];
  /** Errors the kernel would have swallowed (timers, unhandled rejections). */
  readonly uncaught: CellError[] = [];
  /** The `execute_reply` content, once it arrived. */
  // deno-lint-ignore no-explicit-any
  reply?: any;
  executionCount: number | null = null;
  busyAt?: number;
  idleAt?: number;
  replyAt?: number;
  /** Arrival time of the last message of this cell. */
  lastAt: number;

  /** @param msgId the execute_request's id; @param position its place in the execution order */
  constructor(readonly msgId: string, readonly position: number, readonly sentAt: number) {
    this.lastAt = sentAt;
  }

  /** Reply and idle have both arrived. */
  get finished(): boolean {
    return this.reply !== undefined && this.idleAt !== undefined;
  }
}

/** A short description of an output message for reports. */
export function describeOutput(msg: Message): string {
  const c = msg.content ?? {};
  const type = msg.header.msg_type;
  const clip = (s: unknown) => {
    const text = typeof s === "string" ? s : JSON.stringify(s) ?? "";
    return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
  };
  if (type === "stream") return `stream ${c.name} ${clip(c.text)}`;
  if (type === "error") return `error ${c.ename}: ${clip(c.evalue)}`;
  if (c.data && typeof c.data === "object") {
    const mimes = Object.keys(c.data).join(", ");
    return `${type} (${mimes}) ${clip(c.data["text/plain"] ?? "")}`;
  }
  return type;
}

/** Routes messages of one kernel session to {@link CellRecord}s. */
export class CellRouter {
  /** Display ids live as long as the session, so an update in cell 5 reaches cell 2. */
  readonly collector = new OutputCollector();
  readonly records: CellRecord[] = [];
  readonly problems: RoutingProblem[] = [];
  /** Requests of the runner itself (setup, flush): id → flush marker seen. */
  readonly internal = new Map<string, { flushed: boolean; replied: boolean; idle: boolean }>();
  readonly #byId = new Map<string, CellRecord>();

  /** @param strict record late, foreign and stray outputs as problems */
  constructor(public strict = false) {}

  /** Registers a cell's execute_request. */
  add(msgId: string, at: number): CellRecord {
    const record = new CellRecord(msgId, this.records.length, at);
    this.records.push(record);
    this.#byId.set(msgId, record);
    return record;
  }

  /** Registers a request of the runner itself. */
  addInternal(msgId: string): void {
    this.internal.set(msgId, { flushed: false, replied: false, idle: false });
  }

  /** The cell that is running or ran last (the kernel's idea of the current cell). */
  mostRecent(): CellRecord | undefined {
    return this.records.findLast((r) => r.busyAt !== undefined) ?? this.records.at(-1);
  }

  /** Routes one message. Returns the record it was attributed to, if any. */
  dispatch({ channel, msg, at }: Arrival): CellRecord | undefined {
    const parent = msg.parent_header?.msg_id ?? "";
    const record = this.#byId.get(parent);
    const internal = this.internal.get(parent);
    const type = msg.header.msg_type;
    if (channel === "shell") {
      if (type !== "execute_reply") return undefined;
      if (internal) internal.replied = true;
      if (record) [record.reply, record.replyAt, record.lastAt] = [msg.content, at, at];
      return record;
    }
    if (type === "status" || type === "execute_input") {
      if (internal && msg.content.execution_state === "idle") internal.idle = true;
      if (record) this.#status(record, msg, at);
      return record;
    }
    const mark = markOf(msg);
    if (mark === "flush") {
      if (internal) internal.flushed = true;
      return undefined;
    }
    if (!OUTPUT_TYPES.has(type)) return undefined;
    const target = record ?? this.mostRecent();
    if (!target) return undefined;
    if (mark) {
      target.uncaught.push({ ...pick(msg.content), kind: mark });
    } else if (this.strict) {
      this.#check(target, record !== undefined, msg, at, internal !== undefined);
    }
    if (type === "display_data" || type === "update_display_data") {
      target.displays.push({ msgType: type, at, displayId: msg.content?.transient?.display_id });
    }
    this.collector.apply(target.outputs, msg);
    target.lastAt = at;
    return target;
  }

  #status(record: CellRecord, msg: Message, at: number): void {
    if (msg.header.msg_type === "execute_input") {
      record.executionCount = msg.content.execution_count ?? null;
    } else if (msg.content.execution_state === "busy") {
      record.busyAt ??= at;
    } else if (msg.content.execution_state === "idle") {
      record.idleAt ??= at;
    }
    record.lastAt = at;
  }

  #check(target: CellRecord, own: boolean, msg: Message, at: number, internal: boolean): void {
    const problem = (kind: RoutingProblem["kind"], detail: string) =>
      this.problems.push({ kind, cell: target.position, output: describeOutput(msg), detail, at });
    if (!own) {
      problem(
        "stray",
        internal
          ? "arrived after the last cell had finished (no cell was listening any more)"
          : `arrived with an unknown parent message id "${msg.parent_header?.msg_id ?? ""}"`,
      );
    } else if (target.idleAt !== undefined) {
      problem("late", `arrived ${(at - target.idleAt).toFixed(0)} ms after the cell's idle`);
    } else if (target.busyAt === undefined) {
      problem("foreign", "arrived before the cell had started: another cell produced it");
    } else if (
      msg.header.msg_type === "execute_result" && target.executionCount !== null &&
      msg.content.execution_count !== target.executionCount
    ) {
      problem(
        "foreign",
        `is the result of execution ${msg.content.execution_count}, not of this cell (execution ${target.executionCount})`,
      );
    }
  }
}

// deno-lint-ignore no-explicit-any
function pick(c: any): Omit<CellError, "kind"> {
  return {
    ename: c?.ename ?? "Error",
    evalue: c?.evalue ?? "",
    traceback: Array.isArray(c?.traceback) ? c.traceback : [],
  };
}
