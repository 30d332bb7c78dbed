/**
 * `deno task grade DIR… [--out DIR] [--timeout S] [--exercises a,b] [--jobs N]`:
 * grades learners' copies with the full tests (hidden ones included), each
 * exercise in its own subprocess with a time limit; prints a score table per
 * copy and writes `grade.json`, `junit.xml` and Gradescope's `results.json`.
 *
 * With one DIR the reports go to `--out` (default `out/grades/<name of DIR>`);
 * with several, to `<out>/<name of each DIR>` (default `out/grades`).
 *
 * @module
 */

import { gradeCopy, type GradeOptions } from "./grading.ts";
import { formatTable, percent, writeReports } from "./reports.ts";

/** Parsed command line. */
export interface GradeArgs {
  /** The copies to grade. */
  dirs: string[];
  /** Where reports go (see the module doc). */
  out: string | undefined;
  /** Grading options. */
  options: GradeOptions;
}

/** Parses the command line; throws with a usage line on a mistake. */
export function parseGradeArgs(args: readonly string[]): GradeArgs {
  const usage =
    "usage: deno task grade DIR… [--out DIR] [--timeout SECONDS] [--exercises ID,ID] [--jobs N]";
  const dirs: string[] = [];
  const options: GradeOptions = {};
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${usage}`);
      return v;
    };
    if (a === "--out") out = value();
    else if (a === "--timeout") options.timeoutSeconds = positive(a, value(), usage);
    else if (a === "--jobs") options.jobs = positive(a, value(), usage);
    else if (a === "--exercises") options.exercises = value().split(",").filter(Boolean);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${usage}`);
    else dirs.push(a);
  }
  if (dirs.length === 0) throw new Error(usage);
  return { dirs, out, options };
}

function positive(name: string, v: string, usage: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${v}\n${usage}`);
  return n;
}

function nameOf(dir: string): string {
  return dir.replace(/\/+$/, "").split("/").pop() || "copy";
}

/** Grades every copy in `args`, printing tables; returns the reports' folders. */
export async function main(args: readonly string[]): Promise<string[]> {
  const { dirs, out, options } = parseGradeArgs(args);
  const folders: string[] = [];
  for (const dir of dirs) {
    const report = await gradeCopy(dir, options);
    const folder = dirs.length === 1
      ? out ?? `out/grades/${nameOf(dir)}`
      : `${out ?? "out/grades"}/${nameOf(dir)}`;
    const files = await writeReports(report, folder);
    console.log(
      `\n${dir}: ${report.score}/${report.maxScore} points (${percent(report)} %) in ${
        report.seconds.toFixed(1)
      } s\n`,
    );
    console.log(formatTable(report));
    console.log(`\nwrote ${files.join(", ")}`);
    folders.push(folder);
  }
  return folders;
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(2);
  }
}
