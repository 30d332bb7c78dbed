import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  columnFormStep,
  explainStep,
  maxAbsDifference,
  unitsOfConstantSign,
  unrollCost,
  unrolledDiagram,
} from "../../lib/analysis/rnn_basics.ts";
import {
  countParams,
  fromArray,
  gaussianMatrix,
  LanguageModel,
  Random,
  RNNCell,
  transpose,
} from "../../lib/mod.ts";

Deno.test("columnFormStep: the textbook sums, element by element", () => {
  // h = tanh(W_hh h + W_xh x + b) for one column, computed by hand.
  const W_xh = fromArray([[1, 2], [0, -1]]);
  const W_hh = fromArray([[0.5, 0], [0.25, 1]]);
  const b = fromArray([[0.1], [-0.2]]);
  const x = fromArray([[1], [0.5]]);
  const h = fromArray([[2], [-1]]);
  const out = columnFormStep({ W_xh, W_hh, b }, x, h);
  assertEquals(out.shape, [2, 1]);
  assertAlmostEquals(out.get(0, 0), Math.tanh(0.5 * 2 + (1 + 2 * 0.5) + 0.1), 1e-15);
  assertAlmostEquals(out.get(1, 0), Math.tanh(0.25 * 2 - 1 + (-0.5) - 0.2), 1e-15);
  const relu = columnFormStep({ W_xh, W_hh, b }, x, h, "relu");
  assertEquals(relu.get(1, 0), 0);
});

for (const activation of ["tanh", "sigmoid", "relu"] as const) {
  Deno.test(`columnFormStep (${activation}) equals the engine's row form with transposed weights`, () => {
    const rng = new Random(4);
    const cell = new RNNCell({ inputSize: 3, hiddenSize: 5, rng, activation });
    cell.b.value.copyFrom(gaussianMatrix(rng, 1, 5));
    const x = gaussianMatrix(rng, 7, 3), hPrev = gaussianMatrix(rng, 7, 5);
    const rows = cell.forward(x, hPrev).h; // [batch × hidden]
    const cols = columnFormStep(
      {
        W_xh: transpose(cell.Wxh.value),
        W_hh: transpose(cell.Whh.value),
        b: transpose(cell.b.value),
      },
      transpose(x),
      transpose(hPrev),
      activation,
    ); // [hidden × batch]
    assertEquals(cols.shape, [5, 7]);
    assert(maxAbsDifference(transpose(cols), rows) < 1e-14);
  });
}

Deno.test("columnFormStep: names the offending shape", () => {
  const W = fromArray([[1, 0], [0, 1]]);
  assertThrows(
    () => columnFormStep({ W_xh: W, W_hh: W, b: fromArray([[0, 0]]) }, W, W),
    RangeError,
    "columnFormStep b",
  );
});

Deno.test("maxAbsDifference: largest elementwise gap, shape checked", () => {
  assertEquals(maxAbsDifference(fromArray([[1, -2]]), fromArray([[1.5, 1]])), 3);
  assertThrows(() => maxAbsDifference(fromArray([[1]]), fromArray([[1, 2]])), RangeError);
});

Deno.test("explainStep: one line per unit whose numbers are the cell's", () => {
  const cell = new RNNCell({ inputSize: 2, hiddenSize: 2, rng: new Random(0) });
  cell.Wxh.value.copyFrom(fromArray([[0.5, -1], [0.25, 0]]));
  cell.Whh.value.copyFrom(fromArray([[1, 0], [0, 2]]));
  cell.b.value.copyFrom(fromArray([[0.1, 0]]));
  const x = fromArray([[1, 2]]), hPrev = fromArray([[0.5, -0.25]]);
  const lines = explainStep(cell, x, hPrev);
  assertEquals(lines.length, 2);
  // a_1 = 1·0.5 + 2·0.25 + 0.5·1 + (−0.25)·0 + 0.1 = 1.6
  assertEquals(
    lines[0],
    "unit 1: a = 1.00·0.50 + 2.00·0.25 + 0.50·1.00 + (-0.25)·0.00 + 0.10 = 1.600\n" +
      `        h = tanh(1.600) = ${Math.tanh(1.6).toFixed(3)}`,
  );
  const h = cell.forward(x, hPrev).h;
  assert(lines[1].endsWith(`= ${h.get(0, 1).toFixed(3)}`));
  assert(lines[1].includes("= -1.500\n"), lines[1]); // −1 + 0 + 0 − 0.5 + 0
});

Deno.test("unrollCost: parameters fixed, stored states grow with the length", () => {
  const lm = new LanguageModel({ vocabSize: 6, hiddenSize: 4, seed: 2 });
  const costs = unrollCost(lm, [5, 50, 500]);
  assertEquals(costs.map((c) => c.length), [5, 50, 500]);
  for (const c of costs) {
    assertEquals(c.parameters, countParams(lm.params));
    assertEquals(c.hiddenValues, c.length * 4);
  }
  // 6·4 + 4·4 + 4 (RNN) + 4·6 + 6 (head)
  assertEquals(costs[0].parameters, 74);
  assertEquals(lm.state, undefined);
  assertThrows(() => unrollCost(lm, [0]), RangeError);
});

Deno.test("unrolledDiagram: one copy of the cell per step, an SVG figure", () => {
  const fig = unrolledDiagram(3);
  assertEquals(fig.kind, "svg");
  assertEquals(fig.markup.match(/<rect [^>]*rx="8"/g)?.length, 1 + 3); // folded + 3 copies
  assert(fig.markup.includes(">3</tspan>") && !fig.markup.includes(">4</tspan>"));
  assertThrows(() => unrolledDiagram(0), RangeError);
});

Deno.test("unitsOfConstantSign: units whose sign never changes from a given step", () => {
  const states = fromArray([
    [0.5, -0.1, 0.2, 0],
    [-0.5, -0.3, 0.4, 0],
    [-0.7, -0.2, 0.1, 0],
  ]);
  assertEquals(unitsOfConstantSign(states), [1, 2]); // a zero unit has no sign
  assertEquals(unitsOfConstantSign(states, 1), [0, 1, 2]);
  assertThrows(() => unitsOfConstantSign(states, 3), RangeError);
});
