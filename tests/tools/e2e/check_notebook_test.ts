import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkNotebook, notebookAsModule } from "../../../tools/check_notebook.ts";
import type { Notebook } from "../../../tools/nbformat.ts";

const CONFIG = new URL("../../../deno.json", import.meta.url).pathname;

function notebook(...sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source) => ({
      cell_type: "code" as const,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  };
}

Deno.test("check_notebook: cells are joined safely and relative imports resolved", () => {
  const nb = notebook('import { f } from "../lib/mod.ts";\nf', "(1 + 1)");
  nb.cells.push({ cell_type: "markdown", metadata: {}, source: "# not code" });
  const mod = notebookAsModule(nb, "/course/notebooks");
  assertEquals(
    mod,
    '// cell 0\nimport { f } from "file:///course/lib/mod.ts";\nf\n;\n// cell 1\n(1 + 1)\n;\n',
  );
});

Deno.test("check_notebook: deno check passes good cells and reports a type error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "check-nb-test-" });
  try {
    await Deno.writeTextFile(`${dir}/helper.ts`, "export const two: number = 2;\n");
    const write = (name: string, nb: Notebook) =>
      Deno.writeTextFile(`${dir}/${name}`, JSON.stringify(nb));
    await write("good.ipynb", notebook('import { two } from "./helper.ts";\ntwo', "two * 3"));
    await write(
      "bad.ipynb",
      notebook('import { two } from "./helper.ts";', "const s: string = two;"),
    );
    const good = await checkNotebook(`${dir}/good.ipynb`, CONFIG);
    assert(good.ok, good.output);
    const bad = await checkNotebook(`${dir}/bad.ipynb`, CONFIG);
    assertEquals(bad.ok, false);
    assertStringIncludes(bad.output, "TS2322");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
