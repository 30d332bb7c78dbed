/**
 * Questions whose answer is a number, a yes/no or a choice, checked without
 * the answer in the notebook: the expected value is computed here, from the
 * engine or the data (or, for a choice, compared by its SHA-256 hash), keyed
 * by the question's id.
 *
 * @module
 */

import { ExerciseResult } from "../exercise.ts";
import { QUESTIONS } from "./question_bank.ts";

/** One question of a notebook. */
export interface Question {
  /** Its id, `NN.name`, e.g. `03.lollipop_floor`. */
  readonly id: string;
  /** What the answer is, for "not answered" messages: "a number", "true or false", "a letter". */
  readonly kind: "number" | "boolean" | "choice";
  /** Accepted absolute difference for numbers (default 1e-9, or 1e-6 relative to the expected value). */
  readonly tolerance?: number;
  /** Shown when the answer is wrong, pointing the way without giving it. */
  readonly hint: string;
  /** The expected answer, computed from the engine or data and the notebook's `context`. */
  readonly expected?: (context: Record<string, unknown>) => number | boolean;
  /** For a choice: hex SHA-256 of `<id>:<answer>`. */
  readonly answerHash?: string;
}

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
 * import { checkQuestion } from "./questions.ts";
 * const r = await checkQuestion("04.delay_floor", undefined);
 * console.assert(!r.correct && r.message.startsWith("not answered yet"));
 * ```
 */
export async function checkQuestion(
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

/** `context[name]`, or an error saying the check cell must pass it. */
export function needs<T>(context: Record<string, unknown>, id: string, name: string): T {
  if (!(name in context)) {
    throw new TypeError(`checkQuestion("${id}", answer, context) needs context.${name}`);
  }
  return context[name] as T;
}
