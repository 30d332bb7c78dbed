import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  ADDING_BASELINE_MSE,
  addingBaseline,
  addingBatch,
  copyBaseline,
  copyBatch,
  copyVocabulary,
  Matrix,
  Random,
  SoftmaxCrossEntropy,
} from "../../lib/mod.ts";

Deno.test("adding problem: two markers, one in each half; the target is the sum of their numbers", () => {
  const T = 11, B = 50;
  const { inputs, targets } = addingBatch(T, B, new Random(3));
  assertEquals([inputs.data.rows, inputs.data.cols, inputs.batchSize], [T * B, 2, B]);
  assertEquals([targets.rows, targets.cols], [B, 1]);
  for (let b = 0; b < B; b++) {
    const marked: number[] = [];
    let sum = 0;
    for (let t = 0; t < T; t++) {
      const [u, m] = inputs.data.row(t * B + b);
      assert(u >= 0 && u < 1 && (m === 0 || m === 1));
      if (m === 1) {
        marked.push(t);
        sum += u;
      }
    }
    assertEquals(marked.length, 2);
    assert(marked[0] < Math.floor(T / 2) && marked[1] >= Math.floor(T / 2), `markers ${marked}`);
    assertEquals(targets.get(b, 0), sum);
  }
});

Deno.test("adding problem: deterministic by seed; float32 on request; at least 2 steps", () => {
  const a = addingBatch(8, 3, new Random(1)), b = addingBatch(8, 3, new Random(1));
  assertEquals(Array.from(a.inputs.data.data), Array.from(b.inputs.data.data));
  assertEquals(addingBatch(8, 3, new Random(1), "float32").targets.dtype, "float32");
  assertThrows(() => addingBatch(1, 3, new Random(1)), RangeError, "steps");
});

Deno.test("adding problem: predicting 1 scores about 1/6, the variance of u₁ + u₂", () => {
  const mse = addingBaseline(addingBatch(20, 20000, new Random(2)));
  // Standard error of the mean of (s − 1)² over 20 000 sums: about 0.0013.
  assertAlmostEquals(mse, ADDING_BASELINE_MSE, 0.006);
  assertAlmostEquals(ADDING_BASELINE_MSE, 2 / 12, 1e-15);
});

Deno.test("copy task: symbols, blanks, the delimiter, and the symbols again as targets", () => {
  const delay = 7, length = 4, symbols = 5, B = 6;
  const { inputs, targets, resetState } = copyBatch({ delay, length, symbols }, B, new Random(4));
  const { blank, delimiter, size } = copyVocabulary(symbols);
  assertEquals([blank, delimiter, size], [0, 6, 7]);
  assertEquals([inputs.steps, inputs.batchSize, resetState], [delay + 2 * length, B, true]);
  for (let b = 0; b < B; b++) {
    const x = Array.from({ length: inputs.steps }, (_, t) => inputs.data[t * B + b]);
    const y = Array.from({ length: inputs.steps }, (_, t) => targets.data[t * B + b]);
    const copied = x.slice(0, length);
    assert(copied.every((s) => s >= 1 && s <= symbols));
    assertEquals(x.slice(length), [
      ...Array(delay - 1).fill(0),
      delimiter,
      ...Array(length).fill(0),
    ]);
    assertEquals(y, [...Array(delay + length).fill(0), ...copied]);
  }
});

Deno.test("copy task: the memoryless strategy scores exactly the baseline", () => {
  const options = { delay: 20, length: 10, symbols: 8 };
  const batch = copyBatch(options, 16, new Random(5));
  const V = copyVocabulary(8).size, T = batch.inputs.steps, B = 16;
  // Certain blank before the copy; uniform over the 8 symbols during it.
  const logits = new Matrix(T * B, V);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = logits.row(t * B + b);
      if (t < options.delay + options.length) row[0] = 1000;
      else for (let s = 1; s <= 8; s++) row[s] = 1000;
    }
  }
  const { loss } = new SoftmaxCrossEntropy().forward(logits, batch.targets.data);
  assertAlmostEquals(loss, copyBaseline(options), 1e-12);
  assertAlmostEquals(copyBaseline({ delay: 100 }), (10 * Math.log(8)) / 120, 1e-15);
});
