import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  gaussianMatrix,
  type Matrix,
  Random,
  relativeError,
  RNN,
  rowSlice,
  SequenceBatch,
  zeros,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

const T = 6, B = 2, D = 3, H = 4;

function setup(activation: "tanh" | "sigmoid" | "relu" = "tanh", stateful = false) {
  const rng = new Random(7);
  const rnn = new RNN({ inputSize: D, hiddenSize: H, rng, activation, stateful });
  const xs = new SequenceBatch(gaussianMatrix(rng, T * B, D), { batchSize: B });
  return { rng, rnn, xs };
}

/** Rows [start, start + count) of a batch's data, as a new full batch. */
function steps(xs: SequenceBatch, from: number, count: number): SequenceBatch {
  return new SequenceBatch(rowSlice(xs.data, from * B, count * B).clone(), { batchSize: B });
}

for (const activation of ["tanh", "sigmoid", "relu"] as const) {
  Deno.test(`RNN (${activation}): full BPTT over ${T} steps matches numerical gradients`, () => {
    const { rnn, xs } = setup(activation);
    const h0 = [gaussianMatrix(new Random(3), B, H, 0.5)];
    const { loss, grad } = projection(T * B, H);
    assertGradientsMatch(checkGradients(rnn.params, () => loss(rnn.forward(xs, h0).ys.data), () => {
      rnn.backward(grad, rnn.forward(xs, h0));
    }));
  });
}

Deno.test("RNN equals stepping its cell by hand, forward and backward", () => {
  const { rnn, xs } = setup();
  const { grad } = projection(T * B, H);
  const pass = rnn.forward(xs);
  rnn.backward(grad, pass);
  const fast = rnn.params.map((p) => Array.from(p.grad.data));

  // The readable version: one cell call per step, then backward in reverse.
  for (const p of rnn.params) p.grad.zero();
  const cellSteps = [];
  let h: Matrix = zeros(B, H);
  for (let t = 0; t < T; t++) {
    const step = rnn.cell.forward(xs.at(t), h);
    cellSteps.push(step);
    h = step.h;
    assert(relativeError(step.h.data, pass.ys.at(t).data) < 1e-14, `h at step ${t}`);
  }
  let dhNext = zeros(B, H);
  for (let t = T - 1; t >= 0; t--) {
    const dh = rowSlice(grad, t * B, B).clone();
    for (let i = 0; i < dh.size; i++) dh.data[i] += dhNext.data[i];
    dhNext = rnn.cell.backward(dh, cellSteps[t]).dhPrev;
  }
  rnn.params.forEach((p, i) => {
    assert(relativeError(p.grad.data, fast[i]) < 1e-13, `gradient of ${p.name}`);
  });
});

Deno.test("RNN truncated BPTT: gradients stop at the call boundary", () => {
  // Two calls of 3 steps: the second call's backward must not reach the first
  // call's inputs, so its Wxh gradient equals that of a fresh layer started from
  // the carried state.
  const { xs } = setup();
  const a = new RNN({ inputSize: D, hiddenSize: H, rng: new Random(2) });
  a.forward(steps(xs, 0, 3));
  const carried = a.state!.map((m) => m.clone());
  const { grad } = projection(3 * B, H);
  a.backward(grad, a.forward(steps(xs, 3, 3)));
  const b = new RNN({ inputSize: D, hiddenSize: H, rng: new Random(2), stateful: false });
  b.backward(grad, b.forward(steps(xs, 3, 3), carried));
  assertEquals(Array.from(a.cell.Wxh.grad.data), Array.from(b.cell.Wxh.grad.data));
});

Deno.test("RNN names a stale carried state and a wrong gradient shape", () => {
  const { xs } = setup("tanh", true);
  const stateful = new RNN({ inputSize: D, hiddenSize: H, rng: new Random(0) });
  stateful.forward(xs);
  const three = new SequenceBatch(gaussianMatrix(new Random(1), 4 * 3, D), { batchSize: 3 });
  assertThrows(
    () => stateful.forward(three),
    RangeError,
    "carried state h is 2×4 float64, expected 3×4 float64 (call resetState() when the batch size changes)",
  );
  const pass = stateful.forward(xs);
  assertThrows(
    () => stateful.backward(zeros(3, H), pass),
    RangeError,
    "gradient is 3×4, expected 12×4",
  );
});

Deno.test("a non-recurrent RNN has no Whh to train and no memory", () => {
  const rng = new Random(4);
  const rnn = new RNN({ inputSize: D, hiddenSize: H, rng, recurrent: false, stateful: false });
  assertEquals(rnn.params.map((p) => p.name), ["Wxh", "b"]);
  const xs = new SequenceBatch(gaussianMatrix(rng, T * B, D), { batchSize: B });
  const hs = rnn.forward(xs).ys;
  // Each step depends on its own input only: one step alone gives the same state.
  const last = rnn.forward(steps(xs, T - 1, 1)).ys;
  assertEquals(Array.from(last.data.data), Array.from(hs.at(T - 1).data));
  const { loss, grad } = projection(T * B, H);
  assertGradientsMatch(checkGradients(rnn.params, () => loss(rnn.forward(xs).ys.data), () => {
    rnn.backward(grad, rnn.forward(xs));
  }));
});

Deno.test("RNN maps its weights to PyTorch's layout and back exactly", () => {
  const { rnn } = setup();
  const torch = rnn.toTorch();
  assertEquals(torch.weight_ih.shape, [H, D]);
  assertEquals(torch.weight_hh.shape, [H, H]);
  assert(torch.bias_hh.data.every((v) => v === 0), "the one bias goes to bias_ih");
  const copy = new RNN({ inputSize: D, hiddenSize: H, rng: new Random(99) });
  copy.fromTorch(torch);
  rnn.params.forEach((p, i) => assertEquals(copy.params[i].value.data, p.value.data, p.name));
  // PyTorch's two biases add up: b = bias_ih + bias_hh.
  const split = { ...torch, bias_ih: torch.bias_ih.clone(), bias_hh: torch.bias_ih.clone() };
  split.bias_ih.data.fill(0.25);
  split.bias_hh.data.fill(-0.5);
  copy.fromTorch(split);
  assert(copy.cell.b.value.data.every((v) => v === -0.25));
  assertThrows(
    () => copy.fromTorch({ ...torch, weight_hh: zeros(H, H + 1) }),
    RangeError,
    "rnn weight_hh: expected shape 4×4, got 4×5",
  );
});
