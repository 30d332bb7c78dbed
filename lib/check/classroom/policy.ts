/**
 * The import policy of an exercise: a learner's file may import only what its
 * exercise allows, so a solution that calls the engine's own implementation
 * scores 0. The exercise file and every local file it imports (inside
 * `exercises/`) are read, not run.
 *
 * @module
 */

import { BASE_ALLOWED, type ExerciseSpec, type ImportRule } from "./catalog.ts";
import { type ImportRecord, scanImports } from "./imports.ts";

/** One broken rule, in words, with where it is. */
export interface Violation {
  /** The file, relative to the course root, e.g. `exercises/rnn_step.ts`. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Reads a file's text given its URL (injectable for tests). */
export type ReadText = (url: URL) => Promise<string>;

/**
 * Checks the imports of `spec`'s file under `root` (the course root, with
 * `lib/` and `exercises/`), following local imports inside `exercises/`.
 * Returns the violations; none means the file may be graded.
 */
export async function checkImports(
  spec: ExerciseSpec,
  root: URL,
  read: ReadText = (url) => Deno.readTextFile(url),
): Promise<Violation[]> {
  const rules = [...BASE_ALLOWED, ...spec.allow];
  const exercisesDir = new URL("exercises/", root);
  const queue = [new URL(spec.file, exercisesDir)];
  const seen = new Set<string>();
  const violations: Violation[] = [];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const file = relative(url, root);
    let source: string;
    try {
      source = await read(url);
    } catch (e) {
      violations.push({ file, line: 0, message: `cannot read ${file}: ${(e as Error).message}` });
      continue;
    }
    const scan = scanImports(source);
    for (const s of scan.suspicious) {
      violations.push({ file, line: s.line, message: `${s.what} is not allowed in exercises` });
    }
    for (const record of scan.imports) {
      if (record.typeOnly) continue;
      const target = resolve(record.specifier, url);
      if (target && target.href.startsWith(exercisesDir.href)) {
        queue.push(target);
        continue;
      }
      const message = judge(record, target ? relative(target, root) : undefined, rules, spec.id);
      if (message) violations.push({ file, line: record.line, message });
    }
  }
  return violations;
}

/** Why `record` breaks the rules, or undefined when it is allowed. */
function judge(
  record: ImportRecord,
  module: string | undefined,
  rules: readonly ImportRule[],
  id: string,
): string | undefined {
  const what = record.dynamic ? `import("${record.specifier}")` : `"${record.specifier}"`;
  const rule = module === undefined ? undefined : rules.find((r) => r.module === module);
  const allowed = `${id} may import ${describeRules(rules)}`;
  if (!rule) return `imports ${what}, which ${id} does not allow (${allowed})`;
  if (rule.names === "*") return undefined;
  if (record.names === "*") {
    return `imports all of ${what}; import by name only ${rule.names.join(", ")}`;
  }
  const allowedNames = rule.names;
  const bad = record.names.filter((n) => !allowedNames.includes(n));
  if (bad.length === 0) return undefined;
  return `imports ${bad.join(", ")} from ${what}, which ${id} does not allow (${allowed})`;
}

/** The engine modules and names `rules` allow, e.g. `lib/core/matrix.ts; matmul, addBias from lib/core/ops.ts`. */
export function describeRules(rules: readonly ImportRule[]): string {
  rules = rules.filter((r) => !r.module.startsWith("lib/check/")); // the stub's error and types
  const all = rules.filter((r) => r.names === "*").map((r) => r.module);
  const some = rules.filter((r) => r.names !== "*").map((r) =>
    `${(r.names as readonly string[]).join(", ")} from ${r.module}`
  );
  return [...all, ...some].join("; ");
}

function resolve(specifier: string, from: URL): URL | undefined {
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/")) {
    return new URL(specifier, from);
  }
  if (specifier.startsWith("file:")) return new URL(specifier);
  return undefined; // npm:, jsr:, node:, http(s):, bare names: never allowed
}

function relative(url: URL, root: URL): string {
  return url.href.startsWith(root.href)
    ? decodeURIComponent(url.href.slice(root.href.length))
    : url.href;
}
