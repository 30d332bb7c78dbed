/**
 * Notebook outputs to HTML: streams in `<pre>`, HTML and SVG inline, PNG/JPEG as data
 * URIs, plain text as fallback, errors with their traceback.
 *
 * @module
 */

import type { MimeBundle, Output } from "../nbformat.ts";
import { stripAnsi } from "../nbformat.ts";
import { escapeHtml } from "./html.ts";
import type { MathError } from "./math.ts";
import { renderMarkdown } from "./markdown.ts";

/** MIME types we can show, best first (JupyterLab's order, without JavaScript). */
export const MIME_ORDER = [
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "text/markdown",
  "application/json",
  "text/plain",
] as const;

/** A MIME value as one string (nbformat allows a list of lines). */
function mimeText(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** The MIME type of `data` that the site shows, or undefined when none is supported. */
export function chooseMime(data: MimeBundle): string | undefined {
  return MIME_ORDER.find((m) => m in data);
}

/**
 * True when `output` is a chart: an `image/svg+xml` bundle, or `text/html` containing an
 * `<svg>` (Observable Plot wraps charts with a title or legend in `<figure>`).
 */
export function isChartOutput(output: Output): boolean {
  if (output.output_type !== "display_data" && output.output_type !== "execute_result") {
    return false;
  }
  const mime = chooseMime(output.data);
  if (mime === "image/svg+xml") return true;
  return mime === "text/html" && /<svg[\s>]/i.test(mimeText(output.data["text/html"]));
}

function renderBundle(data: MimeBundle, errors?: MathError[]): string {
  const mime = chooseMime(data);
  if (mime === undefined) {
    return `<pre class="unsupported">(output of type ${
      escapeHtml(Object.keys(data).join(", "))
    })</pre>`;
  }
  const value = mimeText(data[mime]);
  switch (mime) {
    case "text/html":
      return `<div class="html">${value}</div>`;
    case "image/svg+xml":
      // An XML prolog or doctype is not allowed inside HTML.
      return `<div class="svg">${value.replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>/gi, "")}</div>`;
    case "image/png":
    case "image/jpeg":
      return `<img alt="" src="data:${mime};base64,${value.replace(/\s/g, "")}">`;
    case "text/markdown":
      return `<div class="markdown">${renderMarkdown(value, errors)}</div>`;
    default:
      return `<pre>${escapeHtml(stripAnsi(value))}</pre>`;
  }
}

/**
 * HTML for one output, in a `<div class="output …">`; charts also get the class `chart`.
 *
 * @example
 * ```ts
 * const html = renderOutput({ output_type: "stream", name: "stdout", text: "1 < 2\n" });
 * console.log(html); // <div class="output stream stdout"><pre>1 &lt; 2\n</pre></div>
 * ```
 */
export function renderOutput(output: Output, errors?: MathError[]): string {
  switch (output.output_type) {
    case "stream":
      return `<div class="output stream ${output.name}"><pre>${
        escapeHtml(stripAnsi(mimeText(output.text)))
      }</pre></div>`;
    case "error": {
      const tb = output.traceback.map(stripAnsi).join("\n") ||
        `${output.ename}: ${output.evalue}`;
      return `<div class="output error"><pre>${escapeHtml(tb)}</pre></div>`;
    }
    default: {
      const chart = isChartOutput(output) ? " chart" : "";
      return `<div class="output ${output.output_type}${chart}">${
        renderBundle(output.data, errors)
      }</div>`;
    }
  }
}
