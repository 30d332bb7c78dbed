/**
 * "Any number that depends on the run is printed by the code, not typed into
 * the prose": every number in a markdown cell of an executed notebook must
 * appear in the outputs of the code cells before it (to the precision the
 * prose gives), or as a literal in the code cell right after it (prose that
 * introduces a cell may name its settings).
 *
 * What is not checked, because it is part of the text rather than of a run:
 * display equations (`$$…$$`), code (fenced and inline), link targets,
 * numbers inside words (`float32`), exponents and subscripts of inline math
 * (`h_{t-1}`, `0.5^{30}`), list markers, section signs (`§10.2.1`), integers
 * from 0 to 10 (step 1, notebook 05, ten steps), years (1900–2030), and a
 * short per-notebook allow-list of constants, each with its reason.
 *
 * Run it on executed notebooks with
 * `deno run --allow-read tests/course/_prose_numbers.ts out/notebooks/*.ipynb`.
 *
 * @module
 */

import { type Notebook, readNotebook, sourceText } from "../../tools/nbformat.ts";

/** A number written in the prose. */
export interface ProseNumber {
  /** As written, e.g. `3.3 \cdot 10^{-16}` or `10,112`. */
  readonly text: string;
  /** Its value (absolute). */
  readonly value: number;
  /** Half a unit of its last written digit: a printed value within this rounds to it. */
  readonly tolerance: number;
}

/** A number of the prose found nowhere it should be. */
export interface Unchecked {
  /** Index of the markdown cell. */
  readonly cell: number;
  /** The number as written. */
  readonly text: string;
  /** A little of the prose around it. */
  readonly context: string;
}

/** Numbers allowed in the prose of a notebook, each with why (keys: notebook name prefixes). */
export type AllowList = Readonly<Record<string, readonly { text: string; why: string }[]>>;

/**
 * The allow-list of the course: constants of the text, not results of a run,
 * that the rules above do not already leave out. Empty today: notebooks 01–04
 * print what their prose restates, or put constants in display equations.
 * Add an entry only with its reason, e.g.
 * `{ "05": [{ text: "0.25", why: "the largest slope of the sigmoid" }] }`.
 */
export const COURSE_ALLOW: AllowList = {};

const NUMBER =
  /(?<![\w.,^_\\])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(?:\\cdot|\\times|×|·)\s*10\^\{?([−-]?\d+)\}?|e([+-]?\d+))?(\s+(?:million|thousand))?(?![\w]|\.\d)/g;

/** The numbers of a piece of text, as written (outputs are parsed the same way). */
export function numbersIn(text: string): ProseNumber[] {
  const found: ProseNumber[] = [];
  for (const m of text.replaceAll("−", "-").matchAll(NUMBER)) {
    const [whole, int, frac = "", exp10, expE, scale] = m;
    const exponent = Number((exp10 ?? expE ?? "0").replace("−", "-")) +
      (scale?.includes("million") ? 6 : scale?.includes("thousand") ? 3 : 0);
    const decimals = Math.max(frac.length - 1, 0);
    found.push({
      text: whole.trim(),
      value: Number(`${int.replaceAll(",", "")}${frac}e${exponent}`),
      tolerance: 0.5 * 10 ** (exponent - decimals),
    });
  }
  // A bare power of ten, $10^{-9}$: mantissa 1.
  for (
    const m of text.matchAll(
      /(?<![\d.]\s*(?:\\cdot|\\times|×|·)\s*)(?<![\w.])10\^\{?([−-]?\d+)\}?/g,
    )
  ) {
    const exponent = Number(m[1].replace("−", "-"));
    found.push({ text: m[0], value: 10 ** exponent, tolerance: 0.5 * 10 ** exponent });
  }
  return found;
}

/** The prose of a markdown cell with what is not checked taken out (see the module doc). */
export function checkedProse(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\]\([^)]*\)/g, "] ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/^\s*(\d+\.|[-*])\s/gm, " ")
    .replace(/§\s*[\d.]+/g, " ")
    .replace(/\$([^$\n]+)\$/g, (_, math: string) => ` ${plainMath(math)} `);
}

/** Inline math as text: powers of ten kept, other exponents and subscripts dropped. */
function plainMath(math: string): string {
  return math
    .replace(/\{,\}/g, ",")
    .replace(/\\[,;!: ]/g, " ")
    .replace(/(\d)\s*(\\cdot|\\times)\s*10\^\{?([−-]?\d+)\}?/g, "$1e$3")
    .replace(/(?<![\d.])10\^\{?([−-]?\d+)\}?/g, "1e$1")
    .replace(/[_^]\{[^{}]*\}/g, " ")
    .replace(/[_^]\\?\w/g, " ")
    .replace(/\\[A-Za-z]+/g, " ");
}

/** Numbers printed by a cell: its stream text and the text of its results (not source listings). */
export function printedText(nb: Notebook, upTo: number): string {
  const parts: string[] = [];
  nb.cells.slice(0, upTo).forEach((cell) => {
    if (cell.cell_type !== "code") return;
    for (const o of cell.outputs) {
      if (o.output_type === "stream") parts.push(joined(o.text));
      else if (o.output_type === "display_data" || o.output_type === "execute_result") {
        if (/data-source-listing/.test(joined(o.data["text/html"]))) continue;
        parts.push(joined(o.data["text/plain"]));
      }
    }
  });
  return parts.join("\n");
}

function joined(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/** True when the prose number `p` is a constant of the text (see the module doc). */
function exempt(p: ProseNumber, allowed: readonly string[]): boolean {
  const integer = Number.isInteger(p.value) && !/[.e]/.test(p.text);
  if (integer && p.value <= 10) return true;
  if (integer && p.value >= 1900 && p.value <= 2030 && !p.text.includes(",")) return true;
  return allowed.includes(p.text);
}

function matches(p: ProseNumber, values: readonly number[]): boolean {
  const slack = p.tolerance * (1 + 1e-9) + 1e-12 * Math.abs(p.value);
  return values.some((v) => Math.abs(Math.abs(v) - p.value) <= slack);
}

/** Numeric literals of a code cell (`512_000` is 512000). */
export function codeLiterals(source: string): number[] {
  return (source.replaceAll("_", "").match(/(?<![\w.])\d+(\.\d+)?(e[+-]?\d+)?/g) ?? []).map(Number);
}

/**
 * Every number of the prose of `nb` that was not printed before it (see the
 * module doc). `name` selects the notebook's allow-list.
 */
export function uncheckedNumbers(
  nb: Notebook,
  name = "",
  allow: AllowList = COURSE_ALLOW,
): Unchecked[] {
  const allowed = Object.entries(allow).filter(([prefix]) => name.startsWith(prefix))
    .flatMap(([, list]) => list.map((a) => a.text));
  const problems: Unchecked[] = [];
  const inExercises = { now: false };
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "markdown") return;
    const printed = numbersIn(printedText(nb, i)).map((n) => n.value);
    const next = nb.cells.slice(i + 1).find((c) => c.cell_type === "code");
    const literals = next ? codeLiterals(sourceText(next)) : [];
    const prose = checkedProse(withoutExercises(sourceText(cell), inExercises));
    for (const p of numbersIn(prose)) {
      if (exempt(p, allowed) || matches(p, printed) || matches(p, literals)) continue;
      const at = prose.indexOf(p.text);
      const context = prose.slice(Math.max(0, at - 40), at + p.text.length + 20);
      problems.push({
        cell: i,
        text: p.text.replace(/\s+/g, " "),
        context: context.replace(/\s+/g, " ").trim(),
      });
    }
  });
  return problems;
}

/**
 * The markdown without the exercises (questions, whose numbers set the
 * question rather than report a run): the text under a heading that names
 * an exercise, up to the next heading that does not. `state` carries whether
 * the previous cell ended inside exercises.
 */
export function withoutExercises(markdown: string, state: { now: boolean }): string {
  const kept: string[] = [];
  for (const line of markdown.split("\n")) {
    if (/^#{1,6}\s/.test(line)) state.now = /exercise/i.test(line);
    if (!state.now) kept.push(line);
  }
  return kept.join("\n");
}

if (import.meta.main) {
  let total = 0;
  for (const path of Deno.args) {
    const name = path.split("/").at(-1)!;
    const problems = uncheckedNumbers(await readNotebook(path), name);
    total += problems.length;
    for (const p of problems) console.log(`${name}, cell ${p.cell}: ${p.text}  …${p.context}…`);
  }
  console.log(`${total} number(s) in the prose not printed before it`);
  if (total > 0) Deno.exitCode = 1;
}
