/**
 * What the stacked and bidirectional wrappers add on top of the checks every
 * recurrent layer passes (recurrent_conformance_test.ts): parameter names,
 * equality with the layers run by hand, and their own refusals.
 */

import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Bidirectional,
  gaussianMatrix,
  makeRecurrent,
  type Matrix,
  Random,
  relativeError,
  RNN,
  SequenceBatch,
  Stacked,
  zeros,
} from "../../lib/mod.ts";

const T = 5, B = 3, D = 3, H = 4;
const lengths = [5, 2, 4];

const rnn = (inputSize: number, stateful = false) =>
  new RNN({ inputSize, hiddenSize: H, rng: new Random(0), stateful });

function names(numLayers: number, bidirectional = false): string[] {
  return makeRecurrent({
    inputSize: D,
    hiddenSize: H,
    numLayers,
    bidirectional,
    rng: new Random(0),
  })
    .params.map((p) => p.name);
}

Deno.test("parameters are named per layer and direction, plainly when there is one layer", () => {
  assertEquals(names(1), ["Wxh", "Whh", "b"]);
  assertEquals(names(2), ["l0.Wxh", "l0.Whh", "l0.b", "l1.Wxh", "l1.Whh", "l1.b"]);
  assertEquals(names(1, true), ["fwd.Wxh", "fwd.Whh", "fwd.b", "bwd.Wxh", "bwd.Whh", "bwd.b"]);
  assertEquals(names(2, true)[6], "l1.fwd.Wxh");
  const bi = makeRecurrent({
    inputSize: D,
    hiddenSize: H,
    numLayers: 2,
    bidirectional: true,
    rng: new Random(0),
  });
  // Layer 1 reads both directions of layer 0: 2H inputs.
  assertEquals(bi.params[6].value.shape, [2 * H, H]);
  assertEquals(bi.outputSize, 2 * H);
  assertEquals(bi.stateNames, ["l0.fwd.h", "l0.bwd.h", "l1.fwd.h", "l1.bwd.h"]);
});

Deno.test("Stacked: layer l's outputs are layer l+1's inputs (equals two RNNs by hand)", () => {
  const deep = new Stacked([rnn(D), rnn(H)], { stateful: false });
  deep.params.forEach((p, i) =>
    p.value.copyFrom(gaussianMatrix(new Random(i), p.value.rows, p.value.cols))
  );
  const xs = new SequenceBatch(gaussianMatrix(new Random(8), T * B, D), { batchSize: B });
  const top = deep.forward(xs).ys.data;
  const [r0, r1] = [rnn(D), rnn(H)];
  [...r0.params, ...r1.params].forEach((q, i) => q.value.copyFrom(deep.params[i].value));
  const byHand = r1.forward(r0.forward(xs).ys).ys.data;
  assertEquals(Array.from(top.data), Array.from(byHand.data));
});

Deno.test("Stacked refuses no layers, layers that do not fit and mixed dtypes", () => {
  assertThrows(() => new Stacked([]), RangeError, "needs at least one layer");
  assertThrows(
    () => new Stacked([rnn(D), rnn(D)]),
    RangeError,
    "layer 1 reads 3 features but layer 0 outputs 4",
  );
  const f32 = new RNN({ inputSize: H, hiddenSize: H, rng: new Random(0), dtype: "float32" });
  assertThrows(() => new Stacked([rnn(D), f32]), TypeError, "layer 1 is float32, layer 0 float64");
  assertThrows(
    () => makeRecurrent({ inputSize: D, hiddenSize: H, numLayers: 0, rng: new Random(0) }),
    RangeError,
    "numLayers must be an integer ≥ 1, got 0",
  );
});

Deno.test("Bidirectional equals two RNNs run by hand on each real sequence", () => {
  const birnn = new Bidirectional(rnn(D), rnn(D));
  birnn.params.forEach((p, i) =>
    p.value.copyFrom(gaussianMatrix(new Random(i), p.value.rows, p.value.cols))
  );
  const xs = new SequenceBatch(gaussianMatrix(new Random(5), T * B, D), { batchSize: B, lengths });
  const ys = birnn.forward(xs).ys.data;
  for (let b = 0; b < B; b++) {
    const n = lengths[b];
    // Sequence b alone, without padding, as a batch of one, and reversed.
    const seq = zeros(n, D), reversed = zeros(n, D);
    for (let t = 0; t < n; t++) seq.data.set(xs.data.row(t * B + b), t * D);
    for (let t = 0; t < n; t++) reversed.data.set(seq.row(n - 1 - t), t * D);
    const single = (layer: RNN, x: Matrix) =>
      layer.forward(new SequenceBatch(x, { batchSize: 1 })).ys.data;
    const hf = single(birnn.forwardLayer as RNN, seq),
      hb = single(birnn.backwardLayer as RNN, reversed);
    for (let t = 0; t < n; t++) {
      const y = Array.from(ys.row(t * B + b));
      assert(relativeError(y.slice(0, H), hf.row(t)) < 1e-14, `forward half, b=${b} t=${t}`);
      // The right-to-left state at t has read tokens n−1 … t: step n−1−t of the reversed run.
      assert(relativeError(y.slice(H), hb.row(n - 1 - t)) < 1e-14, `backward half, b=${b} t=${t}`);
    }
  }
});

Deno.test("Bidirectional refuses stateful or mismatched layers, a carried state and a wrong gradient", () => {
  assertThrows(() => new Bidirectional(rnn(D, true), rnn(D)), RangeError, "must be stateless");
  assertThrows(() => new Bidirectional(rnn(D), rnn(D + 1)), RangeError, "the two layers differ");
  const birnn = new Bidirectional(rnn(D), rnn(D));
  assertThrows(() => (birnn.stateful = true), RangeError, "cannot be stateful");
  const xs = new SequenceBatch(gaussianMatrix(new Random(1), T * B, D), { batchSize: B });
  const pass = birnn.forward(xs);
  assertThrows(
    () => birnn.backward(zeros(T * B, H), pass),
    RangeError,
    "expected 8 columns, got 4",
  );
});
