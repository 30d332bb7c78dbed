/**
 * Checks for learners and teachers: numerical gradient checking and
 * exercise answers.
 *
 * @module
 */

export * from "./gradcheck.ts";
export * from "./exercise.ts";
