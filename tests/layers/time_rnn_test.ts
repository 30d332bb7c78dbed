import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  gaussianMatrix,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
  rowSlice,
  TimeRNN,
  zeros,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

const T = 6, B = 2, D = 3, H = 4;

function setup(activation: "tanh" | "sigmoid" | "relu" = "tanh") {
  const rng = new Random(7);
  const rnn = new TimeRNN({ inputSize: D, hiddenSize: H, rng, activation, stateful: false });
  const xs = gaussianMatrix(rng, T * B, D);
  return { rng, rnn, xs };
}

for (const activation of ["tanh", "sigmoid", "relu"] as const) {
  Deno.test(`TimeRNN (${activation}): full BPTT over ${T} steps matches numerical gradients`, () => {
    const { rnn, xs } = setup(activation);
    const h0 = gaussianMatrix(new Random(3), B, H, 0.5);
    const { loss, grad } = projection(T * B, H);
    let dxs: Matrix | undefined;
    const f = () => loss(rnn.forward(xs, B, h0));
    assertGradientsMatch(checkGradients(rnn.params, f, () => {
      rnn.forward(xs, B, h0);
      dxs = rnn.backward(grad);
    }));
    if (!dxs || !rnn.dh0) throw new Error("backward did not run");
    assert(relativeError(dxs.data, numericalGradient(f, xs)) <= 1e-7, "dxs");
    assert(relativeError(rnn.dh0.data, numericalGradient(f, h0)) <= 1e-7, "dh0");
  });
}

Deno.test("TimeRNN equals stepping its cell by hand, forward and backward", () => {
  const { rnn, xs } = setup();
  const { grad } = projection(T * B, H);
  const hs = rnn.forward(xs, B);
  rnn.backward(grad);
  const fast = rnn.params.map((p) => Array.from(p.grad.data));

  // The readable version: one cell call per step, then backward in reverse.
  for (const p of rnn.params) p.grad.zero();
  const steps = [];
  let h = zeros(B, H);
  for (let t = 0; t < T; t++) {
    const step = rnn.cell.forward(rowSlice(xs, t * B, B), h);
    steps.push(step);
    h = step.h;
    assert(relativeError(step.h.data, rowSlice(hs, t * B, B).data) < 1e-14, `h at step ${t}`);
  }
  let dhNext = zeros(B, H);
  for (let t = T - 1; t >= 0; t--) {
    const dh = rowSlice(grad, t * B, B).clone();
    for (let i = 0; i < dh.size; i++) dh.data[i] += dhNext.data[i];
    dhNext = rnn.cell.backward(dh, steps[t]).dhPrev;
  }
  rnn.params.forEach((p, i) => {
    assert(relativeError(p.grad.data, fast[i]) < 1e-13, `gradient of ${p.name}`);
  });
});

Deno.test("TimeRNN carries its state between calls when stateful, and not otherwise", () => {
  const rng = new Random(5);
  const stateful = new TimeRNN({ inputSize: D, hiddenSize: H, rng: new Random(1) });
  const xs = gaussianMatrix(rng, T * B, D);
  const whole = stateful.forward(xs, B);
  stateful.resetState();
  const first = stateful.forward(rowSlice(xs, 0, 3 * B), B);
  const second = stateful.forward(rowSlice(xs, 3 * B, 3 * B), B);
  assertEquals([...first.data, ...second.data], [...whole.data]);

  stateful.stateful = false;
  const fresh = stateful.forward(rowSlice(xs, 3 * B, 3 * B), B);
  assert(relativeError(fresh.data, second.data) > 1e-3, "a stateless call starts from zeros");
});

Deno.test("TimeRNN truncated BPTT: gradients stop at the call boundary", () => {
  // Two calls of 3 steps: the second call's backward must not reach the first
  // call's inputs, so its Wxh gradient equals that of a fresh layer started from
  // the carried state.
  const rng = new Random(11);
  const xs = gaussianMatrix(rng, T * B, D);
  const a = new TimeRNN({ inputSize: D, hiddenSize: H, rng: new Random(2) });
  a.forward(rowSlice(xs, 0, 3 * B), B);
  const carried = a.state!.clone();
  const { grad } = projection(3 * B, H);
  a.forward(rowSlice(xs, 3 * B, 3 * B), B);
  a.backward(grad);
  const b = new TimeRNN({ inputSize: D, hiddenSize: H, rng: new Random(2), stateful: false });
  b.forward(rowSlice(xs, 3 * B, 3 * B), B, carried);
  b.backward(grad);
  assertEquals(Array.from(a.cell.Wxh.grad.data), Array.from(b.cell.Wxh.grad.data));
});

Deno.test("TimeRNN rejects a batch size that does not divide the rows, and a stale state", () => {
  const { rnn, xs } = setup();
  assertThrows(
    () => rnn.forward(xs, 5),
    RangeError,
    "batchSize must be a positive integer dividing the 12 input rows, got 5",
  );
  assertThrows(() => rnn.forward(xs, 0), RangeError, "got 0");
  const stateful = new TimeRNN({ inputSize: D, hiddenSize: H, rng: new Random(0) });
  stateful.forward(xs, 2);
  assertThrows(() => stateful.forward(xs, 3), RangeError, "initial state is 2×4, expected 3×4");
  assertThrows(() => rnn.backward(zeros(3, H)), Error, "TimeRNN.backward called before forward");
  rnn.forward(xs, B);
  assertThrows(() => rnn.backward(zeros(3, H)), RangeError, "expected shape 12×4, got 3×4");
});

Deno.test("a non-recurrent TimeRNN has no Whh to train and no memory", () => {
  const rng = new Random(4);
  const rnn = new TimeRNN({ inputSize: D, hiddenSize: H, rng, recurrent: false, stateful: false });
  assertEquals(rnn.params.map((p) => p.name), ["Wxh", "b"]);
  const xs = gaussianMatrix(rng, T * B, D);
  const hs = rnn.forward(xs, B);
  // Each step depends on its own input only: one step alone gives the same state.
  const last = rnn.forward(rowSlice(xs, (T - 1) * B, B), B);
  assertEquals(Array.from(last.data), Array.from(rowSlice(hs, (T - 1) * B, B).data));
  const { loss, grad } = projection(T * B, H);
  assertGradientsMatch(checkGradients(rnn.params, () => loss(rnn.forward(xs, B)), () => {
    rnn.forward(xs, B);
    rnn.backward(grad);
  }));
});
