/**
 * Exercise tests and how they run: a test gets the learner's function and a
 * seeded generator, and passes, fails (a wrong result), reports "not
 * implemented yet", or reports the error the learner's code threw.
 *
 * @module
 */

import { Random } from "../../random.ts";
import { isNotImplemented } from "../not_implemented.ts";
import { CheckFailure } from "./expect.ts";

/** One test of one exercise, with its points. */
export interface ExerciseTest<F> {
  /** What it checks, e.g. "values for batch sizes 1, 3 and 5". */
  readonly name: string;
  /** Points it is worth. */
  readonly points: number;
  /** Runs the check on the learner's function; throws `CheckFailure` when the result is wrong. */
  readonly run: (fn: F, rng: Random) => void;
}

/** The tests of one exercise (public or hidden). */
export interface Suite<F> {
  /** The exercise id. */
  readonly exercise: string;
  /** Its tests, in order. */
  readonly tests: readonly ExerciseTest<F>[];
}

/** A suite whose function type is erased, for registries of many exercises. */
export type AnySuite = Suite<never>;

/** How one test ended. */
export type TestStatus = "passed" | "failed" | "not-implemented" | "error";

/** The result of one test. */
export interface TestOutcome {
  /** The exercise id. */
  readonly exercise: string;
  /** The test's name. */
  readonly name: string;
  /** Whether the test is hidden (teacher only). */
  readonly hidden: boolean;
  /** Points it is worth. */
  readonly points: number;
  /** Points earned: all or nothing. */
  readonly score: number;
  /** How it ended. */
  readonly status: TestStatus;
  /** Empty when passed; otherwise what went wrong. */
  readonly message: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

/** Declares a suite; `F` is the signature of the learner's function. */
export function suite<F>(exercise: string, tests: readonly ExerciseTest<F>[]): Suite<F> {
  return { exercise, tests };
}

/** A deterministic seed from a string (FNV-1a), so every test draws the same inputs on every run. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h | 0;
}

/** Runs one test on `fn` and reports how it ended. Never throws. */
export function runTest<F>(
  exercise: string,
  test: ExerciseTest<F>,
  fn: F,
  hidden: boolean,
): TestOutcome {
  const start = performance.now();
  let status: TestStatus = "passed", message = "";
  try {
    test.run(fn, new Random(seedOf(`${exercise}/${test.name}`)));
  } catch (e) {
    if (e instanceof CheckFailure) {
      status = "failed";
      message = e.message;
    } else if (isNotImplemented(e)) {
      status = "not-implemented";
      message = (e as Error).message;
    } else {
      status = "error";
      message = `your code threw ${errorText(e)}`;
    }
  }
  const score = status === "passed" ? test.points : 0;
  const ms = performance.now() - start;
  return { exercise, name: test.name, hidden, points: test.points, score, status, message, ms };
}

/** Runs every test of `suite` on `fn`, in order. */
export function runSuite<F>(s: Suite<F>, fn: F, hidden = false): TestOutcome[] {
  return s.tests.map((t) => runTest(s.exercise, t, fn, hidden));
}

/** Every test of `suite` scored 0 with one reason (forbidden import, timeout, crash, missing export). */
export function zeroOutcomes(
  s: AnySuite,
  status: TestStatus,
  message: string,
  hidden = false,
): TestOutcome[] {
  return s.tests.map((t) => ({
    exercise: s.exercise,
    name: t.name,
    hidden,
    points: t.points,
    score: 0,
    status,
    message,
    ms: 0,
  }));
}

/** `RangeError: message` and the first stack line inside the learner's files, when there is one. */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const line = (e.stack ?? "").split("\n").find((l) => l.includes("/exercises/"));
  const at = line ? ` (at ${line.slice(line.indexOf("exercises/")).replace(/\)$/, "")})` : "";
  return `${e.name}: ${e.message}${at}`;
}
