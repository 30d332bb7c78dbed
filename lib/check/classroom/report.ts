/**
 * The verdict of a check cell on one exercise: passed, not implemented yet,
 * scored 0 for a forbidden import, or which test failed and why. Shows as
 * coloured lines in Jupyter and as plain text elsewhere.
 *
 * @module
 */

import type { TestOutcome } from "./harness.ts";
import type { Violation } from "./policy.ts";

const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** What a check found about one exercise. */
export type ReportStatus = "passed" | "failed" | "not-implemented" | "forbidden" | "broken";

/** The verdict on one exercise: its tests' outcomes, or why they could not run. */
export class ExerciseReport {
  /** The exercise id. */
  readonly exercise: string;
  /** The learner's file, relative to the course root. */
  readonly file: string;
  /** One outcome per test run (empty when the tests could not run). */
  readonly outcomes: readonly TestOutcome[];
  /** Forbidden imports (the exercise scores 0 while there is one). */
  readonly violations: readonly Violation[];
  /** Why the file could not be used (it failed to load, or lacks the function), if so. */
  readonly problem: string | undefined;

  /** Makes a report. */
  constructor(
    exercise: string,
    file: string,
    outcomes: readonly TestOutcome[],
    violations: readonly Violation[] = [],
    problem?: string,
  ) {
    this.exercise = exercise;
    this.file = file;
    this.outcomes = outcomes;
    this.violations = violations;
    this.problem = problem;
  }

  /** The overall verdict. */
  get status(): ReportStatus {
    if (this.violations.length > 0) return "forbidden";
    if (this.problem !== undefined) return "broken";
    if (this.outcomes.some((o) => o.status === "not-implemented")) return "not-implemented";
    return this.outcomes.every((o) => o.status === "passed") ? "passed" : "failed";
  }

  /** Whether every test passed and nothing is forbidden. */
  get passed(): boolean {
    return this.status === "passed";
  }

  /** The verdict line and, when tests ran and some failed, one line per test. */
  lines(): string[] {
    const id = this.exercise, n = this.outcomes.length;
    switch (this.status) {
      case "passed":
        return [`✓ ${id}: passed (${n} of ${n} tests). The grader also runs hidden tests.`];
      case "not-implemented":
        return [`✗ ${id}: not implemented yet: ${id} (write it in ${this.file})`];
      case "forbidden":
        return [
          `✗ ${id}: scores 0 because of its imports:`,
          ...this.violations.map((v) =>
            `  ${v.file}${v.line ? ` line ${v.line}` : ""}: ${v.message}`
          ),
        ];
      case "broken":
        return [`✗ ${id}: ${this.problem}`];
      default: {
        const failed = this.outcomes.filter((o) => o.status !== "passed").length;
        return [
          `✗ ${id}: ${failed} of ${n} tests failed`,
          ...this.outcomes.map((o) =>
            o.status === "passed" ? `  ✓ ${o.name}` : `  ✗ ${o.name}: ${o.message}`
          ),
        ];
      }
    }
  }

  /** The verdict as plain text. */
  toString(): string {
    return this.lines().join("\n");
  }

  /** The Jupyter MIME bundle: a green or red verdict with one line per test. */
  [DISPLAY](): { "text/plain": string; "text/html": string } {
    const color = this.passed ? "#1a7f37" : "#cf222e";
    const [head, ...rest] = this.lines().map(escapeHtml);
    const items = rest.map((l) =>
      `<div style="margin-left:1.5em;font-weight:400">${l.trim()}</div>`
    );
    return {
      "text/plain": this.toString(),
      "text/html": `<div style="color:${color};font-weight:600">${head}${items.join("")}</div>`,
    };
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
