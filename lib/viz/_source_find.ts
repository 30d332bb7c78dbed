/**
 * Finding a declaration in TypeScript source: a top-level function, class,
 * interface, type or constant by name, or a member of a class
 * (`"RNNCell.backward"`), with the doc comment above it.
 *
 * @module
 */

import { type ScanToken, scanTypeScript } from "./_ts_scan.ts";

/** Where a declaration is: `source.slice(start, end)`, doc comment included. */
export interface SourceRange {
  /** Offset of the doc comment (or of the declaration when it has none). */
  readonly start: number;
  /** Offset just after the declaration's last character. */
  readonly end: number;
}

/** The scanned source: all tokens, and the significant ones (no spaces, no comments). */
interface Scanned {
  readonly all: ScanToken[];
  readonly sig: ScanToken[];
}

const DECLARATION_WORDS = new Set([
  "function",
  "class",
  "interface",
  "type",
  "enum",
  "const",
  "let",
  "var",
]);
const TOP_MODIFIERS = new Set(["export", "default", "declare", "async", "abstract"]);
const MEMBER_MODIFIERS = new Set([
  "static",
  "async",
  "get",
  "set",
  "public",
  "private",
  "protected",
  "readonly",
  "override",
  "abstract",
  "declare",
  "accessor",
  "*",
]);
const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
// Before a `{`, these mean the brace opens an object type, not a body.
const TYPE_BEFORE = new Set([":", "|", "&", "=>", ",", "<", "?", "(", "[", "="]);

/**
 * The range of `symbol` in `source`: `"name"` for a top-level declaration,
 * `"Class.member"` for a method, accessor or property of a class. Undefined
 * when there is none.
 *
 * @example
 * ```ts
 * import { findDeclaration } from "./_source_find.ts";
 * const src = "/** Doc. *\/\nexport function f(): { a: 1 } {\n  return { a: 1 };\n}\n";
 * const r = findDeclaration(src, "f")!;
 * console.assert(src.slice(r.start, r.end).endsWith("return { a: 1 };\n}"));
 * ```
 */
export function findDeclaration(source: string, symbol: string): SourceRange | undefined {
  const scanned = scan(source);
  const [owner, member] = symbol.split(".", 2);
  const top = findTopLevel(scanned, owner);
  if (top === undefined || member === undefined) return top && rangeOf(scanned, top);
  const body = classBody(scanned, top.first);
  if (body === undefined) return undefined;
  const found = findMember(scanned, body, member);
  return found && rangeOf(scanned, found);
}

/** The names of the top-level declarations of `source`, or of the members of class `owner`. */
export function declaredNames(source: string, owner?: string): string[] {
  const scanned = scan(source);
  const { sig } = scanned;
  if (owner === undefined) {
    return declarationStarts(sig, 0, sig.length).map((i) => nameAt(sig, i)).filter(isName);
  }
  const top = findTopLevel(scanned, owner);
  const body = top && classBody(scanned, top.first);
  if (!body) return [];
  return memberStarts(sig, body.open + 1, body.close).map((m) => sig[m.name].text);
}

function isName(name: string | undefined): name is string {
  return name !== undefined;
}

function scan(source: string): Scanned {
  const all = scanTypeScript(source);
  return { all, sig: all.filter((t) => t.kind !== "space" && t.kind !== "comment") };
}

/** A declaration found: the indices (in `sig`) of its first and last tokens. */
interface Found {
  readonly first: number;
  readonly last: number;
}

/** Index of the token closing the bracket opened at `i` (or the last token). */
function closing(sig: readonly ScanToken[], i: number): number {
  const stack: string[] = [];
  for (let j = i; j < sig.length; j++) {
    const t = sig[j].text;
    if (sig[j].kind !== "punct") continue;
    if (t in OPEN) stack.push(OPEN[t]);
    else if (t === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return j;
    }
  }
  return sig.length - 1;
}

/** Indices in `sig[from, to)` of the first token of each declaration at bracket depth 0. */
function declarationStarts(sig: readonly ScanToken[], from: number, to: number): number[] {
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    const t = sig[i];
    if (t.kind === "punct" && t.text in OPEN) {
      i = closing(sig, i);
      continue;
    }
    if (t.kind !== "word" || !(TOP_MODIFIERS.has(t.text) || DECLARATION_WORDS.has(t.text))) {
      continue;
    }
    const before = sig[i - 1];
    if (i > from && before && !(before.text === ";" || before.text === "}")) continue;
    starts.push(i);
    while (i + 1 < to && TOP_MODIFIERS.has(sig[i + 1].text)) i++;
  }
  return starts;
}

/** The declared name of the declaration starting at `i` (after modifiers and the keyword). */
function nameAt(sig: readonly ScanToken[], i: number): string | undefined {
  let j = i;
  while (j < sig.length && TOP_MODIFIERS.has(sig[j].text)) j++;
  if (!DECLARATION_WORDS.has(sig[j]?.text)) return undefined;
  j++;
  if (sig[j]?.text === "*") j++;
  return sig[j]?.kind === "word" ? sig[j].text : undefined;
}

function findTopLevel({ sig }: Scanned, name: string): Found | undefined {
  for (const first of declarationStarts(sig, 0, sig.length)) {
    if (nameAt(sig, first) !== name) continue;
    let j = first;
    while (TOP_MODIFIERS.has(sig[j].text)) j++;
    const keyword = sig[j].text;
    const last = keyword === "function"
      ? functionEnd(sig, j + 2)
      : keyword === "class" || keyword === "interface" || keyword === "enum"
      ? closing(sig, bodyOpen(sig, j))
      : statementEnd(sig, j);
    if (last !== undefined) return { first, last };
  }
  return undefined;
}

/** The `{` opening the body of a class, interface or enum whose keyword is at `from`. */
function bodyOpen(sig: readonly ScanToken[], from: number): number {
  let j = from;
  while (j < sig.length && sig[j].text !== "{") j = sig[j].text === "<" ? angleEnd(sig, j) : j + 1;
  return Math.min(j, sig.length - 1);
}

/** The `;` ending a statement at depth 0 from `from` (or the token before the next declaration). */
function statementEnd(sig: readonly ScanToken[], from: number): number {
  for (let j = from; j < sig.length; j++) {
    if (sig[j].kind === "punct" && sig[j].text in OPEN) j = closing(sig, j);
    else if (sig[j].text === ";") return j;
  }
  return sig.length - 1;
}

/**
 * The index of the `}` ending a function or method whose parameter list (or
 * type parameters) starts at or after `from`; undefined for a signature
 * without a body (an overload).
 */
function functionEnd(sig: readonly ScanToken[], from: number): number | undefined {
  let j = from;
  while (j < sig.length && sig[j].text !== "(") {
    j = sig[j].text === "<" ? angleEnd(sig, j) : j + 1;
  }
  j = closing(sig, j) + 1;
  let previous = ")";
  for (; j < sig.length; j++) {
    const t = sig[j];
    if (t.text === ";" || (t.text === "}" && t.kind === "punct")) return undefined;
    if (t.kind === "punct" && t.text === "{") {
      if (!TYPE_BEFORE.has(previous)) return closing(sig, j);
      j = closing(sig, j);
      previous = "}";
      continue;
    }
    if (t.kind === "punct" && (t.text === "(" || t.text === "[")) j = closing(sig, j);
    previous = sig[j].text;
  }
  return undefined;
}

/**
 * The index just after the `>` closing type parameters or arguments opened
 * at `i` (brackets inside are skipped whole; the `>` of `=>` does not count).
 */
function angleEnd(sig: readonly ScanToken[], i: number): number {
  let depth = 0;
  for (let j = i; j < sig.length; j++) {
    const t = sig[j].text;
    if (sig[j].kind !== "punct") continue;
    if (t in OPEN) j = closing(sig, j);
    else if (t === "<") depth++;
    else if (t === ">" && --depth === 0) return j + 1;
  }
  return sig.length;
}

/** The `{` and `}` of the body of the class declared from `first`. */
function classBody({ sig }: Scanned, first: number): { open: number; close: number } | undefined {
  let j = first;
  while (j < sig.length && TOP_MODIFIERS.has(sig[j].text)) j++;
  if (sig[j]?.text !== "class") return undefined;
  const open = bodyOpen(sig, j);
  return { open, close: closing(sig, open) };
}

/** Each member of a class body: its first token (modifiers included) and its name token. */
function memberStarts(
  sig: readonly ScanToken[],
  from: number,
  to: number,
): { first: number; name: number }[] {
  const members: { first: number; name: number }[] = [];
  let first = from;
  for (let i = from; i < to; i++) {
    const t = sig[i];
    if (t.text === ";" || (t.kind === "punct" && t.text === "}")) {
      first = i + 1;
      continue;
    }
    if (
      MEMBER_MODIFIERS.has(t.text) && ["(", "<", ":", "=", ";", "?"].indexOf(sig[i + 1]?.text) < 0
    ) {
      continue;
    }
    if (t.kind === "word" || t.kind === "string" || t.text === "[") {
      members.push({ first, name: i });
      i = memberEnd(sig, i, to);
      first = i + 1;
    }
  }
  return members;
}

/** The last token of the member whose name is at `name`. */
function memberEnd(sig: readonly ScanToken[], name: number, to: number): number {
  let j = name;
  if (sig[j].text === "[") j = closing(sig, j);
  const next = sig[j + 1]?.text;
  if (next === "(" || next === "<") return functionEnd(sig, j + 1) ?? statementEnd(sig, j);
  return Math.min(statementEnd(sig, j), to - 1);
}

function findMember(
  scanned: Scanned,
  body: { open: number; close: number },
  member: string,
): Found | undefined {
  const { sig } = scanned;
  const found = memberStarts(sig, body.open + 1, body.close)
    .find((m) => sig[m.name].text === member);
  return found && { first: found.first, last: memberEnd(sig, found.name, body.close) };
}

/** The source range of a declaration, its doc comment (a `/** … *\/` just above) included. */
function rangeOf({ all, sig }: Scanned, found: Found): SourceRange {
  const firstToken = sig[found.first];
  let start = firstToken.start;
  let k = all.indexOf(firstToken) - 1;
  while (k >= 0 && all[k].kind === "space" && !/\n\s*\n/.test(all[k].text)) k--;
  if (k >= 0 && all[k].kind === "comment" && all[k].text.startsWith("/**")) start = all[k].start;
  return { start, end: sig[found.last].end };
}
