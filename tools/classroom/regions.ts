/**
 * Solution and stub regions in exercise sources and notebook code cells.
 *
 * ```ts
 * // #region solution
 * const h = …;                  // the teacher's code: removed from the release
 * // #endregion solution
 * // #region stub
 * // throw new NotImplementedError("rnn_step_forward");   // uncommented in the release
 * // #endregion stub
 * ```
 * Markers are whole lines (indentation allowed); `// #endregion` may omit the
 * name. Regions do not nest. Every line of a stub region is a comment; the
 * release removes one leading `// ` (or a bare `//`), so `// // text` becomes
 * the comment `// text`. A stub region may stand alone (e.g. an import the
 * stub needs and the solution does not).
 *
 * @module
 */

/** One region found in a source. */
export interface Region {
  /** `solution` or `stub`. */
  readonly kind: "solution" | "stub";
  /** 1-based line of the opening marker. */
  readonly start: number;
  /** 1-based line of the closing marker. */
  readonly end: number;
  /** The lines between the markers. */
  readonly body: readonly string[];
}

const OPEN = /^\s*\/\/\s*#region\s+(\S+)\s*$/;
const CLOSE = /^\s*\/\/\s*#endregion(?:\s+(\S+))?\s*$/;

/** Finds the regions of `source`; throws naming `file` and the line on a malformed one. */
export function findRegions(source: string, file = "source"): Region[] {
  const lines = source.split("\n");
  const regions: Region[] = [];
  let open: { kind: "solution" | "stub"; start: number } | undefined;
  lines.forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    const opening = OPEN.exec(line), closing = CLOSE.exec(line);
    if (opening) {
      const kind = opening[1];
      if (kind !== "solution" && kind !== "stub") {
        throw new SyntaxError(`${at}: unknown region "${kind}" (expected solution or stub)`);
      }
      if (open) {
        throw new SyntaxError(
          `${at}: region ${kind} opens inside the ${open.kind} region of line ${open.start}`,
        );
      }
      open = { kind, start: i + 1 };
    } else if (closing) {
      if (!open) throw new SyntaxError(`${at}: #endregion without an open region`);
      if (closing[1] && closing[1] !== open.kind) {
        throw new SyntaxError(
          `${at}: #endregion ${closing[1]} closes the ${open.kind} region of line ${open.start}`,
        );
      }
      const body = lines.slice(open.start, i);
      if (open.kind === "stub") {
        const bad = body.findIndex((l) => l.trim() !== "" && !/^\s*\/\//.test(l));
        if (bad >= 0) {
          throw new SyntaxError(
            `${file}:${open.start + bad + 1}: stub lines must be comments (// …)`,
          );
        }
      }
      regions.push({ ...open, end: i + 1, body });
      open = undefined;
    }
  });
  if (open) throw new SyntaxError(`${file}:${open.start}: region ${open.kind} is never closed`);
  return regions;
}

/** Whether `source` has any region marker. */
export function hasRegions(source: string): boolean {
  return source.split("\n").some((l) => OPEN.test(l) || CLOSE.test(l));
}

/** The student version of `source`: solutions removed, stubs uncommented, markers gone. */
export function stripSolutions(source: string, file = "source"): string {
  const regions = findRegions(source, file);
  if (regions.length === 0) return source;
  const lines = source.split("\n");
  const out: string[] = [];
  let next = 0;
  for (const r of regions) {
    out.push(...lines.slice(next, r.start - 1));
    if (r.kind === "stub") out.push(...r.body.map(uncomment));
    next = r.end;
  }
  out.push(...lines.slice(next));
  return out.join("\n");
}

/** The text of every solution region (for checking that a release contains none of it). */
export function solutionTexts(source: string, file = "source"): string[] {
  return findRegions(source, file).filter((r) => r.kind === "solution").map((r) =>
    r.body.join("\n")
  );
}

function uncomment(line: string): string {
  return line.replace(/^(\s*)\/\/ ?/, "$1");
}
