import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  gaussianMatrix,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
  TimeRNN,
} from "../../lib/mod.ts";
import { StackedRNN } from "../../lib/layers/stacked.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

const T = 4, B = 3, D = 2, H = 3;
const lengths = [4, 2, 1];

for (const bidirectional of [false, true]) {
  const kind = bidirectional ? "bidirectional" : "unidirectional";
  Deno.test(`StackedRNN (2 ${kind} layers): gradients with padding match numerical ones`, () => {
    const rng = new Random(6);
    const deep = new StackedRNN({ inputSize: D, hiddenSize: H, numLayers: 2, bidirectional, rng });
    const xs = gaussianMatrix(rng, T * B, D);
    const { loss, grad } = projection(T * B, deep.outputSize);
    let dxs: Matrix | undefined;
    const f = () => loss(deep.forward(xs, B, lengths));
    assertGradientsMatch(checkGradients(deep.params, f, () => {
      deep.forward(xs, B, lengths);
      dxs = deep.backward(grad);
    }));
    assert(relativeError(dxs!.data, numericalGradient(f, xs)) <= 1e-7, "dxs");
  });
}

Deno.test("StackedRNN names parameters per layer, plainly when there is one layer", () => {
  const make = (numLayers: number, bidirectional = false) =>
    new StackedRNN({ inputSize: D, hiddenSize: H, numLayers, bidirectional, rng: new Random(0) })
      .params.map((p) => p.name);
  assertEquals(make(1), ["Wxh", "Whh", "b"]);
  assertEquals(make(2), ["l0.Wxh", "l0.Whh", "l0.b", "l1.Wxh", "l1.Whh", "l1.b"]);
  assertEquals(make(1, true), ["fwd.Wxh", "fwd.Whh", "fwd.b", "bwd.Wxh", "bwd.Whh", "bwd.b"]);
  assertEquals(make(2, true)[6], "l1.fwd.Wxh");
  const bi = new StackedRNN({
    inputSize: D,
    hiddenSize: H,
    numLayers: 2,
    bidirectional: true,
    rng: new Random(0),
  });
  // Layer 1 reads both directions of layer 0: 2H inputs.
  assertEquals(bi.params[6].value.shape, [2 * H, H]);
  assertEquals(bi.outputSize, 2 * H);
});

Deno.test("StackedRNN: layer l's states are layer l+1's inputs (equals two TimeRNNs by hand)", () => {
  const rng = new Random(8);
  const deep = new StackedRNN({ inputSize: D, hiddenSize: H, numLayers: 2, rng });
  const xs = gaussianMatrix(rng, T * B, D);
  const top = deep.forward(xs, B);
  const copy = (from: number) =>
    new TimeRNN({ inputSize: from, hiddenSize: H, rng: new Random(0), stateful: false });
  const r0 = copy(D), r1 = copy(H);
  const p = deep.params;
  [...r0.params, ...r1.params].forEach((q, i) => q.value.copyFrom(p[i].value));
  const byHand = r1.forward(r0.forward(xs, B), B);
  assertEquals(Array.from(top.data), Array.from(byHand.data));
});

Deno.test("StackedRNN rejects a bad layer count and lengths longer than the batch", () => {
  assertThrows(
    () => new StackedRNN({ inputSize: D, hiddenSize: H, numLayers: 0, rng: new Random(0) }),
    RangeError,
    "numLayers must be a positive integer, got 0",
  );
  const deep = new StackedRNN({ inputSize: D, hiddenSize: H, rng: new Random(0) });
  assertThrows(
    () => deep.forward(gaussianMatrix(new Random(1), T * B, D), B, [5, 1, 1]),
    RangeError,
    "length 5 of sequence 0 is longer than the 4 padded steps",
  );
});
