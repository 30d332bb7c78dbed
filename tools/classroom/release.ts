/**
 * Builds a student release: the engine (`lib/`, copied, so the release runs
 * on its own), the exercises with stubs in place of solutions, the chosen
 * notebooks without outputs and without cells tagged `solution` or
 * `hidden-tests`, a `deno.json` for the release, its `assignment.json`, and a
 * README for the learner. Hidden tests (`tools/classroom/hidden/`) are never
 * copied.
 *
 * @module
 */

import { EXERCISES } from "../../lib/check/classroom/catalog.ts";
import { type Notebook, readNotebook, sourceText, stringifyNotebook } from "../nbformat.ts";
import { stripSolutions } from "./regions.ts";
import { TEACHER_ROOT } from "./sandbox.ts";

/** Cells with one of these tags are left out of a release. */
export const TEACHER_TAGS: readonly string[] = ["solution", "hidden-tests"];

/** The first line of every stubbed exercise file in a release. */
export const STUB_LINT_LINE =
  "// deno-lint-ignore-file no-unused-vars -- the stubs leave parameters and imports unused; delete this line once your code uses them";

/** What `buildRelease` wrote. */
export interface ReleaseSummary {
  /** The release folder. */
  readonly out: string;
  /** Notebook names (without `.ipynb`). */
  readonly notebooks: readonly string[];
  /** Exercise ids assigned (those of the chosen notebooks). */
  readonly exercises: readonly string[];
  /** Cells left out of the notebooks. */
  readonly removedCells: number;
}

/** A notebook ready for learners, and how many cells were left out. */
export function releaseNotebook(
  nb: Notebook,
  name = "notebook",
): { notebook: Notebook; removed: number } {
  const copy: Notebook = structuredClone(nb);
  const before = copy.cells.length;
  copy.cells = copy.cells.filter((cell) => {
    const tags = (cell.metadata?.tags ?? []) as unknown[];
    return !tags.some((t) => TEACHER_TAGS.includes(String(t)));
  });
  copy.cells.forEach((cell, i) => {
    delete cell.metadata.execution;
    if (cell.cell_type !== "code") return;
    cell.outputs = [];
    cell.execution_count = null;
    cell.source = toLines(stripSolutions(sourceText(cell), `${name} cell ${i}`));
  });
  return { notebook: copy, removed: before - copy.cells.length };
}

/** The student version of an exercise source: stubs in place of solutions, plus {@link STUB_LINT_LINE}. */
export function releaseExercise(source: string, file: string): string {
  const stubbed = stripSolutions(source, file);
  return stubbed === source ? source : `${STUB_LINT_LINE}\n${stubbed}`;
}

/** Notebook names under `root/notebooks/` matching `selectors` (`01`, `01_rnn_basics`, or a path); all when empty. */
export async function selectNotebooks(
  selectors: readonly string[],
  root: URL = TEACHER_ROOT,
): Promise<string[]> {
  const all: string[] = [];
  for await (const e of Deno.readDir(new URL("notebooks/", root))) {
    if (e.isFile && e.name.endsWith(".ipynb")) all.push(e.name.replace(/\.ipynb$/, ""));
  }
  all.sort();
  if (selectors.length === 0) return all;
  return selectors.map((s) => {
    const key = s.split("/").pop()!.replace(/\.ipynb$/, "");
    const found = all.filter((n) => n === key || n.startsWith(`${key}_`));
    if (found.length !== 1) {
      throw new Error(
        `notebook "${s}" matches ${found.length} notebooks; the notebooks are ${all.join(", ")}`,
      );
    }
    return found[0];
  });
}

/** Writes the release of `notebooks` into `out` (which must be empty, missing, or an earlier release). */
export async function buildRelease(
  out: string,
  notebooks: readonly string[],
  root: URL = TEACHER_ROOT,
): Promise<ReleaseSummary> {
  const src = decodeURIComponent(root.pathname).replace(/\/$/, "");
  await prepareOut(out);
  await copyDir(`${src}/lib`, `${out}/lib`);
  await Deno.mkdir(`${out}/exercises`, { recursive: true });
  for await (const e of Deno.readDir(`${src}/exercises`)) {
    if (!e.isFile || !e.name.endsWith(".ts")) continue; // README.md is the teacher's
    const text = await Deno.readTextFile(`${src}/exercises/${e.name}`);
    await Deno.writeTextFile(
      `${out}/exercises/${e.name}`,
      releaseExercise(text, `exercises/${e.name}`),
    );
  }
  await Deno.mkdir(`${out}/notebooks`, { recursive: true });
  let removedCells = 0;
  const notebookTexts: string[] = [];
  for (const name of notebooks) {
    const { notebook, removed } = releaseNotebook(
      await readNotebook(`${src}/notebooks/${name}.ipynb`),
      name,
    );
    removedCells += removed;
    const text = stringifyNotebook(notebook);
    notebookTexts.push(text);
    await Deno.writeTextFile(`${out}/notebooks/${name}.ipynb`, text);
  }
  const exercises = EXERCISES.filter((e) => notebooks.includes(e.notebook)).map((e) => e.id);
  const config = await releaseConfig(src, out, notebookTexts);
  await Deno.writeTextFile(`${out}/deno.json`, JSON.stringify(config, null, 2) + "\n");
  await Deno.copyFile(`${src}/deno.lock`, `${out}/deno.lock`);
  const manifest = { notebooks, exercises, engine: "lib/ is a copy of the course engine" };
  await Deno.writeTextFile(`${out}/assignment.json`, JSON.stringify(manifest, null, 2) + "\n");
  await Deno.writeTextFile(`${out}/README.md`, await studentReadme(exercises));
  await Deno.writeTextFile(`${out}/.gitignore`, "node_modules/\n");
  await formatRelease(out);
  return { out, notebooks, exercises, removedCells };
}

/** The release's `deno.json`: the teacher's settings, the imports the release uses, one `check` task. */
async function releaseConfig(src: string, out: string, notebookTexts: string[]) {
  const teacher = JSON.parse(await Deno.readTextFile(`${src}/deno.json`));
  const used = (await readAll(`${out}/lib`)).concat(notebookTexts).join("\n");
  const imports = Object.fromEntries(
    Object.entries(teacher.imports ?? {}).filter(([key]) =>
      used.includes(`"${key}"`) || used.includes(`"${key}/`)
    ),
  );
  return {
    nodeModulesDir: teacher.nodeModulesDir,
    imports,
    tasks: { check: "deno run --allow-read lib/check/classroom/cli.ts" },
    fmt: teacher.fmt,
    lint: teacher.lint,
    exclude: teacher.exclude,
  };
}

/** Runs `deno fmt` on what the release generated (stubbed files, notebooks, README) with its own settings. */
async function formatRelease(out: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", "README.md", "exercises/", "notebooks/"],
    cwd: out,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`deno fmt failed in ${out}: ${new TextDecoder().decode(stderr)}`);
}

async function studentReadme(exercises: readonly string[]): Promise<string> {
  const template = await Deno.readTextFile(new URL("./student_readme.md", import.meta.url));
  const list = EXERCISES.filter((e) => exercises.includes(e.id)).map((e) =>
    `- \`${e.id}\` (notebook ${
      e.notebook.slice(0, 2)
    }): ${e.title}, \`${e.exportName}\` in \`exercises/${e.file}\``
  );
  return template.replace("{{exercises}}", list.join("\n") || "- (no exercises in this release)");
}

async function prepareOut(out: string): Promise<void> {
  let entries: string[] = [];
  try {
    for await (const e of Deno.readDir(out)) entries.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    entries = [];
  }
  if (entries.length > 0 && !entries.includes("assignment.json")) {
    throw new Error(
      `${out} is not empty and is not an earlier release (no assignment.json); choose another --out`,
    );
  }
  if (entries.length > 0) await Deno.remove(out, { recursive: true });
  await Deno.mkdir(out, { recursive: true });
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

async function readAll(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) texts.push(...await readAll(path));
    else if (e.isFile && /\.(ts|js)$/.test(e.name)) texts.push(await Deno.readTextFile(path));
  }
  return texts;
}

function toLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
}
