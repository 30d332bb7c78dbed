/**
 * What a notebook question is (a number, a yes/no or a choice checked by id),
 * shared by the question bank and the checker.
 *
 * @module
 */

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

/** `context[name]`, or an error saying the check cell must pass it. */
export function needs<T>(context: Record<string, unknown>, id: string, name: string): T {
  if (!(name in context)) {
    throw new TypeError(`checkQuestion("${id}", answer, context) needs context.${name}`);
  }
  return context[name] as T;
}
