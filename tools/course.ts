/**
 * `deno task course`: executes the course notebooks, each in a fresh Deno kernel, writes
 * the executed notebooks to `out/notebooks/` (signed for the local Jupyter when it is
 * installed) and a static site to `out/site/`.
 *
 * Usage: `deno task course [NAME|PREFIX…] [--timeout SECONDS] [--grace SECONDS]
 * [--queued] [--live] [--out DIR] [--notebooks DIR] [--no-site] [--no-trust]`
 *
 * A failing notebook never stops the others: every notebook runs, then the command
 * exits 1 with a summary of every failure.
 *
 * @module
 */

import { basename, join } from "node:path";
import { shutdownAllKernels } from "./kernel/client.ts";
import { stringifyNotebook } from "./nbformat.ts";
import { cellLabel, formatFailure, runStatus } from "./report.ts";
import { type NotebookRun, runNotebook } from "./run_notebook.ts";
import { buildSite } from "./site/build.ts";
import type { SiteNotebook } from "./site/page.ts";
import { trustHint, trustNotebooks, type TrustResult } from "./trust.ts";

/** Options for {@link runCourse}. */
export interface CourseOptions {
  /** Folder with the `.ipynb` files. Default: the repository's `notebooks/`. */
  notebooksDir?: string;
  /** Output folder. Default `out`. */
  outDir?: string;
  /** Names or prefixes selecting notebooks; empty selects all. */
  filters?: string[];
  /** Per-cell time limit in milliseconds, output included. Default 300 000. */
  timeoutMs?: number;
  /** iopub silence that ends a cell, in milliseconds. Default 300. */
  graceMs?: number;
  /** Queue all cells at once like Run All and fail on late or misplaced output. */
  queued?: boolean;
  /** Fail long cells whose display updates arrive only at their end. */
  live?: boolean;
  /** Build the static site. Default true. */
  site?: boolean;
  /** Sign the executed notebooks for the local Jupyter, if installed. Default true. */
  trust?: boolean;
  /** Extra environment for the signer (tests set `JUPYTER_DATA_DIR`). */
  trustEnv?: Record<string, string>;
  /** Progress lines go here. Default console.log. */
  log?: (line: string) => void;
}

/** What {@link runCourse} did. */
export interface CourseResult {
  runs: NotebookRun[];
  /** The runs that failed. */
  failures: NotebookRun[];
  seconds: number;
  outDir: string;
  /** Whether the executed notebooks were signed (absent with `trust: false`). */
  trust?: TrustResult;
}

/** The repository's notebooks folder (this file is tools/course.ts). */
export const DEFAULT_NOTEBOOKS_DIR = new URL("../notebooks", import.meta.url).pathname;

/**
 * The `.ipynb` files in `dir` (except `_`- or `.`-prefixed ones), in name order, selected by `filters` (a notebook matches a
 * filter equal to its name, its name without `.ipynb`, or a prefix of its name).
 * Throws when a filter matches nothing.
 */
export async function listNotebooks(dir: string, filters: string[] = []): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    // `_name.ipynb` (templates, drafts) and hidden files are not course notebooks.
    if (e.isFile && e.name.endsWith(".ipynb") && !/^[_.]/.test(e.name)) names.push(e.name);
  }
  names.sort();
  if (filters.length === 0) return names.map((n) => join(dir, n));
  const chosen = new Set<string>();
  for (const f of filters) {
    const hit = names.filter((n) => n === f || n === `${f}.ipynb` || n.startsWith(f));
    if (hit.length === 0) {
      throw new Error(
        `No notebook matches "${f}" in ${dir} (notebooks: ${names.join(", ") || "none"})`,
      );
    }
    hit.forEach((n) => chosen.add(n));
  }
  return names.filter((n) => chosen.has(n)).map((n) => join(dir, n));
}

/** One log line: name, time, cells, outputs and status. */
function runLine(run: NotebookRun, width: number): string {
  const status = run.failure ? `FAILED (${runStatus(run.failure)})` : "passed";
  return `${run.name.padEnd(width)}  ${run.seconds.toFixed(1).padStart(6)} s  ${
    String(run.cells).padStart(3)
  } cells  ${String(run.outputs).padStart(4)} outputs  ${status}`;
}

/** The site's entry for a run: its notebook, status and failed cells. */
function siteEntry(run: NotebookRun): SiteNotebook {
  return {
    name: run.name.replace(/\.ipynb$/, ""),
    notebook: run.notebook,
    status: runStatus(run.failure),
    failures: run.failures.map((f) => ({
      cellIndex: f.cellIndex,
      message: `${f.ename}: ${f.evalue}`,
    })),
  };
}

/**
 * Runs the selected notebooks (all of them, whatever fails), writes the executed
 * notebooks (also of failed runs, with the error in the failing cell), signs them for
 * Jupyter and builds the site. Throws only when no notebook matches.
 */
export async function runCourse(options: CourseOptions = {}): Promise<CourseResult> {
  const log = options.log ?? console.log;
  const dir = options.notebooksDir ?? DEFAULT_NOTEBOOKS_DIR;
  const outDir = options.outDir ?? "out";
  const paths = await listNotebooks(dir, options.filters);
  if (paths.length === 0) throw new Error(`No notebooks (*.ipynb) in ${dir}`);
  const started = performance.now();
  const nbDir = join(outDir, "notebooks");
  await Deno.mkdir(nbDir, { recursive: true });
  const runs: NotebookRun[] = [];
  const written: string[] = [];
  const width = Math.max(...paths.map((p) => basename(p).length));
  for (const path of paths) {
    const run = await runNotebook(path, {
      timeoutMs: options.timeoutMs,
      graceMs: options.graceMs,
      queued: options.queued,
      live: options.live,
    });
    runs.push(run);
    if (run.valid) {
      // Written even on failure: the outputs up to the failing cell help to debug it.
      const file = join(nbDir, run.name);
      await Deno.writeTextFile(file, stringifyNotebook(run.notebook));
      written.push(file);
    }
    log(runLine(run, width));
  }
  let trust: TrustResult | undefined;
  if (options.trust ?? true) {
    trust = await trustNotebooks(written, options.trustEnv);
    if (!trust.trusted) {
      log(`note: ${trust.message}; to see their charts in Jupyter run: ${trustHint(nbDir)}`);
    }
  }
  if (options.site ?? true) {
    const site = await buildSite(runs.map(siteEntry), join(outDir, "site"));
    for (const e of site.mathErrors) log(`warning: TeX error in "${e.tex}": ${e.message}`);
  }
  const failures = runs.filter((r) => r.failure);
  return { runs, failures, seconds: (performance.now() - started) / 1000, outDir, trust };
}

/** The closing summary: every failure in full, then one line naming each failed notebook. */
export function failureSummary(result: CourseResult): string {
  if (result.failures.length === 0) return "";
  const blocks = result.failures.flatMap((r) => r.failures.map(formatFailure));
  const names = result.failures.map((r) => {
    const where = cellLabel(r.failure!);
    return `  ${r.name}: ${runStatus(r.failure)}${
      where ? ` — ${r.failure!.ename}: ${r.failure!.evalue.split("\n")[0]}` : ""
    }`;
  });
  return `${
    blocks.join("\n\n")
  }\n\n${result.failures.length} of ${result.runs.length} notebooks failed:\n${names.join("\n")}`;
}

interface Args {
  options: CourseOptions;
  help: boolean;
}

function parseArgs(args: string[]): Args {
  const options: CourseOptions = { filters: [] };
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const seconds = () => {
      const v = value();
      const s = Number(v);
      if (!(s > 0)) throw new Error(`${a} expects a positive number of seconds, got "${v}"`);
      return s * 1000;
    };
    if (a === "--help" || a === "-h") help = true;
    else if (a === "--timeout") options.timeoutMs = seconds();
    else if (a === "--grace") options.graceMs = seconds();
    else if (a === "--out") options.outDir = value();
    else if (a === "--notebooks") options.notebooksDir = value();
    else if (a === "--no-site") options.site = false;
    else if (a === "--no-trust") options.trust = false;
    else if (a === "--queued") options.queued = true;
    else if (a === "--live") options.live = true;
    else if (a.startsWith("-")) throw new Error(`Unknown option "${a}" (see --help)`);
    else options.filters!.push(a);
  }
  return { options, help };
}

const USAGE = `Usage: deno task course [NAME|PREFIX…] [options]
Runs notebooks/*.ipynb (or the selected ones) in fresh Deno kernels.
  --timeout SECONDS   per-cell time limit, output included (default 300); on expiry
                      the kernel is interrupted and stopped, the next notebook runs
  --grace SECONDS     iopub silence that ends a cell (default 0.3)
  --queued            send all cells at once like Run All in Jupyter; output that
                      comes after its cell finished, or under another cell, fails
  --live              a cell of 1 s or more that updates a display fails unless two
                      updates arrive in the first half of its run (not a live display)
  --out DIR           output folder (default out): DIR/notebooks, DIR/site
  --notebooks DIR     notebooks folder (default notebooks/)
  --no-site           do not build the static site
  --no-trust          do not sign the executed notebooks for Jupyter`;

/** The command line: returns the exit code (0 when every notebook ran without error). */
export async function main(args: string[]): Promise<number> {
  let parsed: Args;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  // Never leave a kernel behind when interrupted.
  const onSignal = async () => {
    await shutdownAllKernels();
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    const result = await runCourse(parsed.options);
    const cells = result.runs.reduce((n, r) => n + r.cells, 0);
    const outputs = result.runs.reduce((n, r) => n + r.outputs, 0);
    const site = parsed.options.site === false ? "" : `, site in ${join(result.outDir, "site")}`;
    console.log(
      `${result.runs.length} notebooks, ${cells} cells, ${outputs} outputs in ${
        result.seconds.toFixed(1)
      } s; executed notebooks in ${join(result.outDir, "notebooks")}${site}`,
    );
    if (result.failures.length === 0) return 0;
    console.error(`\n${failureSummary(result)}`);
    return 1;
  } catch (e) {
    console.error(`course: ${(e as Error).message}`);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    await shutdownAllKernels();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
