/**
 * Live training progress: step/total, loss, throughput, elapsed time, ETA and
 * a loss sparkline.
 *
 * In the Jupyter kernel a {@linkcode Progress} keeps one output that updates
 * in place (`display_id`), and its final state stays in the saved notebook.
 * In a terminal it rewrites one line on stderr; when stderr is not a terminal
 * (CI logs) it prints a plain line now and then, and the final one.
 *
 * @module
 */

import { isJupyter, type MimeBundle } from "./display.ts";

/** What a training loop reports after a step. */
export interface ProgressUpdate {
  /** Steps completed so far (0 … total). */
  step: number;
  /** Current loss (shown, and drawn in the sparkline). */
  loss?: number;
  /** Throughput. */
  tokensPerSecond?: number;
  /** Any other number to show, e.g. `{ gradNorm: 1.3 }`. */
  [metric: string]: number | undefined;
}

/** Receives the MIME bundles of a progress display (the kernel, or a test). */
export interface DisplaySink {
  /**
   * Shows `bundle` as display `id` (`update: false`) or replaces it
   * (`update: true`); a returned promise settles once it has been sent.
   */
  display(bundle: MimeBundle, options: { id: string; update: boolean }): unknown;
}

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  /** Number of steps the loop will run. */
  total: number;
  /** Name shown before the numbers. Default `"Training"`. */
  title?: string;
  /** Minimum time between two redraws, in ms (the final state is always drawn). Default 250. */
  intervalMs?: number;
  /** Where displays go. Default: `Deno.jupyter.display` inside the kernel. */
  sink?: DisplaySink;
  /** Where terminal text goes (when there is no sink and no kernel). Default stderr. */
  write?: (text: string) => void;
  /** Whether `write` goes to a terminal (one line rewritten with `\r`). Default: stderr is one. */
  isTTY?: boolean;
  /** Not a terminal: at most one plain line per this many ms, plus the final one. Default 10 000. */
  lineIntervalMs?: number;
  /** Clock in ms (tests pass a fake one). Default `performance.now`. */
  now?: () => number;
  /** Display id in the kernel. Default a fresh random id. */
  id?: string;
}

const BAR_WIDTH = 20;
const SPARK_POINTS = 200;

/**
 * A live progress display for a training loop.
 *
 * @example
 * ```ts
 * import { Progress } from "./progress.ts";
 * const lines: string[] = [];
 * const progress = new Progress({ total: 3, write: (s) => lines.push(s), isTTY: false });
 * for (let step = 1; step <= 3; step++) progress.update({ step, loss: 3 / step });
 * progress.done();
 * console.assert(lines.at(-1)!.includes("3/3"));
 * ```
 */
export class Progress {
  /** Number of steps the loop will run. */
  readonly total: number;
  /** Name shown before the numbers. */
  readonly title: string;
  /** Display id used in the kernel. */
  readonly id: string;
  /** Every reported (step, loss), for the sparkline and for charts afterwards. */
  readonly history: { step: number; loss: number }[] = [];

  #options: ProgressOptions;
  #now: () => number;
  #sink?: DisplaySink;
  #write?: (text: string) => void;
  #isTTY: boolean;
  #start: number;
  #last?: ProgressUpdate;
  #lastDraw = -Infinity;
  #lastLine: number;
  #shown = false;
  #done = false;
  #end?: number;
  #pending: Promise<unknown> = Promise.resolve();

  /** Starts the clock; nothing is drawn until the first {@linkcode Progress.update}. */
  constructor(options: ProgressOptions) {
    if (!Number.isInteger(options.total) || options.total < 1) {
      throw new RangeError(`Progress total must be a positive integer, got ${options.total}`);
    }
    this.total = options.total;
    this.title = options.title ?? "Training";
    this.id = options.id ?? `progress-${crypto.randomUUID()}`;
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    if (options.sink) {
      this.#sink = options.sink;
    } else if (options.write === undefined && isJupyter()) {
      this.#sink = jupyterSink;
    } else {
      this.#write = options.write ?? writeStderr;
    }
    this.#isTTY = options.isTTY ??
      (options.write === undefined && !this.#sink && Deno.stderr.isTerminal());
    this.#start = this.#now();
    this.#lastLine = this.#start;
  }

  /**
   * Records the state after a step and redraws if `intervalMs` has passed
   * since the last redraw (the first update always draws). Returns whether it
   * drew; after a draw, `await progress.flush()` lets the display leave the
   * kernel now (a loop that never yields sends it only when it ends).
   */
  update(update: ProgressUpdate): boolean {
    if (this.#done) throw new Error(`Progress "${this.title}" is done; update after done()`);
    const step = update?.step;
    if (!Number.isInteger(step) || step < 0 || step > this.total) {
      throw new RangeError(
        `Progress update step must be an integer in [0, ${this.total}], got ${step}`,
      );
    }
    this.#last = update;
    if (update.loss !== undefined) this.history.push({ step, loss: update.loss });
    const now = this.#now();
    if (now - this.#lastDraw < (this.#options.intervalMs ?? 250)) return false;
    this.#lastDraw = now;
    this.#draw(false, now);
    return true;
  }

  /**
   * Draws the final state (with `last`, if given, as the final update), stops,
   * and settles once that last display has been sent.
   */
  done(last?: ProgressUpdate): Promise<void> {
    if (this.#done) return this.flush();
    if (last !== undefined) {
      this.#lastDraw = Infinity; // record it without an intermediate draw
      this.update(last);
    }
    this.#done = true;
    this.#end = this.#now();
    this.#draw(true, this.#end);
    return this.flush();
  }

  /** Settles once every display sent so far has left (display errors are dropped). */
  async flush(): Promise<void> {
    await this.#pending.catch(() => {});
  }

  /** Milliseconds since the start (until `done()`). */
  get elapsedMs(): number {
    return (this.#end ?? this.#now()) - this.#start;
  }

  /** The one-line text form, e.g. `Training [####----] 40/100 40% | loss 2.31 | …`. */
  line(): string {
    const step = this.#last?.step ?? 0;
    const fraction = step / this.total;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    const parts = [
      `${this.title} [${bar}] ${step}/${this.total} ${Math.floor(fraction * 100)}%`,
      ...this.#metrics(),
    ];
    return parts.join(" | ");
  }

  /** The MIME bundle of the current state (`text/html` with a sparkline, and `text/plain`). */
  bundle(): MimeBundle {
    const step = this.#last?.step ?? 0;
    const percent = (100 * step) / this.total;
    const color = this.#done ? "#3ca951" : "#4269d0";
    const html = `<div style="font-family:system-ui,sans-serif;font-size:13px;line-height:1.6">` +
      `<div><b>${escapeHtml(this.title)}</b> — step ${step} / ${this.total} (${
        Math.floor(percent)
      }%)${this.#done ? " — done" : ""}</div>` +
      `<div style="width:320px;height:8px;background:#ddd;border-radius:4px">` +
      `<div style="width:${
        percent.toFixed(1)
      }%;height:8px;background:${color};border-radius:4px">` +
      `</div></div><div>${escapeHtml(this.#metrics().join(" · "))}</div>` +
      sparkline(this.history) + `</div>`;
    return { "text/plain": this.line(), "text/html": html };
  }

  #metrics(): string[] {
    const u = this.#last ?? { step: 0 };
    const out: string[] = [];
    if (u.loss !== undefined) out.push(`loss ${formatNumber(u.loss)}`);
    if (u.tokensPerSecond !== undefined) out.push(`${formatRate(u.tokensPerSecond)} tok/s`);
    for (const [name, value] of Object.entries(u)) {
      if (name !== "step" && name !== "loss" && name !== "tokensPerSecond" && value !== undefined) {
        out.push(`${name} ${formatNumber(value)}`);
      }
    }
    const elapsed = this.elapsedMs;
    out.push(`${formatDuration(elapsed)} elapsed`);
    if (!this.#done && u.step > 0 && u.step < this.total) {
      out.push(`ETA ${formatDuration((elapsed * (this.total - u.step)) / u.step)}`);
    }
    return out;
  }

  #draw(final: boolean, now: number): void {
    if (this.#sink) {
      const sent = this.#sink.display(this.bundle(), { id: this.id, update: this.#shown });
      if (sent instanceof Promise) this.#pending = Promise.all([this.#pending, sent]);
      this.#shown = true;
    } else if (this.#isTTY) {
      // Rewrite the line in place; clear what a longer previous line left.
      this.#write!(`\r${this.line()}\x1b[K${final ? "\n" : ""}`);
    } else if (final || now - this.#lastLine >= (this.#options.lineIntervalMs ?? 10_000)) {
      this.#lastLine = now;
      this.#write!(`${this.line()}\n`);
    }
  }
}

function jupyterSinkDisplay(
  bundle: MimeBundle,
  options: { id: string; update: boolean },
): Promise<unknown> {
  // Errors are dropped because a lost progress frame must not stop training.
  return Deno.jupyter.display(bundle, {
    raw: true,
    display_id: options.id,
    update: options.update,
  }).catch(() => {});
}

const jupyterSink: DisplaySink = { display: jupyterSinkDisplay };

const encoder = new TextEncoder();

function writeStderr(text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(Deno.stderr.writeSync(bytes));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** 4 significant digits, e.g. 2.346, 0.01234, 1.235e+5. */
function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** 12.3k, 1.2M: throughput at a glance. */
function formatRate(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

/** m:ss, or h:mm:ss from an hour on. */
function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A small SVG polyline of the loss (bucket means, so long runs stay light). */
function sparkline(history: readonly { step: number; loss: number }[]): string {
  const points = history.filter((p) => Number.isFinite(p.loss));
  if (points.length < 2) return "";
  const bucket = Math.ceil(points.length / SPARK_POINTS);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < points.length; k += bucket) {
    const chunk = points.slice(k, k + bucket);
    xs.push(chunk.reduce((a, p) => a + p.step, 0) / chunk.length);
    ys.push(chunk.reduce((a, p) => a + p.loss, 0) / chunk.length);
  }
  const [w, h, left, pad] = [320, 60, 62, 6]; // room for labels like 1.854e-4
  const [x0, x1] = [xs[0], xs.at(-1)!];
  let [lo, hi] = [Infinity, -Infinity];
  for (const y of ys) [lo, hi] = [Math.min(lo, y), Math.max(hi, y)];
  const sx = (x: number) => left + ((x - x0) / (x1 - x0 || 1)) * (w - left - pad);
  const sy = (y: number) => pad + (1 - (y - lo) / (hi - lo || 1)) * (h - 2 * pad);
  const path = xs.map((x, i) => `${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join(" ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" ` +
    `viewBox="0 0 ${w} ${h}" font-size="10" font-family="system-ui,sans-serif">` +
    `<text x="${left - 4}" y="${pad + 4}" text-anchor="end" fill="currentColor">${
      formatNumber(hi)
    }</text>` +
    `<text x="${left - 4}" y="${h - pad}" text-anchor="end" fill="currentColor">${
      formatNumber(lo)
    }</text>` +
    `<polyline points="${path}" fill="none" stroke="#4269d0" stroke-width="1.5"/>` +
    `<title>loss over steps</title></svg>`;
}
