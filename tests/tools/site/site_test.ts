import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { buildSite, renderSite } from "../../../tools/site/build.ts";
import { protectMath } from "../../../tools/site/math.ts";
import { renderMarkdown } from "../../../tools/site/markdown.ts";
import { isChartOutput } from "../../../tools/site/outputs.ts";
import { notebookDescription, notebookTitle } from "../../../tools/site/page.ts";
import { sampleNotebook } from "./_sample.ts";

Deno.test("math: formulas are protected from markdown; code and escaped dollars are not math", () => {
  const p = protectMath("a $x_1$ b `$y$` c \\$5 and $6, $$\\sum_i a_i$$\n```\n$z$\n```\n");
  assertEquals(p.math, [{ tex: "x_1", display: false }, { tex: "\\sum_i a_i", display: true }]);
  assertStringIncludes(p.text, "`$y$`");
  assertStringIncludes(p.text, "\\$5 and $6");
  assertStringIncludes(p.text, "```\n$z$\n```");
});

Deno.test("markdown: underscores and backslashes inside math survive", () => {
  const html = renderMarkdown("$a_b + c_d$ and $\\alpha$");
  assert(!html.includes("<em>"), html); // the _ did not become emphasis
  assertEquals(html.match(/class="katex"/g)?.length, 2);
  assertStringIncludes(html, "α");
});

Deno.test("site: a page has KaTeX math, highlighted code, the SVG and all outputs", () => {
  const site = renderSite([
    { name: "01_intro", notebook: sampleNotebook("Intro") },
    { name: "02_hello", notebook: sampleNotebook("Hello $h_t$") },
  ]);
  const page = site.files.get("01_intro.html")!;
  const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
  assertEquals(main.match(/class="katex"/g)?.length, 2); // inline + display
  assertStringIncludes(page, 'class="katex-display"');
  assert(!page.includes("katex-error"));
  assertStringIncludes(page, '<span class="hljs-keyword">const</span>');
  assertStringIncludes(page, 'id="svgchart"');
  assertStringIncludes(page, 'id="htmlchart"');
  assertStringIncludes(page, "loss 1.5");
  assertStringIncludes(page, "a &lt; b");
  assertStringIncludes(page, "<em>emphasis</em>");
  assertStringIncludes(page, 'href="02_hello.html"'); // next link
  assertStringIncludes(page, 'href="katex/katex.min.css"');
  assertEquals(page.match(/class="output [a-z_]+ chart"/g)?.length, 2);
  assertEquals(site.mathErrors, []);
});

Deno.test("site: index lists every notebook with title and description", () => {
  const site = renderSite([
    { name: "01_intro", notebook: sampleNotebook("Intro") },
    { name: "02_hello", notebook: sampleNotebook("Hello $h_t$") },
  ], { title: "My course" });
  const index = site.files.get("index.html")!;
  assertStringIncludes(index, '<a href="01_intro.html">Intro</a>');
  assertStringIncludes(index, 'href="02_hello.html">Hello <span class="katex">');
  assertStringIncludes(index, "carries the past");
  assertStringIncludes(index, "<title>My course</title>");
});

Deno.test("site: titles, descriptions and chart detection", () => {
  const nb = sampleNotebook("T");
  assertEquals(notebookTitle(nb, "fallback"), "T");
  assertEquals(notebookTitle({ ...nb, cells: [] }, "fallback"), "fallback");
  assertStringIncludes(notebookDescription(nb)!, "The state $h_t");
  const code = nb.cells[2];
  if (code.cell_type !== "code") throw new Error("sample cell 2 should be code");
  assertEquals(code.outputs.map(isChartOutput), [false, true, true, false]);
});

Deno.test("site: a TeX error is reported, not thrown", () => {
  const site = renderSite([{
    name: "x",
    notebook: {
      ...sampleNotebook(),
      cells: [{ cell_type: "markdown", metadata: {}, source: "$\\frac{1$" }],
    },
  }]);
  assertEquals(site.mathErrors.length, 1);
  assertEquals(site.mathErrors[0].tex, "\\frac{1");
});

Deno.test("site: buildSite writes pages and offline KaTeX assets", async () => {
  const dir = await Deno.makeTempDir({ prefix: "site-test-" });
  try {
    await buildSite([{ name: "01_intro", notebook: sampleNotebook() }], dir);
    for (
      const f of ["index.html", "01_intro.html", "style.css", "hljs.css", "katex/katex.min.css"]
    ) {
      assert((await Deno.stat(`${dir}/${f}`)).size > 0, f);
    }
    const css = await Deno.readTextFile(`${dir}/katex/katex.min.css`);
    const font = /url\((fonts\/KaTeX_Main-Regular\.woff2)\)/.exec(css)![1];
    assert((await Deno.stat(`${dir}/katex/${font}`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("site: a failed run is marked on its page and in the index", () => {
  const site = renderSite([
    {
      name: "01_intro",
      notebook: sampleNotebook("Intro"),
      status: "timed out at cell 3",
      failures: [{ cellIndex: 2, message: "CellTimeoutError: timed out after 5 s" }],
    },
    { name: "02_bad", notebook: sampleNotebook("Bad"), status: "not a valid notebook" },
    { name: "03_ok", notebook: sampleNotebook("Fine"), status: "passed", failures: [] },
  ]);
  const page = site.files.get("01_intro.html")!;
  assertStringIncludes(page, 'data-status="timed out at cell 3"');
  assertStringIncludes(page, "When the course was last run: timed out at cell 3.");
  assertStringIncludes(page, '<a href="#cell-3">cell 3</a>: CellTimeoutError: timed out after 5 s');
  assertStringIncludes(page, '<section id="cell-3" class="cell code failed">');
  assertStringIncludes(page, "Cell 3 failed: CellTimeoutError: timed out after 5 s");
  assertEquals(page.match(/class="cell code failed"/g)?.length, 1);
  assert(!site.files.get("03_ok.html")!.includes("run-status"), "a passed page has no banner");
  const index = site.files.get("index.html")!;
  assertStringIncludes(index, '<span class="status failed">timed out at cell 3</span>');
  assertStringIncludes(index, '<span class="status failed">not a valid notebook</span>');
  assertStringIncludes(index, '<span class="status passed">passed</span>');
});

Deno.test("site: pages of earlier builds are removed, other files stay", async () => {
  const dir = await Deno.makeTempDir({ prefix: "site-stale-" });
  try {
    await buildSite([{ name: "01_intro", notebook: sampleNotebook() }], dir);
    await Deno.writeTextFile(`${dir}/00_renamed.html`, "<p>old</p>");
    await Deno.writeTextFile(`${dir}/notes.txt`, "kept");
    const site = await buildSite([{ name: "02_next", notebook: sampleNotebook() }], dir);
    assertEquals(site.removed, ["00_renamed.html", "01_intro.html"]);
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(left, [
      "02_next.html",
      "hljs.css",
      "index.html",
      "katex",
      "notes.txt",
      "style.css",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
