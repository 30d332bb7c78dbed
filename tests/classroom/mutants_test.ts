import { assert, assertEquals, assertMatch } from "@std/assert";
import { exerciseById, EXERCISES } from "../../lib/check/classroom/catalog.ts";
import { runSuite, type TestOutcome } from "../../lib/check/classroom/harness.ts";
import { HIDDEN } from "../../tools/classroom/hidden/mod.ts";
import * as solutions from "./_solutions.ts";
import * as mutants from "./_mutants.ts";
import * as gatedMutants from "./_mutants_gated.ts";
import * as lmMutants from "./_mutants_lm.ts";

/** Public then hidden outcomes of exercise `id` for `fn`. */
function grade(id: string, fn: unknown): TestOutcome[] {
  const spec = exerciseById(id);
  return [...runSuite(spec.tests, fn as never), ...runSuite(HIDDEN[id], fn as never, true)];
}

const score = (outcomes: TestOutcome[]) => outcomes.reduce((s, o) => s + o.score, 0);
const max = (outcomes: TestOutcome[]) => outcomes.reduce((s, o) => s + o.points, 0);

Deno.test("the reference solutions pass every public and hidden test", () => {
  for (const spec of EXERCISES) {
    const outcomes = grade(spec.id, solutions.byId[spec.id]);
    const failed = outcomes.filter((o) => o.status !== "passed");
    assertEquals(failed.map((o) => `${o.name}: ${o.message}`), [], spec.id);
    assertEquals(score(outcomes), 10, `${spec.id} is worth 10 points`);
  }
});

const cases: [string, Record<string, unknown>][] = [
  ["rnn_step_forward", mutants.stepForward],
  ["rnn_step_backward", mutants.stepBackward],
  ["rnn_forward", mutants.sequenceForward],
  ["bptt", mutants.bptt],
  ["softmax_cross_entropy", mutants.softmaxLoss],
  ["softmax_cross_entropy_backward", mutants.softmaxGrad],
  ["clip_grad_norm", mutants.clip],
  ["perplexity", mutants.perplexity],
  ["lstm_step_forward", gatedMutants.lstmForward],
  ["lstm_step_backward", gatedMutants.lstmBackward],
  ["gru_step_forward", gatedMutants.gruForward],
  ["gru_step_backward", gatedMutants.gruBackward],
  ["kn_discounts", lmMutants.knDiscounts],
  ["dynamic_evaluation", lmMutants.dynamicEvaluation],
];

for (const [id, wrong] of cases) {
  Deno.test(`every subtly wrong ${id} loses points`, () => {
    for (const [mistake, fn] of Object.entries(wrong)) {
      const outcomes = grade(id, fn);
      assert(score(outcomes) < max(outcomes), `${id} "${mistake}" scored full marks`);
      assert(
        outcomes.every((o) => o.status !== "not-implemented"),
        `${id} "${mistake}" was reported as not implemented`,
      );
    }
  });
}

/** The first failing test's message for a mistake. */
function firstFailure(id: string, fn: unknown, hidden?: boolean): TestOutcome {
  const failed = grade(id, fn).find((o) =>
    o.status !== "passed" && (hidden === undefined || o.hidden === hidden)
  );
  if (!failed) throw new Error(`${id}: no test failed`);
  return failed;
}

Deno.test("a missing 1 − h² fails the public gradient check, with the relative error and the tolerance", () => {
  const f = firstFailure("rnn_step_backward", mutants.stepBackward["missing 1 − h²"], false);
  assertMatch(
    f.message,
    /^dWxh \(batch 3, input 4, hidden 5\): relative error \S+ against the numerical gradient, above the tolerance 1e-6$/,
  );
});

Deno.test("an off-by-one in the BPTT loop fails a public test", () => {
  const f = firstFailure("bptt", mutants.bptt["off by one: stops before step 0"], false);
  assertMatch(f.message, /relative error/);
});

Deno.test("softmax without the max subtraction is caught on large logits (hidden tests)", () => {
  for (const id of ["softmax_cross_entropy", "softmax_cross_entropy_backward"]) {
    const fn = id === "softmax_cross_entropy"
      ? mutants.softmaxLoss["no max subtraction"]
      : mutants.softmaxGrad["no max subtraction"];
    const outcomes = grade(id, fn);
    assert(
      outcomes.filter((o) => !o.hidden).every((o) => o.status === "passed"),
      "public tests use small logits",
    );
    const failed = outcomes.filter((o) => o.status !== "passed").map((o) => o.name);
    assert(failed.some((n) => n.startsWith("large logits")), `${id}: ${failed}`);
  }
});

Deno.test("a clip that forgets to square reports the norm it returned and the engine's", () => {
  const f = firstFailure("clip_grad_norm", mutants.clip["forgets to square"]);
  assertMatch(f.message, /^returned norm .*: got \S+, expected \S+ \(tolerance 1e-12\)$/);
});

Deno.test("a value of the wrong shape says expected shape vs got", () => {
  const f = firstFailure("rnn_step_forward", mutants.stepForward["returns h transposed"]);
  assertEquals(f.message, "h: expected shape 2×3, got 3×2");
});

Deno.test("an exercise that throws reports the error and where in the learner's file", () => {
  const outcomes = grade("perplexity", () => {
    throw new RangeError("boom");
  });
  assertEquals(outcomes[0].status, "error");
  assertMatch(outcomes[0].message, /^your code threw RangeError: boom/);
});
