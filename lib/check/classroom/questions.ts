/**
 * Questions whose answer is a number, a yes/no or a choice, checked without
 * the answer in the notebook: the expected value is computed here, from the
 * engine or the data (or, for a choice, compared by its SHA-256 hash), keyed
 * by the question's id.
 *
 * @module
 */

import { ExerciseResult } from "../exercise.ts";
import { display } from "../../viz/display.ts";
import { QUESTIONS } from "./question_bank.ts";
import type { Question } from "./question.ts";

export type { Question } from "./question.ts";
export { needs } from "./question.ts";

/** Hex SHA-256 of `<id>:<answer>` (answers of choice questions are stored this way). */
export async function answerHash(id: string, answer: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${id}:${answer.trim().toLowerCase()}`);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The question with id `id`; throws naming the known ids otherwise. */
export function questionById(id: string): Question {
  const q = QUESTIONS.find((q) => q.id === id);
  if (!q) {
    throw new RangeError(
      `unknown question "${id}"; the questions are ${QUESTIONS.map((q) => q.id).join(", ")}`,
    );
  }
  return q;
}

/**
 * Checks the learner's `answer` to question `id`. The expected value is
 * computed here (from `context`, the notebook objects the question needs,
 * when it depends on a run), so the check cell never contains it.
 *
 * @example
 * ```ts
 * import { gradeQuestion } from "./questions.ts";
 * const r = await gradeQuestion("04.delay_floor", undefined);
 * console.assert(!r.correct && r.message.startsWith("not answered yet"));
 * ```
 */
export async function gradeQuestion(
  id: string,
  answer: unknown,
  context: Record<string, unknown> = {},
): Promise<ExerciseResult> {
  const q = questionById(id);
  if (answer === undefined) {
    return new ExerciseResult(id, false, `not answered yet: set the answer (${q.kind}) above`);
  }
  let correct: boolean;
  if (q.answerHash !== undefined) {
    correct = typeof answer === "string" && await answerHash(id, answer) === q.answerHash;
  } else {
    const expected = q.expected!(context);
    if (typeof expected === "boolean") {
      correct = answer === expected;
    } else {
      const tolerance = q.tolerance ?? Math.max(1e-9, 1e-6 * Math.abs(expected));
      correct = typeof answer === "number" && Math.abs(answer - expected) <= tolerance;
    }
  }
  if (correct) return new ExerciseResult(id, true, "right");
  return new ExerciseResult(id, false, `${JSON.stringify(answer)} is not right. Hint: ${q.hint}`);
}

/**
 * The check cell of a question: checks `answer` (see {@link gradeQuestion})
 * and shows the verdict under the cell (awaited, so that it lands under its
 * own cell when a front end runs all cells at once).
 *
 * @example
 * ```ts
 * import { checkQuestion } from "./questions.ts";
 * await checkQuestion("04.delay_floor", undefined); // "not answered yet: …"
 * ```
 */
export async function checkQuestion(
  id: string,
  answer: unknown,
  context: Record<string, unknown> = {},
): Promise<void> {
  await display(await gradeQuestion(id, answer, context));
}
