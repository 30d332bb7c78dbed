/**
 * The kernel process: `deno jupyter --kernel` under a watchdog shell, and its stderr.
 *
 * @module
 */

import { stripAnsi } from "../nbformat.ts";

/**
 * Runs the kernel under `sh`, which kills it when our end of its stdin closes: that
 * happens on shutdown and also when this process dies, even by SIGKILL, so a killed
 * runner never leaves a kernel behind.
 */
// sh gives background jobs /dev/null as stdin, so the watcher gets ours through fd 3.
const WATCHDOG = `exec 3<&0
"$1" jupyter --kernel --conn "$2" </dev/null 3<&- & k=$!
(while read -r _; do :; done <&3; kill -9 $k 2>/dev/null) &
w=$!
wait $k; s=$?
kill $w 2>/dev/null
exit $s`;

/** The banner every kernel prints; it says nothing about a failure. */
const BANNER = /^Warning "deno jupyter" is unstable and might change in the future\.\s*$/;

/** Keep this many characters of stderr (the tail). */
const STDERR_KEEP = 100_000;

/**
 * The kernel's stderr as it arrives. Offsets count every character ever received, so
 * {@link StderrLog.since} can return what a cell wrote even after older text was dropped.
 *
 * @example
 * ```ts
 * const log = new StderrLog();
 * const mark = log.mark();
 * log.append("CDP response has null result\n");
 * console.log(log.since(mark)); // "CDP response has null result"
 * ```
 */
export class StderrLog {
  #text = "";
  #total = 0;
  #lastAt = 0;

  /** Adds `chunk` (ANSI colours are removed). */
  append(chunk: string): void {
    const clean = stripAnsi(chunk);
    this.#text = (this.#text + clean).slice(-STDERR_KEEP);
    this.#total += clean.length;
    this.#lastAt = performance.now();
  }

  /** The current end offset, to pass to {@link StderrLog.since} later. */
  mark(): number {
    return this.#total;
  }

  /** Text received after `mark`, without the kernel's start-up banner, trimmed. */
  since(mark: number): string {
    const kept = this.#total - this.#text.length;
    const text = mark >= kept ? this.#text.slice(mark - kept) : this.#text;
    return text.split("\n").filter((l) => !BANNER.test(l)).join("\n").trim();
  }

  /** The last `lines` lines (without the banner). */
  tail(lines = 20): string {
    return this.since(0).split("\n").slice(-lines).join("\n");
  }

  /**
   * Waits until no stderr has arrived for `quietMs` (at most `maxMs`): a kernel writes
   * its explanation just before it replies, and the pipe may deliver it a little later.
   */
  async settle(quietMs = 100, maxMs = 1000): Promise<void> {
    const end = performance.now() + maxMs;
    while (performance.now() < end) {
      const quietFor = performance.now() - this.#lastAt;
      if (quietFor >= quietMs) return;
      await new Promise((r) => setTimeout(r, quietMs - quietFor));
    }
  }
}

/** A started kernel process. */
export interface KernelProcess {
  child: Deno.ChildProcess;
  stderr: StderrLog;
  /** Resolves with the exit code once the kernel (and its watchdog) exited. */
  exited: Promise<number>;
}

/**
 * Starts `deno jupyter --kernel --conn connFile` in `cwd` under the watchdog, with
 * `NO_COLOR=1`, collecting its stderr.
 */
export function spawnKernel(
  denoPath: string,
  connFile: string,
  cwd: string,
  env: Record<string, string> = {},
): KernelProcess {
  const child = new Deno.Command("sh", {
    args: ["-c", WATCHDOG, "kernel", denoPath, connFile],
    cwd,
    env: { ...env, NO_COLOR: "1" },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new StderrLog();
  (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of child.stderr) {
        stderr.append(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      // stderr closed
    }
  })();
  return { child, stderr, exited: child.status.then((s) => s.code) };
}

/** Kills the kernel (by closing the watchdog's stdin) and waits until it has exited. */
export async function killKernel(proc: KernelProcess): Promise<void> {
  await proc.child.stdin.close().catch(() => {});
  await proc.exited;
}
