import { assertEquals, assertMatch, assertRejects, assertStringIncludes } from "@std/assert";
import { EXERCISES, gradeExercise } from "../../lib/mod.ts";

/** The MIME bundle the Deno kernel shows for `value`. */
function displayOf(value: unknown): Record<string, string> {
  const show =
    (value as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")];
  return show.call(value);
}
import { makeCourse, rootOf, solutionFile } from "./_tree.ts";

Deno.test("checkExercise passes every exercise of the solution tree", async () => {
  for (const spec of EXERCISES) {
    const report = await gradeExercise(spec.id);
    assertEquals(report.status, "passed", report.toString());
  }
  const report = await gradeExercise("bptt");
  assertEquals(
    report.toString(),
    "✓ bptt: passed (2 of 2 tests). The grader also runs hidden tests.",
  );
  const bundle = displayOf(report);
  assertEquals(bundle["text/plain"], report.toString());
  assertStringIncludes(bundle["text/html"], "#1a7f37");
});

Deno.test("check cells of stubs say not implemented yet, not a crash", async () => {
  const dir = await makeCourse();
  try {
    for (const spec of EXERCISES) {
      const report = await gradeExercise(spec.id, { root: rootOf(dir) });
      assertEquals(report.status, "not-implemented");
      assertEquals(
        report.toString(),
        `✗ ${spec.id}: not implemented yet: ${spec.id} (write it in exercises/${spec.file})`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file that imports the engine's RNNCell is reported as scoring 0, with the line", async () => {
  const cheat = [
    'import { RNNCell } from "../lib/layers/rnn_cell.ts";',
    "export const rnnStepForward = (x: unknown) => new RNNCell(x as never);",
    "export const rnnStepBackward = rnnStepForward;",
  ].join("\n");
  const dir = await makeCourse({ "rnn_step.ts": cheat });
  try {
    const report = await gradeExercise("rnn_step_forward", { root: rootOf(dir) });
    assertEquals(report.status, "forbidden");
    assertEquals(report.outcomes.length, 0, "the tests do not run");
    assertEquals(report.lines()[0], "✗ rnn_step_forward: scores 0 because of its imports:");
    assertMatch(
      report.lines()[1],
      /^ {2}exercises\/rnn_step\.ts line 1: imports "\.\.\/lib\/layers\/rnn_cell\.ts", which rnn_step_forward does not allow \(rnn_step_forward may import lib\/core\/matrix\.ts; matmul, addBias, addScaled, transpose, sumRowsInto from lib\/core\/ops\.ts\)$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("forbidden imports are found through the learner's own helper files and lib/mod.ts", async () => {
  const helper = 'export { perplexity } from "../lib/mod.ts";';
  const dir = await makeCourse({
    "helper.ts": helper,
    "perplexity.ts": 'export { perplexity } from "./helper.ts";',
    "clip.ts":
      'import * as ops from "../lib/core/ops.ts";\nexport const clipGradNorm = ops.sumOfSquares;',
  });
  try {
    const p = await gradeExercise("perplexity", { root: rootOf(dir) });
    assertEquals(p.violations.map((v) => `${v.file}:${v.line}`), ["exercises/helper.ts:1"]);
    const c = await gradeExercise("clip_grad_norm", { root: rootOf(dir) });
    assertEquals(c.status, "forbidden");
    assertStringIncludes(
      c.violations[0].message,
      'imports "../lib/core/ops.ts", which clip_grad_norm does not allow',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file that fails to load or lacks the function is reported, not thrown", async () => {
  const dir = await makeCourse({
    "perplexity.ts": "export function perplexity( {",
    "clip.ts": "export const clipGradNormm = 1;",
  });
  try {
    const p = await gradeExercise("perplexity", { root: rootOf(dir) });
    assertEquals(p.status, "broken");
    assertMatch(p.toString(), /^✗ perplexity: exercises\/perplexity\.ts failed to load: /);
    const c = await gradeExercise("clip_grad_norm", { root: rootOf(dir) });
    assertEquals(
      c.toString(),
      "✗ clip_grad_norm: exercises/clip.ts does not export a function clipGradNorm",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a changed file is read again by the next check (as in a running kernel)", async () => {
  const dir = await makeCourse();
  try {
    const root = rootOf(dir);
    assertEquals((await gradeExercise("perplexity", { root })).status, "not-implemented");
    const solved = await solutionFile("perplexity.ts");
    await Deno.writeTextFile(`${dir}/exercises/perplexity.ts`, solved);
    const later = new Date(Date.now() + 2000);
    await Deno.utime(`${dir}/exercises/perplexity.ts`, later, later);
    assertEquals((await gradeExercise("perplexity", { root })).status, "passed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failing check lists every test with what went wrong", async () => {
  const wrong = "export function perplexity(lp: number[]): number {\n  return 2 ** -lp[0];\n}\n";
  const dir = await makeCourse({ "perplexity.ts": wrong });
  try {
    const report = await gradeExercise("perplexity", { root: rootOf(dir) });
    const lines = report.lines();
    assertEquals(lines[0], "✗ perplexity: 2 of 2 tests failed");
    const html = displayOf(report)["text/html"];
    assertStringIncludes(html, "#cf222e");
    assertEquals(html.split("<div").length - 1, 3, "a verdict and one line per test");
    assertMatch(
      lines[1],
      /^ {2}✗ matches the definition for texts of 1, 10 and 100 tokens: perplexity of 1 tokens: got \S+, expected \S+ \(tolerance 1e-9\)$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkExercise throws for an unknown id, naming the known ones", async () => {
  await assertRejects(
    () => gradeExercise("rnn_stp"),
    RangeError,
    'unknown exercise "rnn_stp"; the exercises are rnn_step_forward, ',
  );
});
