/**
 * `deno task check:layout`: the engine's structural budget, checked in CI.
 *
 * - no file in `lib/` over {@link MAX_FILE_LINES} lines;
 * - no function (declaration, method, arrow or expression) in `lib/`,
 *   `tools/` or `bench/` over {@link MAX_FUNCTION_LINES} lines;
 * - no import cycle among the modules of `lib/` (type-only imports count:
 *   a cycle of types is still a tangle for a reader).
 *
 * Files are parsed with the TypeScript compiler, so strings, comments and
 * template literals cannot fool the counts. Exits non-zero with one line per
 * problem.
 *
 * @module
 */

import ts from "typescript";
import { dirname, join, relative, resolve } from "node:path";

/** Longest file allowed in `lib/`. */
export const MAX_FILE_LINES = 400;
/** Longest function allowed. */
export const MAX_FUNCTION_LINES = 80;

/** One budget problem. */
export interface LayoutProblem {
  /** Path relative to the root. */
  file: string;
  /** What is wrong, e.g. `function lineChart is 97 lines (limit 80)`. */
  message: string;
}

/** Every `.ts` (and `.as`) file under `dir`, sorted. */
export async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await sourceFiles(path));
    else if (/\.(ts|as)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

function parse(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function functionName(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return "(anonymous)";
}

/** Functions of `source` longer than `limit` lines, with their names and lengths. */
export function longFunctions(source: ts.SourceFile, limit = MAX_FUNCTION_LINES): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) {
        found.push(
          `function ${functionName(node)} is ${lines} lines (limit ${limit}), line ${start + 1}`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The relative module specifiers a file imports or re-exports (static and dynamic). */
export function importsOf(source: ts.SourceFile): string[] {
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      specs.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
    ) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter((s) => s.startsWith("."));
}

/** The cycles of a directed graph (each as a list of nodes, first repeated last). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Checks `root`'s lib/, tools/ and bench/ against the budget. */
export async function checkLayout(root: string): Promise<LayoutProblem[]> {
  const problems: LayoutProblem[] = [];
  const graph = new Map<string, string[]>();
  for (const folder of ["lib", "tools", "bench"]) {
    for (const path of await sourceFiles(join(root, folder))) {
      const file = relative(root, path);
      const text = await Deno.readTextFile(path);
      const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
      if (folder === "lib" && lines > MAX_FILE_LINES) {
        problems.push({ file, message: `${lines} lines (limit ${MAX_FILE_LINES})` });
      }
      const source = parse(path, text);
      for (const message of longFunctions(source)) problems.push({ file, message });
      if (folder === "lib") {
        graph.set(file, importsOf(source).map((s) => relative(root, resolve(dirname(path), s))));
      }
    }
  }
  for (const cycle of findCycles(graph)) {
    problems.push({ file: cycle[0], message: `import cycle: ${cycle.join(" → ")}` });
  }
  return problems;
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url).pathname;
  const problems = await checkLayout(root);
  for (const p of problems) console.log(`${p.file}: ${p.message}`);
  console.log(
    problems.length === 0
      ? `layout: every file and function within budget, no import cycle in lib/`
      : `layout: ${problems.length} problem(s)`,
  );
  if (problems.length > 0) Deno.exit(1);
}
