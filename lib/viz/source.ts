/**
 * Source listings of the engine, for the notebooks: the course says that
 * backpropagation through time is code you can read, so a notebook can show
 * that code where it explains it.
 *
 * ```ts
 * import { bpttStepByStep, RNNCell, showSource } from "../mod.ts";
 * await showSource(RNNCell, "backward");             // a method of a class
 * await showSource(bpttStepByStep);                  // a function or class, found in lib/
 * await showSource("layers/rnn_cell.ts", "RNNCell.forward");   // module and symbol
 * ```
 *
 * The listing is read from the original TypeScript file (types and comments
 * included, with its line numbers), not from `Function.prototype.toString`,
 * which gives the compiled JavaScript. It displays as highlighted HTML with
 * inline styles (so it needs no stylesheet, in Jupyter and on the static
 * site) and as plain text.
 *
 * @module
 */

import { declaredNames, findDeclaration, type SourceRange } from "./_source_find.ts";
import { display, type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { highlightedLines } from "./_highlight.ts";

/** A piece of engine source: the text of one declaration, with where it is. */
export class SourceListing implements Displayable {
  /** The file, from the course root, e.g. `lib/layers/rnn_cell.ts`. */
  readonly path: string;
  /** What it is, e.g. `RNNCell.backward`. */
  readonly symbol: string;
  /** 1-based line of its first line (the doc comment, when it has one). */
  readonly firstLine: number;
  /** The code, dedented, doc comment included. */
  readonly code: string;

  /** A listing of `code`, found in `path` at `firstLine` under the name `symbol`. */
  constructor(path: string, symbol: string, firstLine: number, code: string) {
    this.path = path;
    this.symbol = symbol;
    this.firstLine = firstLine;
    this.code = code;
  }

  /** 1-based line of its last line. */
  get lastLine(): number {
    return this.firstLine + this.code.split("\n").length - 1;
  }

  /** `lib/layers/rnn_cell.ts, lines 128–140: RNNCell.backward`. */
  get title(): string {
    return `${this.path}, lines ${this.firstLine}–${this.lastLine}: ${this.symbol}`;
  }

  /** The title and the code with line numbers. */
  toString(): string {
    const width = String(this.lastLine).length;
    const lines = this.code.split("\n").map((line, i) =>
      `${String(this.firstLine + i).padStart(width)}  ${line}`.trimEnd()
    );
    return `${this.title}\n\n${lines.join("\n")}`;
  }

  /** Highlighted HTML with inline styles (no stylesheet needed), line numbers included. */
  toHtml(): string {
    const width = String(this.lastLine).length;
    const rows = highlightedLines(this.code).map((html, i) =>
      `<span style="${GUTTER}">${String(this.firstLine + i).padStart(width)}</span>${html}`
    );
    return `<div data-source-listing="${escapeAttribute(this.symbol)}" style="${BOX}">` +
      `<div style="${HEADER}">${escapeText(this.title)}</div>` +
      `<pre style="${PRE}">${rows.join("\n")}</pre></div>`;
  }

  /** The MIME bundle the Jupyter kernel shows: HTML, with the text as fallback. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }
}

const BOX = "margin:0.4em 0;border:1px solid #d0d7de;border-radius:6px;overflow:hidden;" +
  "background:#f6f8fa;color:#1f2328;max-width:100%";
const HEADER = "padding:4px 10px;border-bottom:1px solid #d0d7de;background:#eaeef2;" +
  "font:12px system-ui,sans-serif;color:#57606a";
const PRE = "margin:0;padding:8px 10px;overflow-x:auto;background:#f6f8fa;color:#1f2328;" +
  "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre";
const GUTTER = "display:inline-block;color:#8c959f;margin-right:1.2em;user-select:none;" +
  "text-align:right";

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

/** What to list: a class or function of the engine, or a module path. */
// deno-lint-ignore ban-types
export type SourceTarget = string | Function;

/** The engine's folder (this file is lib/viz/source.ts). */
const LIB = new URL("../", import.meta.url);

/**
 * The source of an engine declaration:
 *
 * - `sourceOf(fn)`: a top-level function or class of `lib/`, found by its name;
 * - `sourceOf(Class, "member")`: a method, accessor or property of a class;
 * - `sourceOf(Class.prototype.method)`: the same, when one class of `lib/`
 *   has a member of that name (otherwise the error names the candidates);
 * - `sourceOf("layers/rnn_cell.ts", "RNNCell.backward")`: a module (a path
 *   inside `lib/`, with or without `lib/` in front) and a symbol in it.
 *
 * Throws an error naming what was looked for, and what there is, when the
 * declaration cannot be found.
 *
 * @example
 * ```ts
 * import { RNNCell } from "../mod.ts";
 * import { sourceOf } from "./source.ts";
 * const listing = await sourceOf(RNNCell, "backward");
 * console.assert(listing.path === "lib/layers/rnn_cell.ts" && listing.code.includes("backward("));
 * ```
 */
export async function sourceOf(target: SourceTarget, member?: string): Promise<SourceListing> {
  if (typeof target === "string") {
    if (member === undefined) {
      throw new TypeError(`sourceOf("${target}"): give the symbol too, e.g. "RNNCell.backward"`);
    }
    return await listingIn(modulePath(target), member);
  }
  const name = target.name;
  if (!name) throw new TypeError("sourceOf: the function has no name; give a module and symbol");
  const files = await libFiles();
  if (member !== undefined || isDeclaration(target)) {
    const owners = files.filter((f) => declaredNames(f.text).includes(name));
    if (owners.length === 0) throw notFound(name, "no file of lib/ declares it at the top level");
    const exported = owners.filter((f) => new RegExp(`export[^;{]*\\b${name}\\b`).test(f.text));
    const chosen = exported.length === 1 ? exported : owners;
    if (chosen.length > 1) throw ambiguous(name, chosen.map((f) => f.path));
    return listingOf(chosen[0], member === undefined ? name : `${name}.${member}`);
  }
  return methodListing(target, files);
}

/**
 * Shows the source of an engine declaration in the notebook (see
 * {@link sourceOf} for what `target` and `member` may be). It returns
 * nothing, so a cell ending in `await showSource(…)` shows the listing once;
 * use {@link sourceOf} to get it as a value.
 */
export async function showSource(target: SourceTarget, member?: string): Promise<void> {
  await display(await sourceOf(target, member));
}

interface LibFile {
  /** From the course root, e.g. `lib/layers/rnn_cell.ts`. */
  readonly path: string;
  readonly text: string;
}

// deno-lint-ignore ban-types
function isDeclaration(fn: Function): boolean {
  return /^(class\b|(async\s+)?function\b)/.test(Function.prototype.toString.call(fn));
}

/** `layers/rnn_cell.ts`, `lib/layers/rnn_cell.ts` or `../lib/layers/rnn_cell.ts` → inside lib/. */
function modulePath(path: string): string {
  return path.replace(/^(\.\.\/)*(\.\/)?(lib\/)?/, "");
}

async function listingIn(inLib: string, symbol: string): Promise<SourceListing> {
  const url = new URL(import.meta.resolve(`../${inLib}`));
  let text: string;
  try {
    text = await Deno.readTextFile(url);
  } catch (e) {
    throw new Error(`sourceOf: cannot read lib/${inLib} (${(e as Error).message})`);
  }
  return listingOf({ path: `lib/${inLib}`, text }, symbol);
}

function listingOf(file: LibFile, symbol: string): SourceListing {
  const range = findDeclaration(file.text, symbol);
  if (range === undefined) {
    const [owner, member] = symbol.split(".", 2);
    const known = member === undefined ? declaredNames(file.text) : declaredNames(file.text, owner);
    const where = member === undefined ? file.path : `${owner} in ${file.path}`;
    throw notFound(
      symbol,
      `${where} has ${known.length ? known.join(", ") : "no such declarations"}`,
    );
  }
  return cut(file, symbol, range);
}

/** The listing of `range`: whole lines, dedented, with the first line's number. */
function cut(file: LibFile, symbol: string, range: SourceRange): SourceListing {
  const lineStart = file.text.lastIndexOf("\n", range.start - 1) + 1;
  const lines = file.text.slice(lineStart, range.end).split("\n");
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
  );
  const code = lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
    .join("\n");
  const firstLine = file.text.slice(0, lineStart).split("\n").length;
  return new SourceListing(file.path, symbol, firstLine, code);
}

/** A method given as `Class.prototype.method`: the class of lib/ that has it. */
// deno-lint-ignore ban-types
function methodListing(fn: Function, files: readonly LibFile[]): SourceListing {
  const name = fn.name.replace(/^(get|set) /, "");
  const candidates: { file: LibFile; symbol: string }[] = [];
  for (const file of files) {
    for (const owner of declaredNames(file.text)) {
      if (declaredNames(file.text, owner).includes(name)) {
        candidates.push({ file, symbol: `${owner}.${name}` });
      }
    }
  }
  if (candidates.length === 0) throw notFound(name, "no class of lib/ has a member of that name");
  const compiled = words(Function.prototype.toString.call(fn));
  const fits = candidates.filter((c) => {
    const listing = listingOf(c.file, c.symbol);
    const own = new Set(words(listing.code));
    return compiled.every((w) => own.has(w));
  });
  if (fits.length !== 1) {
    throw ambiguous(
      name,
      (fits.length ? fits : candidates).map((c) => `${c.symbol} (${c.file.path})`),
    );
  }
  return listingOf(fits[0].file, fits[0].symbol);
}

function words(code: string): string[] {
  return code.match(/[A-Za-z_$#][A-Za-z0-9_$]*/g) ?? [];
}

function notFound(what: string, why: string): Error {
  return new Error(`sourceOf: cannot find ${what}: ${why}`);
}

function ambiguous(what: string, where: readonly string[]): Error {
  return new Error(
    `sourceOf: ${what} is declared in more than one place (${where.join("; ")}); ` +
      `say which, e.g. sourceOf(TheClass, "${what}") or sourceOf("folder/file.ts", "${what}")`,
  );
}

/** Every `.ts` file of lib/ (sorted, so searches are deterministic). */
async function libFiles(): Promise<LibFile[]> {
  const files: LibFile[] = [];
  const walk = async (dir: URL, prefix: string) => {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
      else if (entry.isFile && entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(new URL(entry.name, dir));
        files.push({ path: `lib/${prefix}${entry.name}`, text });
      }
    }
  };
  await walk(LIB, "");
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
