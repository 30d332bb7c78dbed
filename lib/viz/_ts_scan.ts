/**
 * A small TypeScript scanner for source listings: it splits a file into
 * tokens that keep their offsets (comments included), enough to find a
 * declaration's braces and to colour the code. Template literals are one
 * token each (their `${…}` parts are not coloured separately); a `/` is a
 * regular expression where an expression may start.
 *
 * @module
 */

/** What a token is. */
export type TokenKind =
  | "comment"
  | "string"
  | "template"
  | "regex"
  | "number"
  | "word"
  | "punct"
  | "space";

/** One token: `source.slice(start, end)` is its text. */
export interface ScanToken {
  /** What it is. */
  readonly kind: TokenKind;
  /** Offset of its first character. */
  readonly start: number;
  /** Offset just after its last character. */
  readonly end: number;
  /** Its text. */
  readonly text: string;
}

const WORD_START = /[A-Za-z_$#\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const NUMBER_PART = /[0-9A-Za-z_.]/;
// After these a `/` starts a regular expression (an expression may start there).
const EXPRESSION_BEFORE = new Set([
  "(",
  ",",
  "=",
  ":",
  "[",
  "!",
  "&",
  "|",
  "?",
  "{",
  "}",
  ";",
  "+",
  "-",
  "*",
  "%",
  "<",
  ">",
  "~",
  "^",
  "=>",
  "&&",
  "||",
  "??",
  "==",
  "===",
  "!=",
  "!==",
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "yield",
  "await",
]);
const PUNCT3 = new Set(["===", "!==", "**=", "...", "<<=", ">>=", "&&=", "||=", "??="]);
const PUNCT2 = new Set([
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "**",
  "<<",
  "|=",
  "&=",
  "^=",
]);

/**
 * Splits `source` into tokens covering it completely (whitespace included),
 * so `tokens.map((t) => t.text).join("") === source`.
 *
 * @example
 * ```ts
 * import { scanTypeScript } from "./_ts_scan.ts";
 * const kinds = scanTypeScript('const s = "}"; // }').map((t) => t.kind);
 * console.assert(kinds.includes("string") && kinds.at(-1) === "comment");
 * ```
 */
export function scanTypeScript(source: string): ScanToken[] {
  const tokens: ScanToken[] = [];
  let i = 0;
  let previous = ""; // the last significant token's text
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, start: i, end, text: source.slice(i, end) });
    if (kind === "punct" || kind === "word") previous = source.slice(i, end);
    else if (kind !== "space" && kind !== "comment") previous = "value";
    i = end;
  };
  while (i < source.length) {
    const c = source[i], next = source[i + 1];
    if (/\s/.test(c)) push("space", scanWhile(source, i, (ch) => /\s/.test(ch)));
    else if (c === "/" && next === "/") push("comment", lineEnd(source, i));
    else if (c === "/" && next === "*") push("comment", blockCommentEnd(source, i));
    else if (c === '"' || c === "'") push("string", quotedEnd(source, i, c));
    else if (c === "`") push("template", templateEnd(source, i));
    else if (c === "/" && (previous === "" || EXPRESSION_BEFORE.has(previous))) {
      push("regex", regexEnd(source, i));
    } else if (DIGIT.test(c) || (c === "." && DIGIT.test(next ?? ""))) {
      push("number", scanWhile(source, i, (ch) => NUMBER_PART.test(ch)));
    } else if (WORD_START.test(c)) {
      push("word", scanWhile(source, i + 1, (ch) => WORD_PART.test(ch)));
    } else {
      const three = source.slice(i, i + 3), two = source.slice(i, i + 2);
      push("punct", i + (PUNCT3.has(three) ? 3 : PUNCT2.has(two) ? 2 : 1));
    }
  }
  return tokens;
}

function scanWhile(source: string, from: number, ok: (c: string) => boolean): number {
  let j = from;
  while (j < source.length && ok(source[j])) j++;
  return j;
}

function lineEnd(source: string, from: number): number {
  const j = source.indexOf("\n", from);
  return j < 0 ? source.length : j;
}

function blockCommentEnd(source: string, from: number): number {
  const j = source.indexOf("*/", from + 2);
  return j < 0 ? source.length : j + 2;
}

function quotedEnd(source: string, from: number, quote: string): number {
  let j = from + 1;
  while (j < source.length && source[j] !== quote && source[j] !== "\n") {
    j += source[j] === "\\" ? 2 : 1;
  }
  return Math.min(j + 1, source.length);
}

/** The end of a template literal starting at `from`, skipping nested `${…}` code. */
function templateEnd(source: string, from: number): number {
  let j = from + 1;
  while (j < source.length) {
    const c = source[j];
    if (c === "\\") j += 2;
    else if (c === "`") return j + 1;
    else if (c === "$" && source[j + 1] === "{") j = substitutionEnd(source, j + 2);
    else j++;
  }
  return source.length;
}

/** The offset after the `}` closing a `${` substitution whose code starts at `from`. */
function substitutionEnd(source: string, from: number): number {
  let depth = 1;
  let j = from;
  while (j < source.length && depth > 0) {
    const c = source[j];
    if (c === '"' || c === "'") j = quotedEnd(source, j, c);
    else if (c === "`") j = templateEnd(source, j);
    else {
      if (c === "{") depth++;
      else if (c === "}") depth--;
      j++;
    }
  }
  return j;
}

function regexEnd(source: string, from: number): number {
  let j = from + 1;
  let inClass = false;
  while (j < source.length && source[j] !== "\n") {
    const c = source[j];
    if (c === "\\") j += 2;
    else if (c === "/" && !inClass) return scanWhile(source, j + 1, (ch) => /[a-z]/.test(ch));
    else {
      if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      j++;
    }
  }
  return j;
}
