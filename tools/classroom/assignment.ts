/**
 * `deno task assignment [NOTEBOOK…] [--out DIR]`: writes a student release of
 * the chosen notebooks (default: all) and their exercises into DIR (default
 * `out/release`). See `release.ts` for what a release holds.
 *
 * @module
 */

import { buildRelease, selectNotebooks } from "./release.ts";

/** Parses the command line: notebook selectors and `--out`. */
export function parseAssignmentArgs(args: readonly string[]): { notebooks: string[]; out: string } {
  const usage = "usage: deno task assignment [NOTEBOOK…] [--out DIR]";
  const notebooks: string[] = [];
  let out = "out/release";
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") {
      if (args[i + 1] === undefined) throw new Error(`--out needs a folder\n${usage}`);
      out = args[++i];
    } else if (args[i].startsWith("--")) {
      throw new Error(`unknown option ${args[i]}\n${usage}`);
    } else {
      notebooks.push(args[i]);
    }
  }
  return { notebooks, out };
}

if (import.meta.main) {
  try {
    const { notebooks, out } = parseAssignmentArgs(Deno.args);
    const summary = await buildRelease(out, await selectNotebooks(notebooks));
    console.log(`wrote the student release to ${summary.out}/`);
    console.log(
      `  notebooks: ${
        summary.notebooks.join(", ")
      } (${summary.removedCells} teacher cells left out)`,
    );
    console.log(`  exercises: ${summary.exercises.join(", ") || "none"}`);
    console.log(`  hand out the folder; learners run "deno install", then "deno task check"`);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(2);
  }
}
