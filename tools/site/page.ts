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

/** A failed cell, as the site marks it. */
export interface SiteFailure {
  /** Index of the cell among all cells (0-based); -1 for a failure of the whole notebook. */
  cellIndex: number;
  /** One line, e.g. `CellTimeoutError: timed out after 5 s`. */
  message: string;
}

/** A notebook on the site: its file stem (page `NAME.html`) and content. */
export interface SiteNotebook {
  /** File name without `.ipynb`, e.g. `03_hello_char_lm`. */
  name: string;
  notebook: Notebook;
  /** The run's status, e.g. `passed`, `failed at cell 3`, `timed out at cell 5`. */
  status?: string;
  /** Failed cells (and notebook-level failures), marked on the page. */
  failures?: SiteFailure[];
}

/** The anchor of cell `index` (0-based) on its page: `cell-1` for the first cell. */
export function cellAnchor(index: number): string {
  return `cell-${index + 1}`;
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
  const failed = new Map((entry.failures ?? []).map((f) => [f.cellIndex, f.message]));
  const cells = entry.notebook.cells.map((cell, i) => {
    const source = sourceText(cell);
    const id = `id="${cellAnchor(i)}"`;
    if (cell.cell_type === "markdown") {
      return `<section ${id} class="cell markdown">\n${renderMarkdown(source, errors)}</section>`;
    }
    if (cell.cell_type !== "code") {
      return `<section ${id} class="cell raw"><pre>${escapeHtml(source)}</pre></section>`;
    }
    const count = cell.execution_count ?? " ";
    const outputs = cell.outputs.map((o) => renderOutput(o, errors)).join("\n");
    const failure = failed.get(i);
    const mark = failure === undefined
      ? ""
      : `<div class="cell-status">Cell ${i + 1} failed: ${escapeHtml(failure)}</div>\n`;
    return `<section ${id} class="cell code${failure === undefined ? "" : " failed"}">
${mark}<div class="input"><span class="prompt">[${count}]</span><pre><code class="hljs language-typescript">${
      highlightCode(source)
    }</code></pre></div>
${outputs ? `<div class="outputs">\n${outputs}\n</div>\n` : ""}</section>`;
  });
  const title = notebookTitle(entry.notebook, entry.name);
  const body = `<header class="site"><a href="index.html">${
    escapeHtml(options.courseTitle)
  }</a></header>
${pager(options.prev, options.next)}
<main class="notebook" data-notebook="${escapeHtml(entry.name)}" data-status="${
    escapeHtml(entry.status ?? "")
  }">
${statusBanner(entry)}${cells.join("\n")}
</main>
${pager(options.prev, options.next)}`;
  return layout(`${plainTitle(title)} · ${options.courseTitle}`, body);
}

/** The banner at the top of a page whose run failed (empty when it passed). */
function statusBanner(entry: SiteNotebook): string {
  const failures = entry.failures ?? [];
  if (failures.length === 0) return "";
  const items = failures.map((f) => {
    const text = escapeHtml(f.message);
    return `<li>${
      f.cellIndex < 0
        ? text
        : `<a href="#${cellAnchor(f.cellIndex)}">cell ${f.cellIndex + 1}</a>: ${text}`
    }</li>`;
  });
  return `<div class="run-status failed"><p>When the course was last run: ${
    escapeHtml(entry.status ?? "failed")
  }.</p>\n<ul>\n${items.join("\n")}\n</ul></div>\n`;
}

/** The status badge of a notebook in the index (empty when no status is known). */
function statusBadge(entry: SiteNotebook): string {
  if (!entry.status) return "";
  const cls = entry.status === "passed" ? "passed" : "failed";
  return ` <span class="status ${cls}">${escapeHtml(entry.status)}</span>`;
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
    return `<li><a href="${escapeHtml(e.name)}.html">${title}</a>${statusBadge(e)}${
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
