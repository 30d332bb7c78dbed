/**
 * Code the runner executes silently in every kernel, and how it recognises what that
 * code sends back.
 *
 * The Deno kernel (2.9.6) swallows an error thrown inside a timer or event callback
 * and an unhandled promise rejection: nothing reaches the front end or the kernel's
 * stderr, and the cell reports success. {@link SETUP_CODE} listens for both and
 * publishes them as `error` messages, which the kernel sends with the header of the
 * cell that is running or ran last, marked in the message metadata.
 *
 * @module
 */

import type { Message } from "./wire.ts";

/** The metadata key of messages sent by the runner's own code in the kernel. */
export const MARK = "course-runner";

/** What a marked message reports. */
export type MarkKind = "uncaught-error" | "unhandled-rejection" | "flush";

/**
 * Installs listeners for uncaught errors and unhandled rejections in the kernel. Each
 * becomes an iopub `error` message (ename, evalue, traceback) with metadata
 * `{ "course-runner": kind }`. The default action (a silent drop in this kernel) is
 * prevented so the kernel's event loop is not left in an error state.
 */
export const SETUP_CODE = `(() => {
  const report = (kind, err) => {
    const e = err instanceof Error ? err : undefined;
    const what = kind === "uncaught-error"
      ? "Uncaught error in a timer or event callback"
      : "Unhandled promise rejection";
    Deno.jupyter.broadcast("error", {
      ename: e?.name ?? "Error",
      evalue: e?.message ?? String(err),
      traceback: [what + " (reported by the course runner):", ...String(e?.stack ?? err).split("\\n")],
    }, { metadata: { "${MARK}": kind } });
  };
  globalThis.addEventListener("error", (ev) => {
    ev.preventDefault();
    report("uncaught-error", ev.error ?? ev.message);
  });
  globalThis.addEventListener("unhandledrejection", (ev) => {
    ev.preventDefault();
    report("unhandled-rejection", ev.reason);
  });
})();`;

/**
 * Code that waits `settleMs` (so timers due by then fire) and then sends a marked
 * message through the kernel's output channel. That channel is first in, first out:
 * once the marker arrives, everything the kernel had produced before it has arrived.
 */
export function flushCode(settleMs: number): string {
  if (!Number.isFinite(settleMs) || settleMs < 0) {
    throw new RangeError(`flushCode: settleMs must be a number >= 0, got ${settleMs}`);
  }
  return `await new Promise((r) => setTimeout(r, ${Math.round(settleMs)}));
Deno.jupyter.broadcast("display_data", { data: {}, metadata: {}, transient: {} }, { metadata: { "${MARK}": "flush" } });`;
}

/** The kind of a message sent by the runner's kernel code, or undefined for any other. */
export function markOf(msg: Message): MarkKind | undefined {
  const kind = msg.metadata?.[MARK];
  return kind === "uncaught-error" || kind === "unhandled-rejection" || kind === "flush"
    ? kind
    : undefined;
}
