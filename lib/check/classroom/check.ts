/**
 * Check cells: run an exercise's public tests on the learner's file, in
 * process, and say what happened.
 *
 * @module
 */

import { exerciseById, type ExerciseSpec } from "./catalog.ts";
import { type AnySuite, errorText, runSuite, type TestOutcome } from "./harness.ts";
import { checkImports } from "./policy.ts";
import { ExerciseReport } from "./report.ts";
import { display } from "../../viz/display.ts";

/** The course root (the folder with `lib/` and `exercises/`) this module belongs to. */
export const COURSE_ROOT: URL = new URL("../../../", import.meta.url);

/** Options of {@link checkExercise} and {@link gradeExercise}. */
export interface CheckExerciseOptions {
  /** The course root whose `exercises/` holds the learner's files (default: this course). */
  root?: URL;
}

/** The learner's function for `spec`, or why it cannot be had. */
export type Loaded = { fn: unknown; problem?: undefined } | { fn?: undefined; problem: string };

/**
 * Imports the learner's file for `spec` afresh (a changed file is re-read,
 * even in a running kernel) and takes its function.
 */
export async function loadExercise(spec: ExerciseSpec, root: URL): Promise<Loaded> {
  const url = new URL(`exercises/${spec.file}`, root);
  const file = `exercises/${spec.file}`;
  let version = "";
  try {
    version = String((await Deno.stat(url)).mtime?.getTime() ?? "");
  } catch {
    return { problem: `${file} is missing` };
  }
  let module: Record<string, unknown>;
  try {
    module = await import(`${url.href}?v=${version}`);
  } catch (e) {
    return { problem: `${file} failed to load: ${errorText(e)}` };
  }
  const fn = module[spec.exportName];
  if (typeof fn !== "function") {
    return { problem: `${file} does not export a function ${spec.exportName}` };
  }
  return { fn };
}

/**
 * Checks `spec` under `root`: imports first (a forbidden one scores 0 and the
 * tests do not run), then the file, then each suite in turn.
 */
export async function evaluateExercise(
  spec: ExerciseSpec,
  root: URL,
  suites: readonly { suite: AnySuite; hidden: boolean }[],
): Promise<ExerciseReport> {
  const file = `exercises/${spec.file}`;
  const violations = await checkImports(spec, root);
  if (violations.length > 0) return new ExerciseReport(spec.id, file, [], violations);
  const loaded = await loadExercise(spec, root);
  if (loaded.problem !== undefined) {
    return new ExerciseReport(spec.id, file, [], [], loaded.problem);
  }
  const outcomes: TestOutcome[] = [];
  for (const { suite, hidden } of suites) {
    outcomes.push(...runSuite(suite, loaded.fn as never, hidden));
  }
  return new ExerciseReport(spec.id, file, outcomes);
}

/**
 * Runs the public tests of exercise `id` on the learner's file and returns
 * the verdict. Never throws for the learner's mistakes; throws only for an
 * unknown id. (In a notebook, {@link checkExercise} shows it.)
 *
 * @example
 * ```ts
 * import { gradeExercise } from "./check.ts";
 * const report = await gradeExercise("perplexity");
 * console.assert(["passed", "not-implemented"].includes(report.status));
 * ```
 */
export async function gradeExercise(
  id: string,
  options: CheckExerciseOptions = {},
): Promise<ExerciseReport> {
  const spec = exerciseById(id);
  return await evaluateExercise(spec, options.root ?? COURSE_ROOT, [{
    suite: spec.tests,
    hidden: false,
  }]);
}

/**
 * The check cell of a notebook: runs exercise `id`'s public tests on the
 * learner's file and shows the verdict under the cell (awaited, so that it
 * lands under its own cell when a front end runs all cells at once).
 *
 * @example
 * ```ts
 * import { checkExercise } from "./check.ts";
 * await checkExercise("perplexity"); // prints the verdict outside Jupyter
 * ```
 */
export async function checkExercise(id: string, options: CheckExerciseOptions = {}): Promise<void> {
  await display(await gradeExercise(id, options));
}
