/**
 * Checks for learners and teachers: numerical gradient checking, exercise
 * answers and the classroom's exercise checks.
 *
 * @module
 */

export * from "./gradcheck.ts";
export * from "./exercise.ts";
export * from "./exercises.ts";
