/**
 * Runs the jobs of `deno task paper` on a few workers (one per core), and
 * shows one progress line per running job: redrawn in place in a terminal,
 * a plain line now and then in a log.
 *
 * @module
 */

import type { JobData, JobResult, JobSpec, WorkerMessage } from "./protocol.ts";

/** Progress lines of the running jobs, drawn together on stderr. */
export class ProgressBoard {
  readonly #lines = new Map<string, string>();
  readonly #tty = Deno.stderr.isTerminal();
  #drawn = 0;
  #lastPlain = 0;

  /** Replaces a job's line (text from a `Progress` in terminal mode: `\r…\x1b[K`). */
  update(key: string, text: string): void {
    // deno-lint-ignore no-control-regex
    const line = text.replace(/\r|\x1b\[K|\n/g, "");
    this.#lines.set(key, line);
    if (this.#tty) this.#draw();
    else if (performance.now() - this.#lastPlain > 15_000 || text.endsWith("\n")) {
      this.#lastPlain = performance.now();
      console.error(line);
    }
  }

  /** A job is over: its line stays as a plain line above the running ones. */
  finish(key: string, summary: string): void {
    const last = this.#lines.get(key);
    this.#lines.delete(key);
    this.#clear();
    if (last) console.error(last);
    console.error(summary);
    this.#draw();
  }

  #clear(): void {
    if (!this.#tty || this.#drawn === 0) return;
    write(`\x1b[${this.#drawn}A\x1b[J`);
    this.#drawn = 0;
  }

  #draw(): void {
    if (!this.#tty) return;
    this.#clear();
    const columns = Deno.consoleSize?.().columns ?? 0;
    const width = columns >= 40 ? columns : 160; // a pseudo-terminal may report 0 columns
    const lines = [...this.#lines.values()].map((l) => l.slice(0, width - 1));
    if (lines.length > 0) write(lines.join("\n") + "\n");
    this.#drawn = lines.length;
  }
}

function write(text: string): void {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(Deno.stderr.writeSync(bytes));
}

/** Runs every job, at most `workers` at once; resolves to the results by key. */
export function runJobs(
  jobs: readonly { spec: JobSpec; data: JobData }[],
  workers: number,
  board: ProgressBoard,
): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  const queue = [...jobs];
  return new Promise((resolve, reject) => {
    let running = 0;
    const next = () => {
      if (queue.length === 0) {
        if (running === 0) resolve(results);
        return;
      }
      const job = queue.shift()!;
      running++;
      const worker = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
        const message = event.data;
        if (message.type === "progress") return board.update(message.key, message.text);
        worker.terminate();
        running--;
        if (message.type === "error") {
          return reject(new Error(`${message.key}: ${message.message}`));
        }
        results.set(message.result.key, message.result);
        board.finish(job.spec.key, summary(job.spec, message.result));
        next();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(`${job.spec.key}: ${event.message}`));
      };
      worker.postMessage(job);
    };
    for (let i = 0; i < Math.max(1, workers); i++) next();
  });
}

function summary(spec: JobSpec, r: JobResult): string {
  const last = r.epochs.at(-1);
  return `  ${spec.name}: ${r.epochs.length} epochs, valid perplexity ${
    last?.validPerplexity.toFixed(1)
  }, ` +
    `${Math.round(r.wordsPerSecond).toLocaleString("en-US")} words/s, ${r.seconds.toFixed(0)} s`;
}
