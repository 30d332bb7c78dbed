/**
 * `deno task check [ID…]`: runs the public tests of the exercises (all of this
 * copy's assignment, or the ids given) on the files in `exercises/` and
 * prints one verdict per exercise. Exits with 1 unless all pass.
 *
 * @module
 */

import { EXERCISES } from "./catalog.ts";
import { COURSE_ROOT, gradeExercise } from "./check.ts";

/** The ids to check: those given, else those in `assignment.json` at the course root, else all. */
export async function idsToCheck(
  args: readonly string[],
  root: URL = COURSE_ROOT,
): Promise<string[]> {
  if (args.length > 0) return [...args];
  try {
    const manifest = JSON.parse(await Deno.readTextFile(new URL("assignment.json", root)));
    if (Array.isArray(manifest.exercises)) return manifest.exercises.map(String);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return EXERCISES.map((e) => e.id);
}

if (import.meta.main) {
  let passed = 0;
  const ids = await idsToCheck(Deno.args);
  for (const id of ids) {
    const report = await gradeExercise(id);
    console.log(report.toString());
    if (report.passed) passed++;
  }
  console.log(`\n${passed} of ${ids.length} exercises pass their public tests`);
  if (passed < ids.length) Deno.exit(1);
}
