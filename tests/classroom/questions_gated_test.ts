import { assert, assertEquals } from "@std/assert";
import { gradeQuestion } from "../../lib/check/classroom/questions.ts";

Deno.test("the questions of notebooks 05–07 accept the right answers and refuse others", async () => {
  const right: [string, unknown, Record<string, unknown>?][] = [
    ["05.sigmoid_bound", 40],
    ["05.vanishing_guarantee", "B"],
    ["05.sigmoid_3q", true],
    ["05.longest_recalled_gap", 20, {
      recall: [{ gap: 10, accuracy: 1 }, { gap: 20, accuracy: 0.95 }, { gap: 30, accuracy: 0.12 }],
    }],
    ["06.lstm_cell_params", 4 * (10 * 20 + 20 * 20 + 20)],
    ["06.forget_product", (1 / (1 + Math.exp(-1))) ** 20],
    ["06.cell_bounded", false],
    ["07.gru_cell_params", 3 * (10 * 20 + 20 * 20 + 20) + 20],
    ["07.torch_ratio", 0.75],
    ["07.z_keeps", "b"],
    ["07.flip_factor", -1],
  ];
  for (const [id, answer, context] of right) {
    const r = await gradeQuestion(id, answer, context);
    assert(r.correct, `${id}: ${r.message}`);
  }
  assert(!(await gradeQuestion("05.sigmoid_bound", 20)).correct);
  assert(!(await gradeQuestion("05.vanishing_guarantee", "a")).correct);
  assert(!(await gradeQuestion("06.cell_bounded", true)).correct);
  assert(!(await gradeQuestion("07.flip_factor", 1)).correct);
  assertEquals(
    String(await gradeQuestion("07.z_keeps", "a")),
    '✗ 07.z_keeps: "a" is not right. Hint: h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n',
  );
});
