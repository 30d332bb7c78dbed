/**
 * Explains the Deno kernel's bare `Error: Execution failed`.
 *
 * The kernel (2.9.6) answers "Execution failed" with an empty traceback whenever its
 * REPL could not evaluate the cell at all: a syntax error (the parser's message is not
 * passed on), or a protocol error of V8's inspector, which the kernel prints to its
 * stderr ("CDP response has null result. Full response: …"). This module turns both into
 * a message with the reason and, for a syntax error, the line and column in the cell.
 *
 * @module
 */

import type { CellError } from "./errors.ts";

/** A syntax error found by Deno's own parser (the one the kernel uses). */
export interface SyntaxProblem {
  message: string;
  /** 1-based line in the cell. */
  line: number;
  /** 1-based column. */
  column: number;
  /** The parser's code frame (the line and a marker under the error). */
  frame: string[];
}

/**
 * Parses `code` as TypeScript with `deno fmt` (the swc parser the kernel uses; TSX is
 * tried too, as the kernel does) and returns the first syntax error, or undefined.
 */
export async function findSyntaxError(
  code: string,
  denoPath = Deno.execPath(),
): Promise<SyntaxProblem | undefined> {
  let first: SyntaxProblem | undefined;
  for (const ext of ["ts", "tsx"]) {
    const child = new Deno.Command(denoPath, {
      args: ["fmt", `--ext=${ext}`, "-"],
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(code));
    await writer.close();
    const { code: exit, stderr } = await child.output();
    if (exit === 0) return undefined; // the kernel would accept it in this form
    first ??= parseFmtError(new TextDecoder().decode(stderr));
  }
  return first;
}

/** Reads `deno fmt`'s "error: SyntaxError: … at file:///…:LINE:COL" report. */
export function parseFmtError(text: string): SyntaxProblem | undefined {
  const lines = text.split("\n");
  const head = lines.findIndex((l) => /^error: /.test(l));
  const at = lines.findIndex((l) => /^\s+at .*:(\d+):(\d+)\s*$/.test(l));
  if (head < 0 || at < 0) return undefined;
  const [, line, column] = /:(\d+):(\d+)\s*$/.exec(lines[at])!;
  return {
    message: lines[head].replace(/^error: /, "").replace(/^SyntaxError: /, ""),
    line: Number(line),
    column: Number(column),
    frame: lines.slice(head + 1, at).filter((l) => l.trim() !== "" && l.trim() !== "|"),
  };
}

/** The V8 inspector error the kernel printed, e.g. `Promise was collected`, if any. */
export function inspectorError(stderr: string): string | undefined {
  const m = /CDP response has null result\. Full response: (.*)$/m.exec(stderr);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1])?.error?.message ?? m[1];
  } catch {
    return m[1];
  }
}

const COLLECTED_HINT = "V8's inspector lost the cell's result promise: a garbage collection ran " +
  "between the end of the cell's code and the delivery of its result. Microtasks the cell " +
  "left queued (for example un-awaited Deno.jupyter.display calls) run in that gap; " +
  "await them, or end the cell with an await.";

/**
 * A {@link CellError} that says why the kernel answered "Execution failed" for `code`,
 * given the kernel's stderr while the cell ran.
 */
export async function explainExecutionFailed(
  code: string,
  stderr: string,
  denoPath?: string,
): Promise<CellError> {
  const stderrLines = stderr ? ["Kernel stderr:", ...stderr.split("\n").map((l) => `  ${l}`)] : [];
  const inspector = inspectorError(stderr);
  if (inspector !== undefined) {
    return {
      ename: "KernelError",
      evalue: `Execution failed: the kernel's inspector reported "${inspector}"`,
      traceback: [
        ...(inspector === "Promise was collected" ? [COLLECTED_HINT] : []),
        ...stderrLines,
      ],
      kind: "kernel",
      stderr,
    };
  }
  const syntax = await findSyntaxError(code, denoPath);
  if (syntax) {
    const where = `line ${syntax.line}, column ${syntax.column}`;
    return {
      ename: "SyntaxError",
      evalue: `${syntax.message} (${where} of the cell)`,
      traceback: [`SyntaxError: ${syntax.message} at ${where}`, ...syntax.frame, ...stderrLines],
      kind: "syntax",
      stderr,
    };
  }
  return {
    ename: "Error",
    evalue: "Execution failed (the kernel gave no reason" +
      (stderr ? "; see its stderr below)" : " and wrote nothing to its stderr)"),
    traceback: stderrLines,
    kind: "kernel",
    stderr,
  };
}
