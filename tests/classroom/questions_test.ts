import { assert, assertEquals, assertThrows } from "@std/assert";
import { LanguageModel } from "../../lib/mod.ts";
import { answerHash, gradeQuestion, questionById } from "../../lib/check/classroom/questions.ts";
import { QUESTIONS } from "../../lib/check/classroom/question_bank.ts";
import { ANSWER_KEY } from "../../tools/classroom/answer_key.ts";

Deno.test("questions check answers without the answer in the call", async () => {
  const lollipop = (3 * Math.log(3) + 2 * Math.log(2)) / 7;
  assert((await gradeQuestion("03.lollipop_floor", lollipop + 5e-4)).correct, "within 1e-3");
  assert(!(await gradeQuestion("03.lollipop_floor", lollipop + 5e-3)).correct);
  assert((await gradeQuestion("01.cell_parameters", 10 * 20 + 20 * 20 + 20)).correct);
  const biasedBit = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)); // delay 2 with P(1) = 0.9
  assert((await gradeQuestion("04.delay_floor", biasedBit)).correct);
  assert(!(await gradeQuestion("04.delay_floor", Math.LN2)).correct, "the fair bit is not asked");
  assert((await gradeQuestion("04.first_zero_contribution", 1)).correct);
  assert((await gradeQuestion("04.mean_backprop_distance", 8.5)).correct);
  assert((await gradeQuestion("04.mean_backprop_distance", 2.5, { k: 4 })).correct);
  assert((await gradeQuestion("01.relu_range", " C ")).correct, "choices ignore case and spaces");
  assert(!(await gradeQuestion("01.relu_range", "a")).correct);
});

Deno.test("questions explain: not answered, wrong with a hint", async () => {
  assertEquals(
    String(await gradeQuestion("04.delay_floor", undefined)),
    "✗ 04.delay_floor: not answered yet: set the answer (number) above",
  );
  assertEquals(
    String(await gradeQuestion("01.relu_range", "b")),
    '✗ 01.relu_range: "b" is not right. Hint: ReLU passes any positive number through unchanged',
  );
});

Deno.test("questions that depend on the notebook's run take its objects as context", async () => {
  const generator = {
    sample: (_label: number, o: { rng: { uniform(): number } }) => [o.rng.uniform() < 2 ? 1 : 0],
  };
  assert((await gradeQuestion("02.greedy_names", 1, { generator })).correct);
  const lm = new LanguageModel({ vocabSize: 5, hiddenSize: 3, seed: 0 });
  assert(
    (await gradeQuestion("01.states_per_batch", 4 * 2 * 3, { model: lm, sequences: 4, steps: 2 }))
      .correct,
  );
  const names = {
    trainNames: ["anna", "bob"],
    trainLabels: [0, 1],
    testNames: ["anna", "bob"],
    testLabels: [0, 1],
  };
  assert(
    (await gradeQuestion("02.suffix_beats_rnn", true, { ...names, rnnAccuracy: 0.4 })).correct,
  );
  assert((await gradeQuestion("02.suffix_beats_rnn", false, { ...names, rnnAccuracy: 1 })).correct);
  const model = { decoder: { cell: { hiddenSize: 48 } } };
  assert((await gradeQuestion("02.context_size", 48, { model })).correct);
  await gradeQuestion("02.context_size", 1).then(
    () => {
      throw new Error("expected an error");
    },
    (e) =>
      assertEquals(
        e.message,
        'checkQuestion("02.context_size", answer, context) needs context.model',
      ),
  );
});

Deno.test("every choice question's hash matches the teacher's answer key", async () => {
  for (const q of QUESTIONS.filter((q) => q.kind === "choice")) {
    const key = ANSWER_KEY[q.id];
    assert(key !== undefined, `${q.id} has no answer in tools/classroom/answer_key.ts`);
    assertEquals(
      q.answerHash,
      await answerHash(q.id, key),
      `${q.id}: put this hash in the question bank`,
    );
  }
  assertThrows(() => questionById("01.nope"), RangeError, 'unknown question "01.nope"');
});
