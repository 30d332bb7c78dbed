/**
 * What a source file imports: static imports, re-exports and dynamic
 * `import()` calls, with the names they bind, read from tokens (not by
 * running the file). Also flags calls that could load code behind the
 * analysis's back (`eval`, `Function`, `Worker`, a computed `import()`).
 *
 * @module
 */

import { type Token, tokenize } from "./lexer.ts";

/** One import (or re-export) of a module. */
export interface ImportRecord {
  /** The specifier as written, e.g. `../lib/core/ops.ts`. */
  readonly specifier: string;
  /**
   * The value names taken from it, or `"*"` for everything (a namespace
   * import, a default import, `export *`, or a dynamic `import()`). Empty for
   * a side-effect import (`import "x"`).
   */
  readonly names: readonly string[] | "*";
  /** Only types are imported (`import type …`, or every name marked `type`): no code runs. */
  readonly typeOnly: boolean;
  /** An `import("…")` call. */
  readonly dynamic: boolean;
  /** 1-based line. */
  readonly line: number;
}

/** A construct the analysis cannot see through, with its line. */
export interface Suspicious {
  /** What was found, e.g. "a call to eval". */
  readonly what: string;
  /** 1-based line. */
  readonly line: number;
}

/** The imports and suspicious calls of one source file. */
export interface ImportScan {
  /** Every import, re-export and literal dynamic import, in source order. */
  readonly imports: ImportRecord[];
  /** `eval(`, `Function(`, `Worker(`, `import(` with a computed specifier, `require(`. */
  readonly suspicious: Suspicious[];
}

const LOADERS = new Map([
  ["eval", "a call to eval"],
  ["Function", "Function(…) (code built from a string)"],
  ["Worker", "a Worker"],
  ["require", "require(…)"],
]);

/**
 * Reads the imports of a TypeScript or JavaScript source.
 *
 * @example
 * ```ts
 * import { scanImports } from "./imports.ts";
 * const scan = scanImports('import { matmul, type Matrix } from "../lib/core/ops.ts";');
 * console.assert(JSON.stringify(scan.imports[0].names) === `["matmul"]`);
 * ```
 */
export function scanImports(source: string): ImportScan {
  const t = tokenize(source);
  const imports: ImportRecord[] = [], suspicious: Suspicious[] = [];
  for (let i = 0; i < t.length; i++) {
    const tok = t[i], prev = t[i - 1];
    if (tok.kind !== "word" || (prev && prev.kind === "punct" && prev.text === ".")) continue;
    if (tok.text === "import") {
      const next = t[i + 1];
      if (next?.text === "(") {
        const spec = t[i + 2];
        if (spec?.kind === "string" && [")", ","].includes(t[i + 3]?.text)) {
          imports.push({
            specifier: spec.text,
            names: "*",
            typeOnly: false,
            dynamic: true,
            line: tok.line,
          });
        } else {
          suspicious.push({ what: "import(…) with a computed specifier", line: tok.line });
        }
      } else if (next?.text !== ".") {
        const record = readStatement(t, i + 1, tok.line, false);
        if (record) imports.push(record);
      }
    } else if (tok.text === "export") {
      const record = readStatement(t, i + 1, tok.line, true);
      if (record) imports.push(record);
    } else if (LOADERS.has(tok.text) && t[i + 1]?.text === "(") {
      suspicious.push({ what: LOADERS.get(tok.text)!, line: tok.line });
    }
  }
  return { imports, suspicious };
}

/** Reads `[type] clause from "spec"` (or `"spec"` alone) after `import`/`export` at `i`. */
function readStatement(
  t: Token[],
  i: number,
  line: number,
  isExport: boolean,
): ImportRecord | undefined {
  if (!isExport && t[i]?.kind === "string") {
    return { specifier: t[i].text, names: [], typeOnly: false, dynamic: false, line };
  }
  let typeOnly = false;
  if (t[i]?.text === "type" && t[i + 1]?.text !== "from" && t[i + 1]?.text !== ",") {
    typeOnly = true;
    i++;
  }
  if (isExport && t[i]?.text !== "*" && t[i]?.text !== "{") return undefined; // a declaration
  const names: string[] = [];
  let all = false, j = i;
  for (; j < t.length && !(t[j].kind === "word" && t[j].text === "from"); j++) {
    const tok = t[j];
    if (tok.text === ";" || tok.kind === "string") return undefined; // `export { a };` has no source
    if (tok.text === "*") all = true;
    if (tok.text === "{") {
      j = readBraces(t, j + 1, names);
    } else if (
      tok.kind === "word" && !isExport && t[j + 1]?.text !== "as" && t[j - 1]?.text !== "as"
    ) {
      all = true; // a default import binds the module's default export: treat as everything
    }
  }
  const spec = t[j + 1];
  if (spec?.kind !== "string") return undefined;
  const valueNames = all ? "*" : names;
  const onlyTypes = typeOnly || (!all && names.length === 0 && hadBraces(t, i, j));
  return { specifier: spec.text, names: valueNames, typeOnly: onlyTypes, dynamic: false, line };
}

/** Reads `{ a, b as c, type D }` from `i` (after `{`), pushing value names; returns the index of `}`. */
function readBraces(t: Token[], i: number, names: string[]): number {
  let isType = false, first = true;
  for (; i < t.length && t[i].text !== "}"; i++) {
    const tok = t[i];
    if (tok.text === ",") {
      isType = false;
      first = true;
    } else if (
      first && tok.text === "type" && t[i + 1]?.kind === "word" && t[i + 1].text !== "as"
    ) {
      isType = true;
    } else if (first && (tok.kind === "word" || tok.kind === "string")) {
      if (!isType) names.push(tok.text);
      first = false;
    }
  }
  return i;
}

function hadBraces(t: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (t[k].text === "{") return true;
  return false;
}
