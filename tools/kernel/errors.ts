/**
 * Errors of cells and kernels, as the runner reports them.
 *
 * @module
 */

import type { CellRecord } from "./router.ts";

/**
 * The default time limit of a cell: generous, because a training cell of the course
 * runs for minutes on a loaded 2-core machine, and a cell that never ends is stopped
 * and reported either way.
 */
export const DEFAULT_TIMEOUT_MS = 300_000;

/** Why a cell failed. */
export type CellErrorKind =
  | "exception"
  | "uncaught-error"
  | "unhandled-rejection"
  | "syntax"
  | "kernel"
  | "timeout"
  | "kernel-exit";

/** An error raised by a cell, as the kernel reported it (or as the runner found it). */
export interface CellError {
  ename: string;
  evalue: string;
  /** Traceback lines with ANSI colours removed. */
  traceback: string[];
  kind?: CellErrorKind;
  /** What the kernel wrote to its stderr while the cell ran, when it explains the error. */
  stderr?: string;
}

/** Thrown when a cell exceeds its time limit; `record` holds what arrived until then. */
export class CellTimeoutError extends Error {
  /** @param timeoutMs the limit; @param record the cell; @param waitingFor what had not happened */
  constructor(readonly timeoutMs: number, readonly record?: CellRecord, waitingFor = "") {
    super(`timed out after ${timeoutMs / 1000} s${waitingFor ? ` (${waitingFor})` : ""}`);
    this.name = "CellTimeoutError";
  }
}

/** Thrown when the kernel process exits; `record` is the cell that was running, if any. */
export class KernelExitError extends Error {
  /** @param code exit code; @param stderr the kernel's last stderr lines; @param record the cell */
  constructor(readonly code: number, readonly stderr: string, readonly record?: CellRecord) {
    super(
      `the kernel exited with code ${code}${record ? " while running the cell" : ""}${
        stderr ? `; its stderr:\n${stderr}` : ""
      }`,
    );
    this.name = "KernelExitError";
  }
}

/** Why a cell has not finished, for a timeout message. */
export function waitingFor(record: CellRecord): string {
  if (record.finished) return "output was still arriving after the cell had finished";
  if (record.idleAt !== undefined) return "the kernel reported idle but no execute_reply came";
  if (record.busyAt !== undefined) return "the cell was still running";
  return "the cell had not started: the kernel was still busy";
}
