/**
 * Grades a learner's copy: each exercise in its own subprocess with a time
 * limit, public and hidden tests, scores from the points beside the tests.
 *
 * @module
 */

import { exerciseById, EXERCISES, type ExerciseSpec } from "../../lib/check/classroom/catalog.ts";
import {
  type TestOutcome,
  type TestStatus,
  zeroOutcomes,
} from "../../lib/check/classroom/harness.ts";
import type { Violation } from "../../lib/check/classroom/policy.ts";
import { HIDDEN } from "./hidden/mod.ts";
import { makeSandbox, TEACHER_ROOT } from "./sandbox.ts";

/** How an exercise was graded. */
export type GradeStatus =
  | "passed"
  | "partial"
  | "failed"
  | "not-implemented"
  | "forbidden"
  | "broken"
  | "timeout"
  | "crashed";

/** The grade of one exercise. */
export interface ExerciseGrade {
  /** Exercise id. */
  readonly id: string;
  /** Its title. */
  readonly title: string;
  /** The notebook that asks for it. */
  readonly notebook: string;
  /** Points earned. */
  readonly score: number;
  /** Points possible (public and hidden tests). */
  readonly maxScore: number;
  /** How it went. */
  readonly status: GradeStatus;
  /** One line for the table: empty when passed. */
  readonly message: string;
  /** Every test, public then hidden (all scored 0 when the exercise could not be run). */
  readonly tests: readonly TestOutcome[];
  /** Wall time of its subprocess, in seconds. */
  readonly seconds: number;
}

/** The grade of one learner's copy. */
export interface GradeReport {
  /** A name for the copy (its folder's name). */
  readonly student: string;
  /** The folder graded. */
  readonly directory: string;
  /** Points earned. */
  readonly score: number;
  /** Points possible. */
  readonly maxScore: number;
  /** Wall time of the whole grading, in seconds. */
  readonly seconds: number;
  /** One grade per exercise, in course order. */
  readonly exercises: readonly ExerciseGrade[];
}

/** Options of {@link gradeCopy}. */
export interface GradeOptions {
  /** Exercise ids to grade (default: those of `assignment.json` in the copy, else all). */
  exercises?: readonly string[];
  /** Time limit per exercise, in seconds (default 30). */
  timeoutSeconds?: number;
  /** Exercises graded at the same time (default 2). */
  jobs?: number;
  /** The teacher's course root (default: this one). */
  teacherRoot?: URL;
}

/** Grades the learner's copy in `dir` (a release folder with `exercises/`, or the exercise files alone). */
export async function gradeCopy(dir: string, options: GradeOptions = {}): Promise<GradeReport> {
  const start = performance.now();
  const specs = (options.exercises ?? await assignedExercises(dir)).map(exerciseById);
  const sandbox = await makeSandbox(dir, options.teacherRoot ?? TEACHER_ROOT);
  try {
    const grades: ExerciseGrade[] = new Array(specs.length);
    let next = 0;
    const worker = async () => {
      while (next < specs.length) {
        const i = next++;
        grades[i] = await gradeExercise(sandbox, specs[i], options.timeoutSeconds ?? 30);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 2) }, worker));
    return {
      student: (await Deno.realPath(dir)).split("/").pop() || dir,
      directory: dir,
      score: grades.reduce((s, g) => s + g.score, 0),
      maxScore: grades.reduce((s, g) => s + g.maxScore, 0),
      seconds: round((performance.now() - start) / 1000),
      exercises: grades,
    };
  } finally {
    await Deno.remove(sandbox, { recursive: true });
  }
}

/** The exercises listed in `dir/assignment.json`, or every exercise when there is none. */
export async function assignedExercises(dir: string): Promise<string[]> {
  try {
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/assignment.json`));
    if (Array.isArray(manifest.exercises)) return manifest.exercises.map(String);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return EXERCISES.map((e) => e.id);
}

/** Runs `spec` in a subprocess inside `sandbox` and turns its events into a grade. */
export async function gradeExercise(
  sandbox: string,
  spec: ExerciseSpec,
  timeoutSeconds: number,
): Promise<ExerciseGrade> {
  const start = performance.now();
  const run = await runInSubprocess(sandbox, spec.id, timeoutSeconds);
  const seconds = round((performance.now() - start) / 1000);
  const base = { id: spec.id, title: spec.title, notebook: spec.notebook, seconds };
  const suites = [{ suite: spec.tests, hidden: false }, { suite: HIDDEN[spec.id], hidden: true }]
    .filter((s) => s.suite !== undefined);
  const maxScore = suites.reduce((s, x) => s + x.suite.tests.reduce((a, t) => a + t.points, 0), 0);
  const zero = (status: GradeStatus, testStatus: TestStatus, message: string): ExerciseGrade => ({
    ...base,
    score: 0,
    maxScore,
    status,
    message,
    tests: suites.flatMap((s) => zeroOutcomes(s.suite, testStatus, message, s.hidden)),
  });
  if (run.violations) {
    return zero("forbidden", "failed", `scores 0: ${describeViolations(run.violations)}`);
  }
  if (run.problem) return zero("broken", "error", run.problem);
  if (run.timedOut) {
    const where = run.running ? ` (running "${run.running}")` : "";
    return zero("timeout", "error", `did not finish within ${timeoutSeconds} s${where}; scores 0`);
  }
  if (!run.done) {
    return zero(
      "crashed",
      "error",
      `crashed${run.running ? ` in "${run.running}"` : ""}: ${run.stderr}`,
    );
  }
  const tests = run.outcomes;
  const score = tests.reduce((s, t) => s + t.score, 0);
  return {
    ...base,
    score,
    maxScore,
    status: statusOf(tests, score),
    message: firstProblem(tests),
    tests,
  };
}

function statusOf(tests: readonly TestOutcome[], score: number): GradeStatus {
  if (tests.every((t) => t.status === "passed")) return "passed";
  if (tests.some((t) => t.status === "not-implemented")) return "not-implemented";
  return score > 0 ? "partial" : "failed";
}

function firstProblem(tests: readonly TestOutcome[]): string {
  const t = tests.find((t) => t.status !== "passed");
  if (!t) return "";
  return t.status === "not-implemented"
    ? t.message
    : `${t.hidden ? "hidden: " : ""}${t.name}: ${t.message}`;
}

function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}${v.line ? `:${v.line}` : ""} ${v.message}`).join("; ");
}

/** What a subprocess reported. */
interface Run {
  outcomes: TestOutcome[];
  violations?: Violation[];
  problem?: string;
  running?: string;
  done: boolean;
  timedOut: boolean;
  stderr: string;
}

async function runInSubprocess(sandbox: string, id: string, timeoutSeconds: number): Promise<Run> {
  const nonce = crypto.randomUUID();
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-config",
      "--no-lock",
      "--no-prompt",
      `--allow-read=${sandbox}`,
      "--v8-flags=--max-old-space-size=1024",
      `${sandbox}/tools/classroom/run_exercise.ts`,
      id,
    ],
    clearEnv: true,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(`${nonce}\n`));
  await writer.close();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutSeconds * 1000);
  const output = await child.output();
  clearTimeout(timer);
  return parseEvents(new TextDecoder().decode(output.stdout), nonce, {
    timedOut,
    stderr: tail(new TextDecoder().decode(output.stderr)),
  });
}

/** Turns the subprocess's stdout into a {@link Run}; lines without the nonce (the learner's output) are ignored. */
export function parseEvents(
  stdout: string,
  nonce: string,
  extra: { timedOut: boolean; stderr: string },
): Run {
  const run: Run = { outcomes: [], done: false, ...extra };
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(`${nonce} `)) continue;
    const event = JSON.parse(line.slice(nonce.length + 1));
    if ("start" in event) run.running = event.start;
    if ("outcome" in event) {
      run.outcomes.push({ ...event.outcome, ms: round(event.outcome.ms) });
      run.running = undefined;
    }
    if ("violations" in event) run.violations = event.violations;
    if ("problem" in event) run.problem = event.problem;
    if ("done" in event) run.done = true;
  }
  return run;
}

/** The last lines of a process's stderr, without Deno's stack backtrace noise. */
function tail(stderr: string): string {
  const lines = stderr.split("\n").filter((l) =>
    l.trim() && !/^\s+at |Stack backtrace|^\s+\d+: /.test(l)
  );
  return lines.slice(-4).join(" ").slice(0, 500) || "no output";
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
