import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  ClassSoftmax,
  gaussianMatrix,
  numericalGradient,
  Random,
  relativeError,
  WordClasses,
} from "../../lib/mod.ts";

const classes = WordClasses.fromCounts([30, 20, 12, 9, 7, 5, 4, 3, 2, 1, 1], 4);

Deno.test("ClassSoftmax: P(w|h) = P(c|h)·P(w|c,h) sums to 1 and is what the loss scores", () => {
  const layer = new ClassSoftmax({ hiddenSize: 5, classes, rng: new Random(1) });
  const h = gaussianMatrix(new Random(2), 3, 5);
  const targets = [0, 6, 10];
  const pass = layer.forward(h, targets);
  let total = 0;
  for (let r = 0; r < 3; r++) {
    const p = layer.distribution(h.row(r));
    assertAlmostEquals(p.reduce((a, b) => a + b), 1, 1e-12);
    assertAlmostEquals(pass.logProbs[r], Math.log(p[targets[r]]), 1e-12);
    total -= Math.log(p[targets[r]]);
  }
  assertAlmostEquals(pass.loss, total / 3, 1e-12);
  assertEquals(pass.count, 3);
});

Deno.test("ClassSoftmax: backward matches numerical gradients (weights and input) in float64", () => {
  const layer = new ClassSoftmax({ hiddenSize: 4, classes, rng: new Random(3) });
  const h = gaussianMatrix(new Random(4), 5, 4);
  const targets = [1, 10, 4, 4, 7], mask = [1, 0.5, 0, 1, 2];
  const loss = () => layer.forward(h, targets, mask).loss;
  const results = checkGradients(layer.params, loss, () => {
    layer.backward(layer.forward(h, targets, mask));
  });
  for (const r of results) assert(r.error <= 1e-7, `${r.name}: ${r.error}`);
  const dh = layer.backward(layer.forward(h, targets, mask));
  assert(relativeError(dh.data, numericalGradient(loss, h)) <= 1e-7);
  assert(dh.row(2).every((g) => g === 0), "a masked row gets no gradient");
});

Deno.test("ClassSoftmax: storage is used in place, float32 follows float64", () => {
  const H = 3, V = classes.vocabSize, C = classes.numClasses;
  const storage = new Float32Array((C + V) * H);
  const f32 = new ClassSoftmax({
    hiddenSize: H,
    classes,
    rng: new Random(5),
    storage,
    dtype: "float32",
  });
  const f64 = new ClassSoftmax({ hiddenSize: H, classes, rng: new Random(5) });
  assert(f32.Vw.value.data.buffer === storage.buffer && f32.Vc.value.data[0] === storage[0]);
  const h = gaussianMatrix(new Random(6), 2, H);
  assertAlmostEquals(f32.forward(h, [2, 9]).loss, f64.forward(h, [2, 9]).loss, 1e-6);
});

Deno.test("ClassSoftmax: the toolkit's initial weights: three uniforms, mean 0, sd 0.1", () => {
  const big = WordClasses.fromCounts(Array.from({ length: 400 }, (_, i) => 400 - i), 20);
  const w = Array.from(
    new ClassSoftmax({ hiddenSize: 50, classes: big, rng: new Random(7) }).Vw.value.data,
  );
  const mean = w.reduce((a, b) => a + b) / w.length;
  const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
  assert(Math.abs(mean) < 0.002 && Math.abs(sd - 0.1) < 0.002, `mean ${mean}, sd ${sd}`);
  assert(w.every((x) => Math.abs(x) <= 0.3));
});

Deno.test("ClassSoftmax: bad input is named", () => {
  const layer = new ClassSoftmax({ hiddenSize: 2, classes, rng: new Random(8) });
  const h = gaussianMatrix(new Random(9), 2, 2);
  assertThrows(() => layer.forward(h, [0]), RangeError, "1 targets for 2 hidden states");
  assertThrows(() => layer.forward(h, [0, 11]), RangeError, "position 1 holds 11");
  assertThrows(
    () => layer.forward(gaussianMatrix(new Random(9), 2, 3), [0, 1]),
    RangeError,
    "3 columns",
  );
  assertThrows(
    () =>
      new ClassSoftmax({
        hiddenSize: 2,
        classes,
        rng: new Random(1),
        storage: new Float64Array(3),
      }),
    RangeError,
    "storage holds 3 elements",
  );
});
