/**
 * Coding exercises for the notebooks: the error a stub throws, the exercise
 * signatures, check cells that run an exercise's public tests on the
 * learner's file (`await checkExercise("rnn_step_forward")`), and checks of
 * numeric and choice answers whose expected value never appears in the
 * notebook (`await checkQuestion("03.lollipop_floor", answer1)`).
 *
 * @module
 */

export * from "./not_implemented.ts";
export type * from "./exercise_types.ts";
export { checkExercise, type CheckExerciseOptions, gradeExercise } from "./classroom/check.ts";
export { ExerciseReport, type ReportStatus } from "./classroom/report.ts";
export type {
  AnySuite,
  ExerciseTest,
  Suite,
  TestOutcome,
  TestStatus,
} from "./classroom/harness.ts";
export type { Violation } from "./classroom/policy.ts";
export { checkQuestion, gradeQuestion } from "./classroom/questions.ts";
export { EXERCISES, type ExerciseSpec, type ImportRule } from "./classroom/catalog.ts";
