/**
 * TypeScript to HTML with inline colours (GitHub's light palette), one
 * string per source line, so listings need no stylesheet and no library.
 *
 * @module
 */

import { type ScanToken, scanTypeScript } from "./_ts_scan.ts";

const KEYWORDS = new Set(
  ("abstract as async await break case catch class const continue declare default delete do " +
    "else enum export extends false finally for from function get if implements import in " +
    "instanceof interface keyof let new null of private protected public readonly return set " +
    "static super switch this throw true try type typeof undefined unique var void while yield")
    .split(" "),
);

const COLOURS = {
  comment: "color:#6e7781;font-style:italic",
  string: "color:#0a3069",
  number: "color:#0550ae",
  keyword: "color:#cf222e",
  type: "color:#953800",
  call: "color:#8250df",
} as const;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The style of token `i` of `tokens`, or undefined for plain text. */
function styleOf(tokens: readonly ScanToken[], i: number): string | undefined {
  const t = tokens[i];
  switch (t.kind) {
    case "comment":
      return COLOURS.comment;
    case "string":
    case "template":
    case "regex":
      return COLOURS.string;
    case "number":
      return COLOURS.number;
    case "word": {
      if (KEYWORDS.has(t.text)) return COLOURS.keyword;
      if (/^[A-Z]/.test(t.text)) return COLOURS.type;
      let j = i + 1;
      while (tokens[j]?.kind === "space") j++;
      return tokens[j]?.text === "(" ? COLOURS.call : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The highlighted HTML of each line of `code` (no span crosses a line end).
 *
 * @example
 * ```ts
 * import { highlightedLines } from "./_highlight.ts";
 * const [line] = highlightedLines("return a < b;");
 * console.assert(line.includes("color:#cf222e") && line.includes("&lt;"));
 * ```
 */
export function highlightedLines(code: string): string[] {
  const tokens = scanTypeScript(code);
  const pieces: string[] = [];
  tokens.forEach((t, i) => {
    const style = styleOf(tokens, i);
    const parts = t.text.split("\n").map((part) =>
      style && part !== "" ? `<span style="${style}">${escapeHtml(part)}</span>` : escapeHtml(part)
    );
    pieces.push(parts.join("\n"));
  });
  return pieces.join("").split("\n");
}
