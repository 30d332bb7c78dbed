import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  cast,
  checkGradients,
  gaussianMatrix,
  LSTM,
  LSTMCell,
  type LSTMCellOptions,
  makeRecurrent,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
  rowSlice,
  SequenceBatch,
  useKernels,
  zeros,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";
import {
  checkLayer,
  GRADIENT_BOUND,
  maxRelativeDifference,
  randomizeParams,
} from "./_recurrent_checks.ts";

const D = 3, H = 4;

const VARIANTS: Record<string, Partial<LSTMCellOptions>> = {
  plain: {},
  peephole: { peephole: true },
  coupled: { coupled: true },
  "peephole+coupled": { peephole: true, coupled: true },
};

function lstm(options: Partial<LSTMCellOptions> & { stateful?: boolean }, seed = 3): LSTM {
  const layer = new LSTM({ inputSize: D, hiddenSize: H, rng: new Random(seed), ...options });
  randomizeParams(layer, seed + 10);
  return layer;
}

for (const [name, options] of Object.entries(VARIANTS)) {
  Deno.test(`LSTMCell (${name}): one step's gradients match numerical ones`, () => {
    const rng = new Random(4);
    const cell = new LSTMCell({ inputSize: D, hiddenSize: H, rng, ...options });
    for (const p of cell.params) p.value.data.forEach((_, i, a) => (a[i] = 0.5 * rng.gaussian()));
    const B = 2;
    const x = gaussianMatrix(rng, B, D), hPrev = gaussianMatrix(rng, B, H, 0.5);
    const cPrev = gaussianMatrix(rng, B, H);
    const onH = projection(B, H, 5), onC = projection(B, H, 6);
    const f = () => {
      const s = cell.forward(x, hPrev, cPrev);
      return onH.loss(s.h) + onC.loss(s.c);
    };
    let g: ReturnType<LSTMCell["backward"]> | undefined;
    assertGradientsMatch(
      checkGradients(cell.params, f, () => {
        g = cell.backward(onH.grad, onC.grad, cell.forward(x, hPrev, cPrev));
      }),
      GRADIENT_BOUND,
    );
    // dcNext enters where c_t is used: here the loss on c plays its role.
    for (
      const [what, analytic, input] of [["dx", g!.dx, x], ["dhPrev", g!.dhPrev, hPrev], [
        "dcPrev",
        g!.dcPrev,
        cPrev,
      ]] as const
    ) {
      const e = relativeError(analytic.data, numericalGradient(f, input));
      assert(e <= GRADIENT_BOUND, `${what}: ${e.toExponential(2)}`);
    }
  });

  Deno.test(`LSTM (${name}): whole padded sequences, initial state and dFinal match numerical gradients`, () => {
    checkLayer(lstm(options), { steps: 5, lengths: [5, 3, 1] });
    checkLayer(lstm(options, 5), { steps: 4, lengths: [4, 4], initial: false, dFinal: false });
  });
}

Deno.test("LSTM: gradients with a carried state (truncated BPTT) match numerical ones", () => {
  checkLayer(lstm({ stateful: true }), { steps: 4, lengths: [4, 4], carried: true });
  checkLayer(lstm({ peephole: true, stateful: true }), { steps: 3, carried: true });
});

/** Runs the layer, then steps its cell by hand over the same batch; both must agree. */
function compareWithCell(layer: LSTM, T: number, B: number): void {
  const rng = new Random(21);
  const xs = gaussianMatrix(rng, T * B, D);
  const h0 = gaussianMatrix(rng, B, H, 0.5), c0 = gaussianMatrix(rng, B, H);
  const dys = gaussianMatrix(rng, T * B, H);
  const dhT = gaussianMatrix(rng, B, H), dcT = gaussianMatrix(rng, B, H);
  const pass = layer.forward(new SequenceBatch(xs, { batchSize: B }), [h0, c0]);
  for (const p of layer.params) p.grad.zero();
  const g = layer.backward(dys, pass, [dhT, dcT]);
  const fast = layer.params.map((p) => p.grad.clone());

  for (const p of layer.params) p.grad.zero();
  const cell = layer.cell, steps = [];
  let h = h0, c = c0;
  for (let t = 0; t < T; t++) {
    const s = cell.forward(rowSlice(xs, t * B, B), h, c);
    steps.push(s);
    ({ h, c } = s);
    for (const gate of ["i", "f", "g", "o", "c", "h"] as const) {
      const e = maxRelativeDifference(rowSlice(pass.trace[gate], t * B, B).data, s[gate].data);
      assert(e < 1e-14, `${gate} at step ${t}: ${e}`);
    }
  }
  let dh = dhT, dc = dcT;
  const dxs: Matrix[] = [];
  for (let t = T - 1; t >= 0; t--) {
    const dhTotal = rowSlice(dys, t * B, B).clone();
    dhTotal.data.forEach((v, i, a) => (a[i] = v + dh.data[i]));
    const back = cell.backward(dhTotal, dc, steps[t]);
    ({ dhPrev: dh, dcPrev: dc } = back);
    dxs.unshift(back.dx);
  }
  layer.params.forEach((p, k) => {
    const e = maxRelativeDifference(fast[k].data, p.grad.data);
    assert(e < 1e-13, `gradient of ${p.name}: ${e}`);
  });
  const dxByHand = dxs.flatMap((m) => Array.from(m.data));
  assert(maxRelativeDifference(g.dxs.data, dxByHand) < 1e-13, "dxs");
  assert(maxRelativeDifference(g.dInitial[0].data, dh.data) < 1e-13, "dh0");
  assert(maxRelativeDifference(g.dInitial[1].data, dc.data) < 1e-13, "dc0");
}

for (const [name, options] of Object.entries(VARIANTS)) {
  Deno.test(`LSTM (${name}) equals stepping its cell by hand, forward and backward`, () => {
    compareWithCell(lstm(options, 8), 6, 3);
  });
}

Deno.test("LSTM: the forget gate's bias starts at 1 (or as given), the others at 0", () => {
  const b = (options: Partial<LSTMCellOptions>) =>
    Array.from(
      new LSTM({ inputSize: 2, hiddenSize: 2, rng: new Random(0), ...options }).cell.b
        .value.data,
    );
  assertEquals(b({}), [0, 0, 1, 1, 0, 0, 0, 0]);
  assertEquals(b({ forgetBias: 0 }), [0, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(b({ coupled: true }), [1, 1, 0, 0, 0, 0]);
  const names = (options: Partial<LSTMCellOptions>) =>
    new LSTM({ inputSize: 2, hiddenSize: 2, rng: new Random(0), ...options }).params.map((p) =>
      p.name
    );
  assertEquals(names({}), ["Wx", "Wh", "b"]);
  assertEquals(names({ peephole: true }), ["Wx", "Wh", "b", "pi", "pf", "po"]);
  assertEquals(names({ peephole: true, coupled: true }), ["Wx", "Wh", "b", "pf", "po"]);
});

Deno.test("LSTM: the trace holds h, c and the gates; a coupled input gate is 1 − f", () => {
  const layer = lstm({ coupled: true });
  const xs = new SequenceBatch(gaussianMatrix(new Random(2), 8, D), { batchSize: 2 });
  const { trace } = layer.forward(xs);
  assertEquals(Object.keys(trace).sort(), ["c", "f", "g", "h", "i", "o"]);
  trace.i.data.forEach((v, k) => assert(Math.abs(v - (1 - trace.f.data[k])) < 1e-15));
  for (const gate of ["i", "f", "o"]) trace[gate].data.forEach((v) => assert(v > 0 && v < 1));
});

Deno.test("LSTM carries (h, c) between calls when stateful", () => {
  const layer = lstm({ stateful: true });
  const xs = gaussianMatrix(new Random(5), 6 * 2, D);
  const whole = layer.forward(new SequenceBatch(xs, { batchSize: 2 }));
  layer.resetState();
  layer.forward(new SequenceBatch(rowSlice(xs, 0, 6), { batchSize: 2 }));
  const second = layer.forward(new SequenceBatch(rowSlice(xs, 6, 6), { batchSize: 2 }));
  assertEquals(Array.from(second.ys.data.data), Array.from(rowSlice(whole.ys.data, 6, 6).data));
  assertEquals(Array.from(layer.state![1].data), Array.from(whole.final[1].data));
});

Deno.test("LSTM: float32 agrees with float64 (relative 1e-5), with each kernel backend", () => {
  const T = 16, B = 4, Hs = 32, Ds = 8;
  const options = { inputSize: Ds, hiddenSize: Hs, rng: new Random(1), peephole: true };
  const f64 = new LSTM({ ...options, stateful: false });
  const f32 = new LSTM({ ...options, stateful: false, dtype: "float32" });
  randomizeParams(f64, 2, 0.3);
  f32.params.forEach((p, k) => p.value.data.set(f64.params[k].value.data));
  const xs = gaussianMatrix(new Random(3), T * B, Ds);
  const dys = gaussianMatrix(new Random(4), T * B, Hs);
  const run = (layer: LSTM, dtype: "float32" | "float64") => {
    const pass = layer.forward(new SequenceBatch(cast(xs, dtype), { batchSize: B }));
    for (const p of layer.params) p.grad.zero();
    const g = layer.backward(cast(dys, dtype), pass);
    return [pass.ys.data, pass.trace.c, g.dxs, ...layer.params.map((p) => p.grad)];
  };
  const exact = run(f64, "float64");
  for (const backend of ["reference", "wasm"]) {
    const previous = useKernels(backend);
    try {
      const approx = run(f32, "float32");
      approx.forEach((m, k) => {
        const e = maxRelativeDifference(m.data, exact[k].data);
        assert(e < 1e-5, `${backend}: output ${k} differs by ${e.toExponential(2)}`);
      });
    } finally {
      useKernels(previous);
    }
  }
});

Deno.test("LSTM by name: makeRecurrent builds it with options; stacks and both directions check", () => {
  const rng = new Random(9);
  const one = makeRecurrent({
    cell: { kind: "lstm", peephole: true },
    inputSize: D,
    hiddenSize: H,
    rng,
  });
  assertEquals(one.kind, "lstm");
  assertEquals(one.stateNames, ["h", "c"]);
  assertThrows(
    () =>
      makeRecurrent({ cell: { kind: "lstm", variant: "cho" }, inputSize: D, hiddenSize: H, rng }),
    RangeError,
    'has no option "variant"',
  );
  const deep = makeRecurrent({ cell: "lstm", inputSize: D, hiddenSize: H, rng, numLayers: 2 });
  randomizeParams(deep, 1);
  assertEquals(deep.stateNames, ["l0.h", "l0.c", "l1.h", "l1.c"]);
  checkLayer(deep, { steps: 3, lengths: [3, 2] });
  const bi = makeRecurrent({ cell: "lstm", inputSize: D, hiddenSize: H, rng, bidirectional: true });
  randomizeParams(bi, 2);
  checkLayer(bi, { steps: 3, lengths: [3, 1] });
});

Deno.test("LSTM ↔ PyTorch layout: round trip, and variants without a counterpart refuse", () => {
  const a = lstm({}), b = lstm({}, 7);
  b.fromTorch(a.toTorch());
  a.params.forEach((p, k) =>
    assertEquals(Array.from(b.params[k].value.data), Array.from(p.value.data))
  );
  const t = a.toTorch();
  assertEquals([t.weight_ih.rows, t.weight_ih.cols, t.bias_hh.cols], [4 * H, D, 4 * H]);
  assert(t.bias_hh.data.every((v) => v === 0));
  assertThrows(() => lstm({ peephole: true }).toTorch(), RangeError, "peephole");
  assertThrows(() => lstm({ coupled: true }).fromTorch(t), RangeError, "coupled");
  assertThrows(() => a.fromTorch({ ...t, weight_hh: zeros(3 * H, H) }), RangeError, "weight_hh");
});
