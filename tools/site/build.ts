/**
 * Builds the static course site: `index.html`, one page per notebook, KaTeX's CSS and
 * fonts (so the site works offline), highlight.js's theme and the stylesheet.
 *
 * @module
 */

import { join } from "node:path";
import type { MathError } from "./math.ts";
import { notebookTitle, renderIndexPage, renderNotebookPage, type SiteNotebook } from "./page.ts";
import { STYLE_CSS } from "./style.ts";

/** The default course title. */
export const COURSE_TITLE = "Recurrent Neural Networks in TypeScript";

/** Options for {@link renderSite} and {@link buildSite}. */
export interface SiteOptions {
  /** Title of the course on every page. */
  title?: string;
  /** The repository's node_modules (KaTeX, highlight.js). Default: next to tools/. */
  nodeModules?: string;
}

/** A rendered site in memory: file path (relative to the site root) → content. */
export interface RenderedSite {
  files: Map<string, string>;
  mathErrors: MathError[];
  /** Pages of earlier builds that {@link buildSite} removed (not part of this site). */
  removed?: string[];
}

/**
 * Renders the pages of the site (HTML and style.css) in memory, in the order given.
 *
 * @example
 * ```ts
 * const site = renderSite([{ name: "01_x", notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] } }]);
 * console.log([...site.files.keys()]); // ["01_x.html", "index.html", "style.css"]
 * ```
 */
export function renderSite(entries: SiteNotebook[], options: SiteOptions = {}): RenderedSite {
  const title = options.title ?? COURSE_TITLE;
  const mathErrors: MathError[] = [];
  const files = new Map<string, string>();
  const link = (e: SiteNotebook | undefined) =>
    e && { href: `${e.name}.html`, title: notebookTitle(e.notebook, e.name) };
  entries.forEach((entry, i) => {
    files.set(
      `${entry.name}.html`,
      renderNotebookPage(entry, {
        courseTitle: title,
        prev: link(entries[i - 1]),
        next: link(entries[i + 1]),
        mathErrors,
      }),
    );
  });
  files.set("index.html", renderIndexPage(entries, title, mathErrors));
  files.set("style.css", STYLE_CSS);
  // A formula shown on a page and in the index is one error.
  const unique = [...new Map(mathErrors.map((e) => [e.tex, e])).values()];
  return { files, mathErrors: unique };
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/** Removes `*.html` files directly in `dir` that are not in `keep`; returns their names. */
async function removeStalePages(dir: string, keep: Set<string>): Promise<string[]> {
  const removed: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".html") && !keep.has(e.name)) {
      await Deno.remove(join(dir, e.name));
      removed.push(e.name);
    }
  }
  return removed.sort();
}

/** The repository's node_modules folder (this file is tools/site/build.ts). */
function defaultNodeModules(): string {
  return new URL("../../node_modules", import.meta.url).pathname;
}

/**
 * Writes the site into `outDir` and returns what was rendered. Pages left in `outDir`
 * by earlier builds that are not part of this site are removed, so no stale, unlinked
 * page survives. Throws when KaTeX or highlight.js assets are missing from node_modules
 * (run `deno install`).
 */
export async function buildSite(
  entries: SiteNotebook[],
  outDir: string,
  options: SiteOptions = {},
): Promise<RenderedSite> {
  const nodeModules = options.nodeModules ?? defaultNodeModules();
  const katexDist = join(nodeModules, "katex", "dist");
  const hljsCss = join(nodeModules, "highlight.js", "styles", "github.css");
  for (const p of [join(katexDist, "katex.min.css"), hljsCss]) {
    try {
      await Deno.stat(p);
    } catch {
      throw new Error(`buildSite: ${p} not found; run "deno install" in the repository first`);
    }
  }
  const site = renderSite(entries, options);
  await Deno.mkdir(outDir, { recursive: true });
  for (const [path, content] of site.files) await Deno.writeTextFile(join(outDir, path), content);
  site.removed = await removeStalePages(outDir, new Set(site.files.keys()));
  await Deno.mkdir(join(outDir, "katex"), { recursive: true });
  await Deno.copyFile(join(katexDist, "katex.min.css"), join(outDir, "katex", "katex.min.css"));
  await copyDir(join(katexDist, "fonts"), join(outDir, "katex", "fonts"));
  await Deno.copyFile(hljsCss, join(outDir, "hljs.css"));
  return site;
}
