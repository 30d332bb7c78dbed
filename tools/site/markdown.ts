/**
 * Markdown to HTML with KaTeX math and highlighted code blocks.
 *
 * @module
 */

import { Marked } from "marked";
import { highlightCode } from "./highlight.ts";
import { type MathError, protectMath, restoreMath } from "./math.ts";

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      return `<pre><code class="hljs">${highlightCode(text, lang)}</code></pre>\n`;
    },
  },
});

/**
 * Renders `markdown` to HTML; `$…$` and `$$…$$` become KaTeX HTML.
 * TeX errors are appended to `errors` when given.
 *
 * @example
 * ```ts
 * const html = renderMarkdown("The state $h_t$ *remembers*.");
 * console.log(html.includes('class="katex"')); // true
 * ```
 */
export function renderMarkdown(markdown: string, errors?: MathError[]): string {
  const { text, math } = protectMath(markdown);
  const html = marked.parse(text, { async: false }) as string;
  return restoreMath(html, math, errors);
}

/** Renders one line of markdown without the surrounding paragraph. */
export function renderMarkdownInline(markdown: string, errors?: MathError[]): string {
  const { text, math } = protectMath(markdown);
  const html = marked.parseInline(text, { async: false }) as string;
  return restoreMath(html, math, errors);
}
