/**
 * Opens the course site in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; never a browser download) and checks charts and math on every page.
 */

import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

/** Debian's Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** True when Chromium is installed. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/**
 * Skip the browser test only outside CI: in CI (CI=true) a missing Chromium must fail.
 */
export function skipBrowser(): boolean {
  return !hasChromium() && Deno.env.get("CI") !== "true";
}

/** What a page must show. */
export interface PageExpectation {
  /** Page file name without `.html`. */
  name: string;
  /** Number of chart outputs (`.output.chart` elements). */
  charts: number;
  /** Number of formulas (`.katex` elements in the page body). */
  formulas: number;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Serves `dir` on 127.0.0.1 at a random port. */
function serve(dir: string): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    let path = decodeURIComponent(new URL(req.url).pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, normalize(path));
    if (!file.startsWith(dir)) return new Response("forbidden", { status: 403 });
    try {
      const body = await Deno.readFile(file);
      return new Response(body, {
        headers: { "content-type": TYPES[extname(file)] ?? "application/octet-stream" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}

/**
 * Opens `index.html` and every expected page of the site in `siteDir`, saves full-page
 * screenshots into `screenshotDir`, and returns the problems found (empty when all is well).
 */
export async function checkSiteInBrowser(
  siteDir: string,
  pages: PageExpectation[],
  screenshotDir: string,
): Promise<string[]> {
  const problems: string[] = [];
  await Deno.mkdir(screenshotDir, { recursive: true });
  const server = serve(siteDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    let current = "";
    page.on("requestfailed", (r) => problems.push(`${current}: request failed ${r.url()}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${current}: HTTP ${r.status()} for ${r.url()}`);
    });
    page.on("pageerror", (e) => problems.push(`${current}: page error ${e.message}`));
    const base = `http://127.0.0.1:${server.addr.port}`;

    current = "index";
    await page.goto(`${base}/index.html`, { waitUntil: "load" });
    const links = await page.$$eval(
      "ol.toc > li > a",
      (as) => as.map((a) => a.getAttribute("href")),
    );
    for (const p of pages) {
      if (!links.includes(`${p.name}.html`)) problems.push(`index: no link to ${p.name}.html`);
    }
    await page.screenshot({ path: join(screenshotDir, "index.png"), fullPage: true });

    for (const p of pages) {
      current = p.name;
      await page.goto(`${base}/${p.name}.html`, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const found = await page.evaluate(() => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.height > 0;
        };
        const charts = [...document.querySelectorAll("main .output.chart")].map((c) => {
          const svgs = [...c.querySelectorAll("svg")].filter((s) =>
            !s.parentElement?.closest("svg")
          );
          return { svgs: svgs.length, visible: svgs.filter(box).length };
        });
        const katex = [...document.querySelectorAll("main .katex")];
        const fontsLoaded = [...document.fonts].some((f) =>
          f.family.replace(/["']/g, "") === "KaTeX_Main" && f.status === "loaded"
        );
        return {
          charts,
          formulas: katex.length,
          visibleFormulas: katex.filter(box).length,
          errors: [...document.querySelectorAll(".katex-error")].map((e) => e.textContent),
          fontsLoaded,
        };
      });
      if (found.charts.length !== p.charts) {
        problems.push(`${p.name}: ${found.charts.length} charts on the page, expected ${p.charts}`);
      }
      found.charts.forEach((c, i) => {
        if (c.svgs === 0) problems.push(`${p.name}: chart ${i} has no <svg>`);
        else if (c.visible !== c.svgs) {
          problems.push(
            `${p.name}: chart ${i}: ${c.svgs - c.visible} of ${c.svgs} <svg> have an empty box`,
          );
        }
      });
      if (found.formulas !== p.formulas) {
        problems.push(`${p.name}: ${found.formulas} rendered formulas, expected ${p.formulas}`);
      }
      if (found.visibleFormulas !== found.formulas) {
        problems.push(
          `${p.name}: ${found.formulas - found.visibleFormulas} formulas are invisible`,
        );
      }
      for (const e of found.errors) problems.push(`${p.name}: KaTeX error in "${e}"`);
      if (p.formulas > 0 && !found.fontsLoaded) problems.push(`${p.name}: KaTeX fonts not loaded`);
      await page.screenshot({ path: join(screenshotDir, `${p.name}.png`), fullPage: true });
    }
  } finally {
    await browser.close();
    await server.shutdown();
  }
  return problems;
}
