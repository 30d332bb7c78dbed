/**
 * One HTML page per executed notebook, plus the course index.
 *
 * @module
 */

import { type Notebook, sourceText } from "../nbformat.ts";
import { highlightCode } from "./highlight.ts";
import { escapeHtml } from "./html.ts";
import type { MathError } from "./math.ts";
import { renderMarkdown, renderMarkdownInline } from "./markdown.ts";
import { renderOutput } from "./outputs.ts";

/** A notebook on the site: its file stem (page `NAME.html`) and content. */
export interface SiteNotebook {
  /** File name without `.ipynb`, e.g. `03_hello_char_lm`. */
  name: string;
  notebook: Notebook;
}

/** A link to a neighbouring page. */
export interface PageLink {
  href: string;
  title: string;
}

const HEADING_RE = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/m;

/** The notebook's title in markdown: its first markdown heading, else `fallback`. */
export function notebookTitle(nb: Notebook, fallback: string): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = HEADING_RE.exec(sourceText(cell));
    if (m) return m[1];
  }
  return fallback;
}

/**
 * The first paragraph of the notebook's first markdown cell that is not a heading,
 * or undefined when that cell has none.
 */
export function notebookDescription(nb: Notebook): string | undefined {
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  if (!first) return undefined;
  const paragraphs = sourceText(first).split(/\n\s*\n/).map((p) => p.trim());
  return paragraphs.find((p) => p !== "" && !HEADING_RE.test(p.split("\n")[0]));
}

/** Plain text of a markdown title, for `<title>`. */
function plainTitle(markdown: string): string {
  return markdown.replace(/[`*_]/g, "").replace(/\$([^$]*)\$/g, "$1");
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="katex/katex.min.css">
<link rel="stylesheet" href="hljs.css">
<link rel="stylesheet" href="style.css">
</head>
<body>
${body}
</body>
</html>
`;
}

function pager(prev?: PageLink, next?: PageLink): string {
  const link = (l: PageLink | undefined, rel: string, arrow: string) =>
    l
      ? `<a class="${rel}" rel="${rel}" href="${escapeHtml(l.href)}">${
        rel === "prev" ? arrow + " " : ""
      }${renderMarkdownInline(l.title)}${rel === "next" ? " " + arrow : ""}</a>`
      : `<span class="${rel}"></span>`;
  return `<nav class="pager">${
    link(prev, "prev", "←")
  }<a class="up" href="index.html">Contents</a>${link(next, "next", "→")}</nav>`;
}

/** Options for {@link renderNotebookPage}. */
export interface PageOptions {
  courseTitle: string;
  prev?: PageLink;
  next?: PageLink;
  /** TeX errors are appended here. */
  mathErrors?: MathError[];
}

/**
 * The HTML page of an executed notebook: markdown with math, highlighted code, outputs,
 * and prev/next links.
 */
export function renderNotebookPage(entry: SiteNotebook, options: PageOptions): string {
  const errors = options.mathErrors;
  const cells = entry.notebook.cells.map((cell) => {
    const source = sourceText(cell);
    if (cell.cell_type === "markdown") {
      return `<section class="cell markdown">\n${renderMarkdown(source, errors)}</section>`;
    }
    if (cell.cell_type !== "code") {
      return `<section class="cell raw"><pre>${escapeHtml(source)}</pre></section>`;
    }
    const count = cell.execution_count ?? " ";
    const outputs = cell.outputs.map((o) => renderOutput(o, errors)).join("\n");
    return `<section class="cell code">
<div class="input"><span class="prompt">[${count}]</span><pre><code class="hljs language-typescript">${
      highlightCode(source)
    }</code></pre></div>
${outputs ? `<div class="outputs">\n${outputs}\n</div>\n` : ""}</section>`;
  });
  const title = notebookTitle(entry.notebook, entry.name);
  const body = `<header class="site"><a href="index.html">${
    escapeHtml(options.courseTitle)
  }</a></header>
${pager(options.prev, options.next)}
<main class="notebook" data-notebook="${escapeHtml(entry.name)}">
${cells.join("\n")}
</main>
${pager(options.prev, options.next)}`;
  return layout(`${plainTitle(title)} · ${options.courseTitle}`, body);
}

/** The table of contents: one entry per notebook with its title and description. */
export function renderIndexPage(
  entries: SiteNotebook[],
  courseTitle: string,
  mathErrors?: MathError[],
): string {
  const items = entries.map((e) => {
    const title = renderMarkdownInline(notebookTitle(e.notebook, e.name), mathErrors);
    const desc = notebookDescription(e.notebook);
    return `<li><a href="${escapeHtml(e.name)}.html">${title}</a>${
      desc ? `\n<p>${renderMarkdownInline(desc, mathErrors)}</p>` : ""
    }</li>`;
  });
  const body = `<header class="site"><a href="index.html">${escapeHtml(courseTitle)}</a></header>
<main class="index">
<h1>${escapeHtml(courseTitle)}</h1>
<ol class="toc">
${items.join("\n")}
</ol>
</main>`;
  return layout(courseTitle, body);
}
