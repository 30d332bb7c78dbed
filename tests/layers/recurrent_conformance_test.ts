/**
 * Every recurrent layer the engine can build — each cell type in `CELLS`,
 * alone, stacked, bidirectional and both — passes the same checks. Adding a
 * cell type to `CELLS` adds it here without a line of test code.
 */

import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  cellNames,
  checkGradients,
  gaussianMatrix,
  makeRecurrent,
  type Matrix,
  numericalGradient,
  Random,
  type RecurrentLayer,
  type RecurrentPass,
  relativeError,
  SequenceBatch,
} from "../../lib/mod.ts";
import { assertGradientsMatch } from "../_helpers.ts";

const T = 5, B = 3, D = 3, H = 4;
const LENGTHS = [5, 2, 4]; // variable lengths: padding after the real steps

const SHAPES = [
  { name: "one layer", numLayers: 1, bidirectional: false },
  { name: "stacked", numLayers: 2, bidirectional: false },
  { name: "bidirectional", numLayers: 1, bidirectional: true },
  { name: "stacked bidirectional", numLayers: 2, bidirectional: true },
];

function build(cell: string, shape: (typeof SHAPES)[number], stateful = false): RecurrentLayer {
  return makeRecurrent({
    cell,
    inputSize: D,
    hiddenSize: H,
    rng: new Random(11),
    numLayers: shape.numLayers,
    bidirectional: shape.bidirectional,
    stateful,
  });
}

function inputs(lengths: number[] = LENGTHS): SequenceBatch {
  return new SequenceBatch(gaussianMatrix(new Random(3), T * B, D), { batchSize: B, lengths });
}

/** A loss that reads every real output and every part of the final state: Σ R ⊙ y + Σ S ⊙ final. */
function projectionLoss(layer: RecurrentLayer, xs: SequenceBatch) {
  const rng = new Random(99);
  const R = gaussianMatrix(rng, xs.rows, layer.outputSize);
  for (let r = 0; r < xs.rows; r++) {
    if (xs.mask[r] === 0) R.data.fill(0, r * R.cols, (r + 1) * R.cols); // padding: no loss
  }
  const S = layer.zeroState(B).map((m) => gaussianMatrix(rng, m.rows, m.cols));
  const dot = (a: Matrix, b: Matrix) => {
    let s = 0;
    for (let i = 0; i < a.size; i++) s += a.data[i] * b.data[i];
    return s;
  };
  const value = (pass: RecurrentPass) =>
    dot(R, pass.ys.data) + pass.final.reduce((s, m, k) => s + dot(S[k], m), 0);
  return { R, S, value };
}

for (const cell of cellNames()) {
  for (const shape of SHAPES) {
    const label = `${cell}, ${shape.name}`;

    Deno.test(`${label}: BPTT gradients (parameters, inputs, initial state) match numerical ones`, () => {
      const layer = build(cell, shape);
      const xs = inputs();
      const h0 = layer.zeroState(B).map((m, k) =>
        gaussianMatrix(new Random(20 + k), m.rows, m.cols, 0.5)
      );
      const { R, S, value } = projectionLoss(layer, xs);
      const f = () => value(layer.forward(xs, h0));
      let grads: ReturnType<RecurrentLayer["backward"]> | undefined;
      const backward = () => (grads = layer.backward(R, layer.forward(xs, h0), S));
      assertGradientsMatch(checkGradients(layer.params, f, backward));
      const dxs = numericalGradient(f, xs.data);
      // Padding rows get no gradient; real rows match the numerical one.
      assert(
        relativeError(grads!.dxs.data, dxs) <= 1e-7,
        `dxs: ${relativeError(grads!.dxs.data, dxs)}`,
      );
      h0.forEach((m, k) => {
        const err = relativeError(grads!.dInitial[k].data, numericalGradient(f, m));
        assert(err <= 1e-7, `d initial ${layer.stateNames[k]}: ${err}`);
      });
    });

    Deno.test(`${label}: padding changes no real output and no final state`, () => {
      const layer = build(cell, shape);
      const xs = inputs();
      const padded = layer.forward(xs);
      // The same batch with different numbers in the padding rows.
      const noisy = xs.data.clone();
      for (let r = 0; r < xs.rows; r++) {
        if (xs.mask[r] === 0) noisy.data.fill(7, r * D, (r + 1) * D);
      }
      const other = layer.forward(xs.with(noisy));
      for (let r = 0; r < xs.rows; r++) {
        if (xs.mask[r] === 0) continue;
        assertEquals(other.ys.data.row(r), padded.ys.data.row(r), `row ${r}`);
      }
      padded.final.forEach((m, k) =>
        assertEquals(other.final[k].data, m.data, layer.stateNames[k])
      );
      // Each sequence alone (no padding) gives the same final state.
      for (let b = 0; b < B; b++) {
        const alone = new SequenceBatch(gaussianMatrix(new Random(3), T * B, D), { batchSize: B });
        const rows = Array.from({ length: LENGTHS[b] }, (_, t) => alone.data.row(t * B + b));
        const single = layer.forward(new SequenceBatch(fromRows(rows), { batchSize: 1 }));
        single.final.forEach((m, k) => {
          const err = relativeError(m.data, padded.final[k].row(b));
          assert(err < 1e-13, `sequence ${b} alone, ${layer.stateNames[k]}: ${err}`);
        });
      }
    });

    Deno.test(`${label}: a pending backward is not disturbed by other forward calls`, () => {
      const layer = build(cell, shape);
      const xs = inputs();
      const { R } = projectionLoss(layer, xs);
      const pass = layer.forward(xs);
      layer.backward(R, pass);
      const expected = layer.params.map((p) => Array.from(p.grad.data));
      for (const p of layer.params) p.grad.zero();
      const pending = layer.forward(xs);
      layer.forward(inputs([1, 5, 3])); // e.g. an evaluation in between
      layer.backward(R, pending);
      layer.params.forEach((p, i) => assertEquals(Array.from(p.grad.data), expected[i], p.name));
    });
  }

  Deno.test(`${cell}: a stateful layer carries its state; an explicit initial state leaves it alone`, () => {
    for (const shape of SHAPES.filter((s) => !s.bidirectional)) {
      const layer = build(cell, shape, true);
      const xs = new SequenceBatch(gaussianMatrix(new Random(5), T * B, D), { batchSize: B });
      const whole = layer.forward(xs).ys.data;
      layer.resetState();
      const first = layer.forward(new SequenceBatch(rowsOf(xs.data, 0, 3 * B), { batchSize: B }));
      const carried = layer.state;
      layer.forward(first.ys.with(gaussianMatrix(new Random(6), 3 * B, D)), layer.zeroState(B));
      assert(
        layer.state === carried,
        "a forward call with an explicit initial state changed the carry",
      );
      const second = layer.forward(
        new SequenceBatch(rowsOf(xs.data, 3 * B, 2 * B), { batchSize: B }),
      );
      assertEquals([...first.ys.data.data, ...second.ys.data.data], [...whole.data], shape.name);
      layer.resetState();
      assertEquals(layer.state, undefined);
    }
  });

  Deno.test(`${cell}: wrong input widths, dtypes and state shapes are refused by name`, () => {
    const layer = build(cell, SHAPES[0]);
    assertThrows(
      () =>
        layer.forward(
          new SequenceBatch(gaussianMatrix(new Random(1), T * B, D + 1), { batchSize: B }),
        ),
      RangeError,
      `expected ${D} float64 features`,
    );
    const bad = layer.zeroState(B + 1);
    assertThrows(() => layer.forward(inputs(), bad), RangeError, `expected ${B}×${H}`);
    const pass = layer.forward(inputs());
    const other = build(cell, SHAPES[0]);
    assertThrows(() => other.backward(pass.ys.data, pass), Error, "made by another layer");
  });
}

Deno.test("a bidirectional layer cannot carry a state", () => {
  assertThrows(
    () =>
      makeRecurrent({
        inputSize: D,
        hiddenSize: H,
        rng: new Random(0),
        bidirectional: true,
        stateful: true,
      }),
    RangeError,
    "cannot be stateful",
  );
});

Deno.test("cells are chosen by name with options; unknown names and options are refused", () => {
  const relu = makeRecurrent({
    cell: { kind: "rnn", activation: "relu" },
    inputSize: D,
    hiddenSize: H,
    rng: new Random(0),
  });
  assertEquals(relu.kind, "rnn");
  assertThrows(
    () => makeRecurrent({ cell: "transformer", inputSize: D, hiddenSize: H, rng: new Random(0) }),
    RangeError,
    `cell must be one of ${cellNames().map((n) => `"${n}"`).join(", ")}, got "transformer"`,
  );
  assertThrows(
    () =>
      makeRecurrent({
        cell: { kind: "rnn", peepholes: true },
        inputSize: D,
        hiddenSize: H,
        rng: new Random(0),
      }),
    RangeError,
    'cell "rnn" has no option "peepholes"',
  );
  const given = makeRecurrent({ cell: "rnn", inputSize: D, hiddenSize: H, rng: new Random(0) });
  assert(makeRecurrent({ cell: given, inputSize: D, hiddenSize: H, rng: new Random(0) }) === given);
  assertThrows(
    () => makeRecurrent({ cell: given, inputSize: D + 1, hiddenSize: H, rng: new Random(0) }),
    RangeError,
    `reads ${D} features, expected ${D + 1}`,
  );
});

function rowsOf(m: Matrix, start: number, count: number): Matrix {
  return fromRows(Array.from({ length: count }, (_, i) => m.row(start + i)));
}

function fromRows(rows: ArrayLike<number>[]): Matrix {
  const out = gaussianMatrix(new Random(0), rows.length, rows[0].length);
  rows.forEach((r, i) => out.data.set(r, i * out.cols));
  return out;
}
