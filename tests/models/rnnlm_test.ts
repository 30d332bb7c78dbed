import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  fromArray,
  Matrix,
  RNNLM,
  SequenceBatch,
  SGD,
  WordClasses,
} from "../../lib/mod.ts";

const classes = WordClasses.fromCounts([40, 25, 14, 9, 6, 4, 3, 2, 1, 1], 4);
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

Deno.test("RNNLM: s(t) = σ([onehot(w), s(t−1)]·U) with U = [Wxh; Whh], by hand", () => {
  const lm = new RNNLM({ classes, hiddenSize: 3, seed: 2 });
  const V = classes.vocabSize, H = 3;
  // U of the paper: the word rows then the state rows, one column per hidden unit.
  const U = new Matrix(V + H, H);
  U.data.set(lm.Wxh.value.data, 0);
  U.data.set(lm.Whh.value.data, V * H);
  const x = new Float64Array(V + H);
  x[7] = 1; // the word
  x.fill(0.1, V); // the fresh state, as the toolkit's netFlush leaves it
  const s = Array.from(
    { length: H },
    (_, j) => sigmoid(x.reduce((a, xi, i) => a + xi * U.get(i, j), 0)),
  );
  const batch = { inputs: SequenceBatch.tokens([7], 1), targets: SequenceBatch.tokens([2], 1) };
  const pass = lm.forward(batch);
  for (let j = 0; j < H; j++) assertAlmostEquals(pass.hs.data[j], s[j], 1e-15);
  assertAlmostEquals(pass.loss, -Math.log(lm.output.distribution(s)[2]), 1e-12);
});

Deno.test("RNNLM: backward matches numerical gradients in float64 (two streams, padding)", () => {
  const lm = new RNNLM({ classes, hiddenSize: 4, seed: 3, stateful: false });
  const inputs = SequenceBatch.pad([[1, 4, 0, 9], [3, 3]]);
  const targets = SequenceBatch.pad([[4, 0, 9, 2], [3, 8]]);
  const initial = fromArray([[0.2, 0.7, 0.1, 0.5], [0.9, 0.3, 0.4, 0.6]]);
  const batch = { inputs, targets };
  const results = checkGradients(
    lm.params,
    () => lm.forward(batch, initial).loss,
    () => lm.backward(lm.forward(batch, initial)),
  );
  for (const r of results) assert(r.error <= 1e-7, `${r.name}: ${r.error}`);
  assertEquals(results.map((r) => r.name), ["Wxh", "Whh", "Vc", "Vw"]);
});

Deno.test("RNNLM: forward carries its state from batch to batch, resetState forgets it", () => {
  const lm = new RNNLM({ classes, hiddenSize: 3, seed: 4 });
  const whole = lm.forward({ inputs: lm.tokens([1, 2, 3, 4]), targets: lm.tokens([2, 3, 4, 5]) });
  lm.resetState();
  lm.forward({ inputs: lm.tokens([1, 2]), targets: lm.tokens([2, 3]) });
  const second = lm.forward({ inputs: lm.tokens([3, 4]), targets: lm.tokens([4, 5]) });
  assertAlmostEquals(second.hs.data[5], whole.hs.data[11], 1e-15);
  lm.resetState();
  const fresh = lm.forward({ inputs: lm.tokens([3, 4]), targets: lm.tokens([4, 5]) });
  assert(Math.abs(fresh.hs.data[5] - whole.hs.data[11]) > 1e-6);
});

Deno.test("RNNLM: the online algorithm moves every weight by −lr × the exact gradient (small lr)", () => {
  // One BPTT walk that reaches back to the start: bptt 1 → walks of 1 + 5 − 1 = 5 steps every
  // 5 words, no clipping, no decay. The output layer also moves after every word, so
  // the match holds up to O(lr²).
  const options = { classes, hiddenSize: 4, seed: 5, bptt: 1, bpttBlock: 5, errorClip: 0 };
  const lm = new RNNLM(options), exact = new RNNLM(options);
  const ids = [0, 3, 1, 4, 1, 2];
  const batch = { inputs: lm.tokens(ids.slice(0, 5)), targets: lm.tokens(ids.slice(1)) };
  const pass = exact.forward(batch, exact.freshState(1));
  exact.backward(pass); // gradients of the mean loss; the online algorithm follows the sum
  const lr = 1e-6;
  const before = lm.params.map((p) => p.value.data.slice());
  lm.learn({ ...batch, resetState: true }, new SGD({ lr }));
  lm.params.forEach((p, i) => {
    const moved = p.value.data.map((w, k) => (before[i][k] - w) / lr);
    const grad = exact.params[i].grad.data.map((g) => g * pass.count);
    let worst = 0;
    for (let k = 0; k < grad.length; k++) {
      worst = Math.max(worst, Math.abs(moved[k] - grad[k]) / Math.max(1e-3, Math.abs(grad[k])));
    }
    assert(worst < 1e-4, `${p.name}: ${worst}`);
  });
});

Deno.test("RNNLM: predict gives the most likely next word", () => {
  const lm = new RNNLM({ classes, hiddenSize: 3, seed: 6 });
  const inputs = lm.tokens([5, 1]);
  const predicted = lm.predict(inputs);
  const pass = lm.forward({ inputs, targets: lm.tokens([0, 0]) }, lm.freshState(1));
  const p = lm.output.distribution(pass.hs.data.subarray(3, 6));
  assertEquals(predicted[1], p.indexOf(Math.max(...p)));
});

Deno.test("RNNLM: bad options and batches are named", () => {
  assertThrows(() => new RNNLM({ classes, hiddenSize: 0 }), RangeError, "hiddenSize");
  assertThrows(() => new RNNLM({ classes, hiddenSize: 2, bptt: -1 }), RangeError, "bptt");
  assertThrows(() => new RNNLM({ classes, hiddenSize: 2, errorClip: -1 }), RangeError, "errorClip");
  const lm = new RNNLM({ classes, hiddenSize: 2 });
  assertThrows(() => lm.tokens([10]), RangeError, "position 0 holds 10");
  const batch = { inputs: lm.tokens([1, 2]), targets: lm.tokens([2]) };
  assertThrows(() => lm.forward(batch), RangeError, "1 targets for 2 inputs");
  assertThrows(() => lm.forward(batch, lm.freshState(2)), RangeError);
});
