/**
 * Syntax highlighting with highlight.js (TypeScript and a few languages notebooks quote).
 *
 * @module
 */

import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";
import { escapeHtml } from "./html.ts";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("json", json);
hljs.registerLanguage("python", python);
hljs.registerLanguage("bash", bash);

/**
 * Highlighted HTML for `code` (spans with `hljs-*` classes). `language` defaults to
 * TypeScript; unknown languages are escaped without highlighting.
 *
 * @example
 * ```ts
 * console.log(highlightCode("const x = 1;").includes("hljs-keyword")); // true
 * ```
 */
export function highlightCode(code: string, language = "typescript"): string {
  const lang = language === "ts" || language === "js" || language === "javascript"
    ? "typescript"
    : language || "typescript";
  if (!hljs.getLanguage(lang)) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
