/**
 * The teacher's key to the choice questions, whose answers `lib/` stores only
 * as hashes (teacher only: never copied into a student release). A test checks
 * that each hash in `lib/check/classroom/question_bank.ts` matches this key;
 * when a question changes, change its answer here and copy the hash the test
 * prints into the bank.
 *
 * @module
 */

/** Answers of choice questions, by question id. */
export const ANSWER_KEY: Readonly<Record<string, string>> = {
  "01.relu_range": "c",
};
