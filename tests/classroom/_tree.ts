/**
 * Temporary course trees for tests: the teacher's `lib/` (linked), and an
 * `exercises/` folder with stubbed files plus the files a test provides.
 *
 * @module
 */

import { releaseExercise } from "../../tools/classroom/release.ts";

/** The repository root. */
export const REPO = new URL("../../", import.meta.url);

/** The stubbed (student) version of every exercise file, by file name. */
export async function stubbedExercises(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const e of Deno.readDir(new URL("exercises/", REPO))) {
    if (!e.isFile || !e.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(new URL(`exercises/${e.name}`, REPO));
    files[e.name] = releaseExercise(text, `exercises/${e.name}`);
  }
  return files;
}

/** The teacher's (solution) version of exercise file `name`. */
export function solutionFile(name: string): Promise<string> {
  return Deno.readTextFile(new URL(`exercises/${name}`, REPO));
}

/**
 * Makes a course tree in a temporary folder: `lib` links to the repository's
 * engine, `exercises/` holds the stubs overridden by `files`. Returns its path;
 * remove it with `Deno.remove(path, { recursive: true })`.
 */
export async function makeCourse(files: Record<string, string> = {}): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "rnn-course-test-" });
  await Deno.symlink(decodeURIComponent(new URL("lib", REPO).pathname), `${dir}/lib`);
  await Deno.mkdir(`${dir}/exercises`);
  for (const [name, text] of Object.entries({ ...await stubbedExercises(), ...files })) {
    await Deno.writeTextFile(`${dir}/exercises/${name}`, text);
  }
  return dir;
}

/** `dir` as a folder URL. */
export function rootOf(dir: string): URL {
  return new URL(`file://${dir}/`);
}
