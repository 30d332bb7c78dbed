/**
 * Check cells for the notebooks' exercises: compare a learner's answer with
 * the right one and say, in words, whether it is right.
 *
 * @module
 */

import { JUPYTER_DISPLAY, type MimeBundle } from "../viz/display.ts";

/** Options of {@link checkAnswer}. */
export interface CheckOptions {
  /** Accepted absolute difference for numbers (default 1e-6 relative to the expected value, at least 1e-9). */
  tolerance?: number;
  /** Shown when the answer is wrong, to point the way without giving it away. */
  hint?: string;
}

/** The verdict of a check cell; shows as a coloured line in Jupyter. */
export class ExerciseResult {
  /** Which exercise. */
  readonly exercise: string;
  /** Whether the answer is right. */
  readonly correct: boolean;
  /** What to tell the learner. */
  readonly message: string;

  /** Makes a verdict. */
  constructor(exercise: string, correct: boolean, message: string) {
    this.exercise = exercise;
    this.correct = correct;
    this.message = message;
  }

  /** `✓ Exercise 1: right` or `✗ Exercise 1: …`. */
  toString(): string {
    return `${this.correct ? "✓" : "✗"} ${this.exercise}: ${this.message}`;
  }

  /** The Jupyter MIME bundle: a green or red line. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const color = this.correct ? "#1a7f37" : "#cf222e";
    const text = escapeHtml(this.toString());
    return {
      "text/html": `<div style="color:${color};font-weight:600">${text}</div>`,
      "text/plain": this.toString(),
    };
  }
}

/**
 * Checks `answer` against `expected` (numbers within a tolerance, strings and
 * arrays exactly). An `undefined` answer means "not answered yet".
 *
 * @example
 * ```ts
 * import { checkAnswer } from "./exercise.ts";
 * console.assert(checkAnswer("Exercise 1", 0.5, 0.5).correct);
 * console.assert(!checkAnswer("Exercise 1", 0.4, 0.5).correct);
 * ```
 */
export function checkAnswer(
  exercise: string,
  answer: unknown,
  expected: number | string | boolean | readonly (number | string)[],
  options: CheckOptions = {},
): ExerciseResult {
  if (answer === undefined) {
    return new ExerciseResult(exercise, false, "not answered yet: set the answer variable above");
  }
  let correct: boolean;
  if (typeof expected === "number") {
    const tolerance = options.tolerance ?? Math.max(1e-9, 1e-6 * Math.abs(expected));
    correct = typeof answer === "number" && Math.abs(answer - expected) <= tolerance;
  } else {
    correct = JSON.stringify(answer) === JSON.stringify(expected);
  }
  if (correct) return new ExerciseResult(exercise, true, "right");
  const hint = options.hint ? ` Hint: ${options.hint}` : "";
  return new ExerciseResult(exercise, false, `${JSON.stringify(answer)} is not right.${hint}`);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
