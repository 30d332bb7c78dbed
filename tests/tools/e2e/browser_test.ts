import { assertEquals } from "@std/assert";
import { buildSite } from "../../../tools/site/build.ts";
import { checkSiteInBrowser, skipBrowser } from "../_browser.ts";
import { chartCount, formulaCount } from "../_expect.ts";
import { sampleNotebook } from "../site/_sample.ts";

const SCREENSHOTS = new URL("../../../out/screenshots/sample/", import.meta.url).pathname;

Deno.test({
  name: "browser: a sample site shows its charts and math in Chromium",
  ignore: skipBrowser(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "site-browser-" });
    try {
      const entries = [
        { name: "01_intro", notebook: sampleNotebook("Intro") },
        { name: "02_hello", notebook: sampleNotebook("Hello $h_t$") },
      ];
      await buildSite(entries, dir);
      const pages = entries.map((e) => ({
        name: e.name,
        charts: chartCount(e.notebook),
        formulas: formulaCount(e.notebook),
      }));
      assertEquals(pages.map((p) => [p.charts, p.formulas]), [[2, 2], [2, 3]]);
      assertEquals(await checkSiteInBrowser(dir, pages, SCREENSHOTS), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "browser: a missing chart is detected",
  ignore: skipBrowser(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "site-browser-" });
    try {
      const nb = sampleNotebook("Broken");
      await buildSite([{ name: "bad", notebook: nb }], dir);
      // Expect one chart more than there is, and break the SVG's size.
      const html = await Deno.readTextFile(`${dir}/bad.html`);
      await Deno.writeTextFile(`${dir}/bad.html`, html.replace('width="300"', 'width="0"'));
      const problems = await checkSiteInBrowser(
        dir,
        [{ name: "bad", charts: 3, formulas: 2 }],
        `${SCREENSHOTS}broken/`,
      );
      assertEquals(problems.length, 2, problems.join("\n"));
      assertEquals(problems[0], "bad: 2 charts on the page, expected 3");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
