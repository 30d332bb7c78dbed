import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  gaussianMatrix,
  GRU,
  LSTM,
  numericalGradient,
  Random,
  RNN,
  SequenceBatch,
  spectralNorm,
  stateJacobianNorms,
  zeros,
} from "../../lib/mod.ts";

/** ∂(final state part)/∂(state part d steps back) by finite differences, for a check. */
function numericJacobian(
  layer: LSTM | RNN | GRU,
  inputs: ReturnType<typeof gaussianMatrix>,
  part: number,
  d: number,
) {
  const T = inputs.rows, H = layer.stateSize;
  const full = layer.forward(new SequenceBatch(inputs, { batchSize: 1 }), layer.zeroState(1));
  const start = layer.stateNames.map((n) => {
    const m = zeros(1, H);
    m.data.set(full.trace[n].data.subarray((T - d - 1) * H, (T - d) * H));
    return m;
  });
  const xs = zeros(d, inputs.cols);
  xs.data.set(inputs.data.subarray((T - d) * inputs.cols));
  const J = zeros(H, H);
  for (let i = 0; i < H; i++) {
    const f = () =>
      layer.forward(new SequenceBatch(xs, { batchSize: 1 }), start).final[part].data[i];
    J.data.set(numericalGradient(f, start[part]), i * H);
  }
  return J;
}

Deno.test("stateJacobianNorms: the backward pass gives the finite-difference Jacobian", () => {
  const rng = new Random(3);
  const inputs = gaussianMatrix(rng, 12, 2);
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, rng, stateful: false });
  const rnn = new RNN({ inputSize: 2, hiddenSize: 3, rng, stateful: false });
  const gru = new GRU({ inputSize: 2, hiddenSize: 3, rng, stateful: false });
  for (
    const [layer, state, part] of [[lstm, "c", 1], [lstm, "h", 0], [rnn, "h", 0], [
      gru,
      "h",
      0,
    ]] as const
  ) {
    const rows = stateJacobianNorms({ layer, inputs, state, distances: [0, 1, 6, 11] });
    assertEquals(rows.map((r) => r.distance), [0, 1, 6, 11]);
    assertEquals(rows[0].norm, 1);
    for (const r of rows.slice(1)) {
      const expected = spectralNorm(numericJacobian(layer, inputs, part, r.distance));
      assertAlmostEquals(
        r.norm,
        expected,
        1e-7 * Math.max(1, expected),
        `${layer.kind} ${state} d=${r.distance}`,
      );
    }
  }
});

Deno.test("stateJacobianNorms: the forget-gate product, for the cell state of an LSTM only", () => {
  const rng = new Random(4);
  const inputs = gaussianMatrix(rng, 8, 2);
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, rng, stateful: false });
  const f = lstm.forward(new SequenceBatch(inputs, { batchSize: 1 }), lstm.zeroState(1)).trace.f;
  const [row] = stateJacobianNorms({ layer: lstm, inputs, state: "c", distances: [3] });
  let best = 0;
  for (let i = 0; i < 3; i++) best = Math.max(best, f.get(5, i) * f.get(6, i) * f.get(7, i));
  assertAlmostEquals(row.forgetProduct!, best, 1e-15);
  const [h] = stateJacobianNorms({ layer: lstm, inputs, state: "h", distances: [3] });
  assertEquals(h.forgetProduct, undefined);
  assert(row.norm > 0);
});

Deno.test("stateJacobianNorms: a state part or a distance the layer does not have is refused", () => {
  const rnn = new RNN({ inputSize: 1, hiddenSize: 2, rng: new Random(0), stateful: false });
  const inputs = zeros(4, 1);
  assertThrows(
    () => stateJacobianNorms({ layer: rnn, inputs, state: "c", distances: [1] }),
    RangeError,
    'no "c"',
  );
  assertThrows(
    () => stateJacobianNorms({ layer: rnn, inputs, distances: [4] }),
    RangeError,
    "outside 0 … 3",
  );
});
