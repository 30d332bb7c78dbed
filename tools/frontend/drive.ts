/**
 * Drives one notebook in classic Jupyter Notebook through headless Chromium: Cell → Run
 * All, as a learner does, while every kernel message on the page's websocket is routed
 * to its cell by parent id (the same router as the runner's queued mode), so the report
 * can say which outputs came late and when progress updates arrived.
 *
 * @module
 */

import type { BrowserContext, Page } from "playwright-core";
import { type Arrival, CellRouter } from "../kernel/router.ts";
import type { Message } from "../kernel/wire.ts";

/** What the page shows for one code cell after Run All. */
export interface CellView {
  /** Index among all cells (0-based). */
  index: number;
  source: string;
  /** The execute_request's id (`cell.last_msg_id`), or null if the cell did not run. */
  msgId: string | null;
  /** The prompt number, `*` while running, null if never run. */
  prompt: number | string | null;
  outputs: number;
  /** "ename: evalue" of every error output. */
  errors: string[];
  /** Top-level `<svg>` elements in the outputs, and how many have a non-empty box. */
  svgs: number;
  drawn: number;
}

/** The outcome of driving one notebook. */
export interface DriveResult {
  /** Every code cell ran and finished (reply and idle) within the time limit. */
  finished: boolean;
  seconds: number;
  /** Jupyter's own "trusted" flag for the notebook. */
  trusted: boolean | null;
  cells: CellView[];
  /** Messages per cell, with timings; strict: late and foreign outputs are problems. */
  router: CellRouter;
}

const TICK_MS = 250;

/** Records the kernel websocket's traffic of `page` into `router`. */
function recordTraffic(page: Page, router: CellRouter): void {
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/channels")) return;
    const parse = (payload: string | Buffer): Message & { channel?: string } | undefined => {
      if (typeof payload !== "string") return undefined; // binary buffers: not needed here
      try {
        return JSON.parse(payload);
      } catch {
        return undefined;
      }
    };
    ws.on("framesent", ({ payload }) => {
      const msg = parse(payload);
      if (msg?.header?.msg_type === "execute_request") {
        router.add(msg.header.msg_id, performance.now());
      }
    });
    ws.on("framereceived", ({ payload }) => {
      const msg = parse(payload);
      if (msg && (msg.channel === "iopub" || msg.channel === "shell")) {
        router.dispatch({ channel: msg.channel, msg, at: performance.now() } as Arrival);
      }
    });
  });
}

/** The code cells as the page shows them. */
function readCells(page: Page): Promise<CellView[]> {
  return page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const nb = (globalThis as any).Jupyter.notebook;
    // deno-lint-ignore no-explicit-any
    return nb.get_cells().flatMap((cell: any, index: number) => {
      if (cell.cell_type !== "code") return [];
      const area: HTMLElement = cell.output_area.element[0];
      const outputs = cell.output_area.outputs as {
        output_type: string;
        ename?: string;
        evalue?: string;
      }[];
      const svgs = [...area.querySelectorAll("svg")].filter((s) =>
        !s.parentElement?.closest("svg")
      );
      const drawn = svgs.filter((s) => {
        const r = s.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      });
      return [{
        index,
        source: cell.get_text(),
        msgId: cell.last_msg_id ?? null,
        prompt: cell.input_prompt_number ?? null,
        outputs: outputs.length,
        errors: outputs.filter((o) => o.output_type === "error").map((o) =>
          `${o.ename}: ${o.evalue}`
        ),
        svgs: svgs.length,
        drawn: drawn.length,
      }];
    });
  });
}

/**
 * Opens `notebookUrl`, waits for the kernel, runs Cell → Run All and waits until every
 * non-empty code cell has finished (at most `timeoutMs`) plus `settleMs` for late
 * messages, then reads the cells and saves a full-page screenshot to `screenshot`.
 */
export async function runAllInBrowser(
  context: BrowserContext,
  notebookUrl: string,
  screenshot: string,
  timeoutMs: number,
  settleMs = 2000,
): Promise<DriveResult> {
  const router = new CellRouter(true);
  const page = await context.newPage();
  recordTraffic(page, router);
  try {
    await page.goto(notebookUrl, { waitUntil: "load" });
    await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 60_000 });
    const started = performance.now();
    const expected = (await readCells(page)).filter((c) => c.source.trim() !== "").length;
    await page.click("#celllink");
    await page.click("#run_all_cells > a");
    const deadline = started + timeoutMs;
    const done = () => router.records.length >= expected && router.records.every((r) => r.finished);
    while (!done() && performance.now() < deadline) await page.waitForTimeout(TICK_MS);
    const finished = done();
    const seconds = (performance.now() - started) / 1000;
    await page.waitForTimeout(settleMs);
    const cells = await readCells(page);
    // deno-lint-ignore no-explicit-any
    const trusted = await page.evaluate(() => (globalThis as any).Jupyter.notebook.trusted ?? null);
    await page.screenshot({ path: screenshot, fullPage: true });
    return { finished, seconds, trusted, cells, router };
  } finally {
    await page.close();
  }
}

/**
 * Opens `notebookUrl` without running anything (an executed notebook, as a learner
 * opens one), waits for it to render, and reads the cells: whether Jupyter trusts it
 * and whether its SVG outputs are drawn.
 */
export async function openInBrowser(
  context: BrowserContext,
  notebookUrl: string,
  screenshot: string,
): Promise<DriveResult> {
  const page = await context.newPage();
  try {
    const started = performance.now();
    await page.goto(notebookUrl, { waitUntil: "load" });
    await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 60_000 });
    await page.waitForTimeout(2000); // MathJax and images settle
    const cells = await readCells(page);
    // deno-lint-ignore no-explicit-any
    const trusted = await page.evaluate(() => (globalThis as any).Jupyter.notebook.trusted ?? null);
    await page.screenshot({ path: screenshot, fullPage: true });
    const seconds = (performance.now() - started) / 1000;
    return { finished: true, seconds, trusted, cells, router: new CellRouter(true) };
  } finally {
    await page.close();
  }
}

/** Shuts down every kernel session of the server at `url` (between notebooks). */
export async function stopSessions(url: string): Promise<void> {
  const sessions = await fetch(`${url}/api/sessions`).then((r) => r.json()).catch(() => []);
  for (const s of sessions as { id: string }[]) {
    await fetch(`${url}/api/sessions/${s.id}`, { method: "DELETE" }).then((r) => r.body?.cancel())
      .catch(() => {});
  }
}
