/**
 * The grading sandbox: a temporary course tree made of the teacher's engine
 * (`lib/`), the teacher's checks and hidden tests (`tools/classroom/`), and
 * the learner's `exercises/` only. Whatever the learner changed in their
 * copy of `lib/` is not used.
 *
 * @module
 */

import { EXERCISES } from "../../lib/check/classroom/catalog.ts";

/** The teacher's course root (the folder with `lib/`, `exercises/`, `tools/`). */
export const TEACHER_ROOT: URL = new URL("../../", import.meta.url);

/** At most this many bytes of the learner's `exercises/` are copied. */
const MAX_BYTES = 5_000_000;

/**
 * The learner's exercises folder in `dir`: `dir/exercises/` when it exists
 * (a course copy), else `dir` itself when it holds an exercise file (an
 * upload of the files alone, as Gradescope stores it).
 */
export async function findExercises(dir: string): Promise<string> {
  if (await isDirectory(`${dir}/exercises`)) return `${dir}/exercises`;
  for (const spec of EXERCISES) {
    if (await isFile(`${dir}/${spec.file}`)) return dir;
  }
  throw new Error(
    `${dir} has neither an exercises/ folder nor any exercise file (e.g. rnn_step.ts)`,
  );
}

/** Makes a sandbox for the learner's copy in `dir`; returns its path. Remove it with `Deno.remove(path, { recursive: true })`. */
export async function makeSandbox(dir: string, teacherRoot: URL = TEACHER_ROOT): Promise<string> {
  const exercises = await findExercises(dir);
  const sandbox = await Deno.makeTempDir({ prefix: "rnn-grade-" });
  const teacher = decodeURIComponent(teacherRoot.pathname).replace(/\/$/, "");
  await copyTree(`${teacher}/lib`, `${sandbox}/lib`, Infinity);
  await copyTree(`${teacher}/tools/classroom`, `${sandbox}/tools/classroom`, Infinity);
  await copyTree(exercises, `${sandbox}/exercises`, MAX_BYTES);
  return sandbox;
}

/** Copies regular files under `from` to `to` (symlinks skipped); throws past `maxBytes`. */
async function copyTree(from: string, to: string, maxBytes: number): Promise<number> {
  await Deno.mkdir(to, { recursive: true });
  let bytes = 0;
  for await (const entry of Deno.readDir(from)) {
    const src = `${from}/${entry.name}`, dst = `${to}/${entry.name}`;
    if (entry.isDirectory) {
      bytes += await copyTree(src, dst, maxBytes - bytes);
    } else if (entry.isFile) {
      bytes += (await Deno.stat(src)).size;
      if (bytes > maxBytes) throw new Error(`${from} holds more than ${maxBytes} bytes`);
      await Deno.copyFile(src, dst);
    }
  }
  return bytes;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.lstat(path)).isDirectory;
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.lstat(path)).isFile;
  } catch {
    return false;
  }
}
