/**
 * A small TypeScript tokenizer, enough to read import and export statements
 * and spot calls: it skips comments, keeps string literals with their values,
 * treats template literals and regular expressions as opaque tokens, and
 * records the line of every token.
 *
 * @module
 */

/** One token: an identifier or keyword, a string literal, a template, a regex, or punctuation. */
export interface Token {
  /** What kind of token. */
  readonly kind: "word" | "string" | "template" | "regex" | "punct";
  /** The identifier, the punctuation, or the string's value (without quotes). */
  readonly text: string;
  /** 1-based line where the token starts. */
  readonly line: number;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
// After these tokens a `/` starts a regular expression rather than a division.
const REGEX_AFTER = new Set([
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

/** Splits `source` into tokens (comments dropped). Unterminated literals end at the end of the source. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0, line = 1;
  const n = source.length;
  const push = (kind: Token["kind"], text: string, at: number) =>
    tokens.push({ kind, text, line: at });
  const advanceTo = (end: number) => {
    for (let k = i; k < end && k < n; k++) if (source[k] === "\n") line++;
    i = Math.min(end, n);
  };
  while (i < n) {
    const c = source[i], next = source[i + 1];
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      advanceTo(end < 0 ? n : end + 2);
    } else if (c === '"' || c === "'") {
      const start = line;
      const end = skipQuoted(source, i + 1, c);
      push("string", unescape(source.slice(i + 1, end)), start);
      advanceTo(end + 1);
    } else if (c === "`") {
      const start = line;
      advanceTo(skipTemplate(source, i + 1) + 1);
      push("template", "`…`", start);
    } else if (c === "/" && startsRegex(tokens[tokens.length - 1])) {
      const start = line;
      advanceTo(skipRegex(source, i + 1) + 1);
      push("regex", "/…/", start);
    } else if (WORD.test(c)) {
      let j = i;
      while (j < n && WORD.test(source[j])) j++;
      push("word", source.slice(i, j), line);
      i = j;
    } else {
      push("punct", c, line);
      i++;
    }
  }
  return tokens;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === "word") return REGEX_AFTER.has(previous.text);
  return previous.kind === "punct" && REGEX_AFTER.has(previous.text);
}

function skipQuoted(s: string, i: number, quote: string): number {
  while (i < s.length && s[i] !== quote && s[i] !== "\n") i += s[i] === "\\" ? 2 : 1;
  return Math.min(i, s.length);
}

function skipRegex(s: string, i: number): number {
  let inClass = false;
  while (i < s.length && s[i] !== "\n") {
    if (s[i] === "\\") i++;
    else if (s[i] === "[") inClass = true;
    else if (s[i] === "]") inClass = false;
    else if (s[i] === "/" && !inClass) break;
    i++;
  }
  while (i + 1 < s.length && /[a-z]/.test(s[i + 1])) i++; // flags
  return Math.min(i, s.length);
}

/** Index of the closing backtick of a template starting at `i`, skipping `${…}` (nested braces, strings). */
function skipTemplate(s: string, i: number): number {
  while (i < s.length && s[i] !== "`") {
    if (s[i] === "\\") i += 2;
    else if (s[i] === "$" && s[i + 1] === "{") i = skipBraces(s, i + 2);
    else i++;
  }
  return Math.min(i, s.length);
}

function skipBraces(s: string, i: number): number {
  let depth = 1;
  while (i < s.length && depth > 0) {
    const c = s[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === '"' || c === "'") i = skipQuoted(s, i + 1, c);
    else if (c === "`") i = skipTemplate(s, i + 1);
    i++;
  }
  return i;
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, "$1");
}
