/**
 * Static checks of the committed notebooks: present, saved without outputs, formatted,
 * and their code type-checks. (Execution is checked in course_run_test.ts.)
 */

import { assert, assertEquals } from "@std/assert";
import { checkNotebooks } from "../../../tools/check_notebook.ts";
import { listNotebooks } from "../../../tools/course.ts";
import { readNotebook } from "../../../tools/nbformat.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const NOTEBOOKS = `${ROOT}notebooks`;
const paths = await listNotebooks(NOTEBOOKS);

Deno.test("notebooks: notebooks/ holds the course notebooks", () => {
  assert(paths.length > 0, `no .ipynb files in ${NOTEBOOKS}`);
  for (const p of paths) {
    const name = p.split("/").at(-1)!;
    assert(/^\d\d_[a-z0-9_]+\.ipynb$/.test(name), `${name} is not named NN_topic.ipynb`);
  }
});

Deno.test("notebooks: committed without outputs, with the Deno kernel and TypeScript", async () => {
  const problems: string[] = [];
  for (const path of paths) {
    const nb = await readNotebook(path);
    const name = path.split("/").at(-1);
    const meta = nb.metadata as {
      kernelspec?: { name?: string };
      language_info?: { name?: string };
    };
    if (meta.kernelspec?.name !== "deno") problems.push(`${name}: kernelspec.name is not "deno"`);
    if (meta.language_info?.name !== "typescript") {
      problems.push(`${name}: language_info.name is not "typescript" (deno fmt skips the cells)`);
    }
    nb.cells.forEach((cell, i) => {
      if (cell.cell_type !== "code") return;
      if (cell.outputs?.length) {
        problems.push(`${name}: cell ${i} has ${cell.outputs.length} outputs`);
      }
      if (cell.execution_count !== null) {
        problems.push(`${name}: cell ${i} has execution_count ${cell.execution_count}`);
      }
    });
  }
  assertEquals(problems, []);
});

// `deno fmt --check` misreports .ipynb files as unformatted when its cache is cold (a fresh
// clone), so each notebook is formatted through stdin and compared byte for byte instead.
Deno.test("notebooks: each notebook is deno fmt-clean", async () => {
  const unformatted: string[] = [];
  for (const path of paths) {
    const original = await Deno.readFile(path);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--ext=ipynb", "-"],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(original);
    await writer.close();
    const { success, stdout, stderr } = await child.output();
    assert(success, `deno fmt failed on ${path}:\n${new TextDecoder().decode(stderr)}`);
    if (new TextDecoder().decode(stdout) !== new TextDecoder().decode(original)) {
      unformatted.push(`${path} (run: deno fmt ${path})`);
    }
  }
  assertEquals(unformatted, []);
});

Deno.test("notebooks: the code cells of each notebook type-check as one module", async () => {
  const results = await checkNotebooks(paths, `${ROOT}deno.json`);
  const failures = results.flatMap((r, i) => r.ok ? [] : [`${paths[i]}:\n${r.output}`]);
  assertEquals(failures, []);
});
