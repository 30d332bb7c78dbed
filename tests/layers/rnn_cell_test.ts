import { assertAlmostEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  fromArray,
  gaussianMatrix,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
  RNNCell,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

for (const activation of ["tanh", "sigmoid", "relu"] as const) {
  Deno.test(`RNNCell (${activation}) backward matches numerical gradients`, () => {
    const rng = new Random(1);
    const cell = new RNNCell({ inputSize: 3, hiddenSize: 4, rng, activation });
    const x = gaussianMatrix(rng, 2, 3);
    const hPrev = gaussianMatrix(rng, 2, 4, 0.5);
    const { loss, grad } = projection(2, 4);
    let dx: Matrix | undefined, dhPrev: Matrix | undefined;
    const results = checkGradients(
      cell.params,
      () => loss(cell.forward(x, hPrev).h),
      () => ({ dx, dhPrev } = cell.backward(grad, cell.forward(x, hPrev))),
    );
    assertGradientsMatch(results);
    // Input gradients too: x and hPrev are inputs, not parameters.
    const f = () => loss(cell.forward(x, hPrev).h);
    if (!dx || !dhPrev) throw new Error("backward did not run");
    assertGradientsMatch([
      { name: "x", error: relativeError(dx.data, numericalGradient(f, x)), entries: x.size },
      {
        name: "hPrev",
        error: relativeError(dhPrev.data, numericalGradient(f, hPrev)),
        entries: hPrev.size,
      },
    ]);
  });
}

Deno.test("RNNCell computes h = tanh(x·Wxh + hPrev·Whh + b) on a hand example", () => {
  const cell = new RNNCell({ inputSize: 1, hiddenSize: 1, rng: new Random(0) });
  cell.Wxh.value.data[0] = 0.5;
  cell.Whh.value.data[0] = -2;
  cell.b.value.data[0] = 0.25;
  const { h } = cell.forward(fromArray([[2]]), fromArray([[0.1]]));
  assertAlmostEquals(h.get(0, 0), Math.tanh(0.5 * 2 - 2 * 0.1 + 0.25), 1e-15);
});

Deno.test("RNNCell rejects bad sizes, activations and shapes with precise messages", () => {
  const rng = new Random(0);
  assertThrows(
    () => new RNNCell({ inputSize: 0, hiddenSize: 4, rng }),
    RangeError,
    "inputSize must be a positive integer, got 0",
  );
  assertThrows(
    () => new RNNCell({ inputSize: 2, hiddenSize: 2.5, rng }),
    RangeError,
    "hiddenSize must be a positive integer, got 2.5",
  );
  assertThrows(
    // @ts-expect-error: an activation the cell does not support
    () => new RNNCell({ inputSize: 2, hiddenSize: 2, rng, activation: "softplus" }),
    RangeError,
    'activation must be one of tanh, sigmoid, relu, got "softplus"',
  );
  const cell = new RNNCell({ inputSize: 3, hiddenSize: 4, rng });
  assertThrows(
    () => cell.forward(gaussianMatrix(rng, 2, 5), gaussianMatrix(rng, 2, 4)),
    RangeError,
    "RNNCell input x: expected shape 2×3, got 2×5",
  );
  assertThrows(
    () => cell.forward(gaussianMatrix(rng, 2, 3), gaussianMatrix(rng, 1, 4)),
    RangeError,
    "expected shape 2×4, got 1×4",
  );
});
