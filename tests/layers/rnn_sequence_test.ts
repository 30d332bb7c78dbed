/**
 * The Elman RNN layer now runs its loop over time as one kernel call
 * (`rnnForward`/`rnnBackward`): the same checks as the gated layers.
 */

import { assert } from "@std/assert";
import {
  gaussianMatrix,
  type HiddenActivation,
  makeRecurrent,
  Random,
  RNN,
  rowSlice,
  SequenceBatch,
} from "../../lib/mod.ts";
import { checkLayer, maxRelativeDifference, randomizeParams } from "./_recurrent_checks.ts";

const D = 3, H = 4;

for (const activation of ["tanh", "sigmoid", "relu"] as HiddenActivation[]) {
  for (const recurrent of [true, false]) {
    Deno.test(`RNN (${activation}${recurrent ? "" : ", no recurrence"}): padded sequences, initial and carried state, dFinal`, () => {
      const make = (seed: number) => {
        const rnn = new RNN({
          inputSize: D,
          hiddenSize: H,
          rng: new Random(seed),
          activation,
          recurrent,
        });
        randomizeParams(rnn, seed);
        if (!recurrent) rnn.cell.Whh.value.zero();
        return rnn;
      };
      checkLayer(make(1), { steps: 5, lengths: [5, 3, 1] });
      checkLayer(make(2), { steps: 4, carried: true });
    });
  }
}

Deno.test("RNN equals stepping its cell by hand, forward and backward", () => {
  const rnn = new RNN({ inputSize: D, hiddenSize: H, rng: new Random(3) });
  const T = 6, B = 2, rng = new Random(4);
  const xs = gaussianMatrix(rng, T * B, D), h0 = gaussianMatrix(rng, B, H);
  const dys = gaussianMatrix(rng, T * B, H);
  const pass = rnn.forward(new SequenceBatch(xs, { batchSize: B }), [h0]);
  const g = rnn.backward(dys, pass);
  const fast = rnn.params.map((p) => p.grad.clone());
  for (const p of rnn.params) p.grad.zero();
  const steps = [];
  let h = h0;
  for (let t = 0; t < T; t++) {
    steps.push(rnn.cell.forward(rowSlice(xs, t * B, B), h));
    h = steps[t].h;
    assert(maxRelativeDifference(rowSlice(pass.ys.data, t * B, B).data, h.data) < 1e-14);
  }
  let dh = gaussianMatrix(rng, B, H).zero();
  for (let t = T - 1; t >= 0; t--) {
    const dhTotal = rowSlice(dys, t * B, B).clone();
    dhTotal.data.forEach((v, i, a) => (a[i] = v + dh.data[i]));
    dh = rnn.cell.backward(dhTotal, steps[t]).dhPrev;
  }
  rnn.params.forEach((p, k) => assert(maxRelativeDifference(fast[k].data, p.grad.data) < 1e-13));
  assert(maxRelativeDifference(g.dInitial[0].data, dh.data) < 1e-13);
});

Deno.test("RNN, LSTM, GRU: backward leaves dys and the pass alone (a second backward adds the same)", () => {
  for (const cell of ["rnn", "lstm", "gru"]) {
    const layer = makeRecurrent({
      cell,
      inputSize: D,
      hiddenSize: H,
      rng: new Random(4),
      stateful: false,
    });
    const rng = new Random(5);
    const pass = layer.forward(new SequenceBatch(gaussianMatrix(rng, 12, D), { batchSize: 3 }));
    const dys = gaussianMatrix(rng, 12, H), before = Array.from(dys.data);
    for (const p of layer.params) p.grad.zero();
    const first = layer.backward(dys, pass);
    const once = layer.params.map((p) => Array.from(p.grad.data));
    const second = layer.backward(dys, pass);
    assert(before.every((v, i) => v === dys.data[i]), `${cell}: dys changed`);
    assert(Array.from(first.dxs.data).every((v, i) => v === second.dxs.data[i]), `${cell}: dxs`);
    layer.params.forEach((p, k) =>
      p.grad.data.forEach((g, i) => assert(Math.abs(g - 2 * once[k][i]) <= 1e-12 * Math.abs(g)))
    );
  }
});
