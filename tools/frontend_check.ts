/**
 * `deno task frontend [NAME|PREFIX…]`: runs notebooks in a real front end, classic
 * Jupyter Notebook 6 driven by headless Chromium, the way a learner does (Cell → Run
 * All), and reports per cell: error or not, outputs, SVG charts drawn, and when display
 * updates arrived (a live progress display updates while its cell runs). Skipped, with
 * exit code 0, when Jupyter Notebook or Chromium is not installed. Not part of
 * `deno task test`.
 *
 * Each notebook runs on a copy (next to the original folder, so `../lib/mod.ts`
 * resolves) in a notebook server started for the check on 127.0.0.1 without a token.
 * Screenshots, the server log and `report.json` go to `out/frontend/`.
 *
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { DEFAULT_NOTEBOOKS_DIR, listNotebooks } from "./course.ts";
import { freePorts } from "./kernel/connection.ts";
import {
  type DriveResult,
  openInBrowser,
  runAllInBrowser,
  stopSessions,
} from "./frontend/drive.ts";
import { cellLines, notebookProblems } from "./frontend/report.ts";
import { missingPrerequisite, startNotebookServer } from "./frontend/server.ts";

/** Debian's Chromium (never a downloaded browser). */
export const CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Options of {@link checkFrontend}. */
export interface FrontendOptions {
  notebooksDir?: string;
  filters?: string[];
  /** Screenshots, log and report. Default `out/frontend`. */
  outDir?: string;
  /** Time limit for Run All of one notebook. Default 900 000 ms. */
  timeoutMs?: number;
  /**
   * Only open the notebooks (executed ones, e.g. `out/notebooks`) and check that Jupyter
   * trusts them and draws their charts, without running anything.
   */
  open?: boolean;
  log?: (line: string) => void;
}

/** The report of one notebook. */
export interface FrontendReport {
  name: string;
  result: DriveResult;
  problems: string[];
}

/** Copies `paths` into a fresh folder beside their own (relative imports keep working). */
async function copyNotebooks(paths: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({
    dir: dirname(dirname(resolve(paths[0]))),
    prefix: ".frontend-check-",
  });
  for (const p of paths) await Deno.copyFile(p, join(dir, basename(p)));
  return dir;
}

/**
 * Runs every selected notebook with Run All in Jupyter Notebook + Chromium and returns
 * the reports, or a reason string when the check cannot run here.
 */
export async function checkFrontend(
  options: FrontendOptions = {},
): Promise<FrontendReport[] | string> {
  const missing = await missingPrerequisite(CHROMIUM);
  if (missing) return missing;
  const log = options.log ?? console.log;
  const outDir = options.outDir ?? "out/frontend";
  const timeoutMs = options.timeoutMs ?? 900_000;
  const paths = await listNotebooks(options.notebooksDir ?? DEFAULT_NOTEBOOKS_DIR, options.filters);
  await Deno.mkdir(outDir, { recursive: true });
  const root = await copyNotebooks(paths);
  const [port] = freePorts(1);
  const reports: FrontendReport[] = [];
  try {
    const server = await startNotebookServer(root, port, join(outDir, "jupyter.log"));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      for (const p of paths) {
        const name = basename(p);
        log(`${name}: ${options.open ? "open" : "Cell → Run All"} …`);
        const shot = join(outDir, name.replace(/\.ipynb$/, ".png"));
        const url = `${server.url}/notebooks/${encodeURIComponent(name)}`;
        const result = options.open
          ? await openInBrowser(context, url, shot)
          : await runAllInBrowser(context, url, shot, timeoutMs);
        await stopSessions(server.url);
        const problems = notebookProblems(result, timeoutMs, options.open);
        const report = { name, result, problems };
        reports.push(report);
        for (const line of cellLines(result)) log(`  ${line}`);
        log(
          `  ${result.seconds.toFixed(1)} s, ${report.problems.length} problems${
            report.problems.map((x) => `\n  PROBLEM ${x}`).join("")
          }`,
        );
      }
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  return reports;
}

/** The report as JSON-friendly data (no router internals). */
function toJson(reports: FrontendReport[]): unknown {
  return reports.map(({ name, result, problems }) => ({
    name,
    finished: result.finished,
    seconds: result.seconds,
    trusted: result.trusted,
    problems,
    cells: result.cells.map((c) => {
      const r = result.router.records.find((x) => x.msgId === c.msgId);
      const t0 = r?.busyAt ?? 0;
      return {
        ...c,
        busyMs: r && r.idleAt && r.busyAt ? r.idleAt - r.busyAt : null,
        displaysAtMs: r?.displays.map((d) => Math.round(d.at - t0)) ?? [],
      };
    }),
  }));
}

const USAGE = `Usage: deno task frontend [NAME|PREFIX…] [options]
Runs notebooks with Cell → Run All in classic Jupyter Notebook driven by headless Chromium.
  --notebooks DIR     notebooks folder (default notebooks/)
  --open              only open the notebooks (e.g. --notebooks out/notebooks) and check
                      that Jupyter trusts them and draws their charts
  --out DIR           screenshots, jupyter.log and report.json (default out/frontend)
  --timeout SECONDS   time limit of Run All per notebook (default 900)`;

function parseArgs(args: string[]): FrontendOptions {
  const options: FrontendOptions = { filters: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--notebooks") options.notebooksDir = value();
    else if (a === "--out") options.outDir = value();
    else if (a === "--open") options.open = true;
    else if (a === "--timeout") {
      const v = value();
      options.timeoutMs = Number(v) * 1000;
      if (!(options.timeoutMs > 0)) throw new Error(`--timeout expects seconds, got "${v}"`);
    } else if (a.startsWith("-")) throw new Error(`Unknown option "${a}"`);
    else options.filters!.push(a);
  }
  return options;
}

/** The command line; returns the exit code (1 when any notebook has a problem). */
export async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let options: FrontendOptions;
  try {
    options = parseArgs(args);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const reports = await checkFrontend(options);
  if (typeof reports === "string") {
    console.log(`frontend check skipped: ${reports}`);
    return 0;
  }
  const outDir = options.outDir ?? "out/frontend";
  await Deno.writeTextFile(join(outDir, "report.json"), JSON.stringify(toJson(reports), null, 1));
  const bad = reports.filter((r) => r.problems.length > 0);
  console.log(
    `${reports.length} notebooks, ${bad.length} with problems; screenshots and report.json in ${outDir}`,
  );
  return bad.length > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
