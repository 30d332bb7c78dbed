import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import {
  cast,
  checkGradients,
  gaussianMatrix,
  GRU,
  GRUCell,
  type GRUVariant,
  makeRecurrent,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
  rowSlice,
  SequenceBatch,
  useKernels,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";
import {
  checkLayer,
  GRADIENT_BOUND,
  maxRelativeDifference,
  randomizeParams,
} from "./_recurrent_checks.ts";

const D = 3, H = 4;
const VARIANTS: GRUVariant[] = ["pytorch", "cho"];

function gru(variant: GRUVariant, seed = 3, stateful = true): GRU {
  const layer = new GRU({ inputSize: D, hiddenSize: H, rng: new Random(seed), variant, stateful });
  randomizeParams(layer, seed + 10);
  return layer;
}

for (const variant of VARIANTS) {
  Deno.test(`GRUCell (${variant}): one step's gradients match numerical ones`, () => {
    const rng = new Random(4);
    const cell = new GRUCell({ inputSize: D, hiddenSize: H, rng, variant });
    for (const p of cell.params) p.value.data.forEach((_, i, a) => (a[i] = 0.5 * rng.gaussian()));
    const B = 2;
    const x = gaussianMatrix(rng, B, D), hPrev = gaussianMatrix(rng, B, H, 0.5);
    const { loss, grad } = projection(B, H, 5);
    const f = () => loss(cell.forward(x, hPrev).h);
    let g: ReturnType<GRUCell["backward"]> | undefined;
    assertGradientsMatch(
      checkGradients(cell.params, f, () => (g = cell.backward(grad, cell.forward(x, hPrev)))),
      GRADIENT_BOUND,
    );
    for (
      const [what, analytic, input] of [["dx", g!.dx, x], ["dhPrev", g!.dhPrev, hPrev]] as const
    ) {
      const e = relativeError(analytic.data, numericalGradient(f, input));
      assert(e <= GRADIENT_BOUND, `${what}: ${e.toExponential(2)}`);
    }
  });

  Deno.test(`GRU (${variant}): whole padded sequences, initial state and dFinal match numerical gradients`, () => {
    checkLayer(gru(variant), { steps: 5, lengths: [5, 3, 1] });
    checkLayer(gru(variant, 5), { steps: 4, lengths: [4, 4], initial: false, dFinal: false });
    checkLayer(gru(variant, 6), { steps: 4, lengths: [4, 2], carried: true });
  });

  Deno.test(`GRU (${variant}) equals stepping its cell by hand, forward and backward`, () => {
    const layer = gru(variant, 8), T = 6, B = 3;
    const rng = new Random(21);
    const xs = gaussianMatrix(rng, T * B, D), h0 = gaussianMatrix(rng, B, H, 0.5);
    const dys = gaussianMatrix(rng, T * B, H), dhT = gaussianMatrix(rng, B, H);
    const pass = layer.forward(new SequenceBatch(xs, { batchSize: B }), [h0]);
    for (const p of layer.params) p.grad.zero();
    const g = layer.backward(dys, pass, [dhT]);
    const fast = layer.params.map((p) => p.grad.clone());

    for (const p of layer.params) p.grad.zero();
    const steps = [];
    let h = h0;
    for (let t = 0; t < T; t++) {
      const s = layer.cell.forward(rowSlice(xs, t * B, B), h);
      steps.push(s);
      h = s.h;
      for (const gate of ["r", "z", "n", "h"] as const) {
        const e = maxRelativeDifference(rowSlice(pass.trace[gate], t * B, B).data, s[gate].data);
        assert(e < 1e-14, `${gate} at step ${t}: ${e}`);
      }
    }
    let dh = dhT;
    const dxs: Matrix[] = [];
    for (let t = T - 1; t >= 0; t--) {
      const dhTotal = rowSlice(dys, t * B, B).clone();
      dhTotal.data.forEach((v, i, a) => (a[i] = v + dh.data[i]));
      const back = layer.cell.backward(dhTotal, steps[t]);
      dh = back.dhPrev;
      dxs.unshift(back.dx);
    }
    layer.params.forEach((p, k) => {
      const e = maxRelativeDifference(fast[k].data, p.grad.data);
      assert(e < 1e-13, `gradient of ${p.name}: ${e}`);
    });
    assert(maxRelativeDifference(g.dxs.data, dxs.flatMap((m) => Array.from(m.data))) < 1e-13);
    assert(maxRelativeDifference(g.dInitial[0].data, dh.data) < 1e-13, "dh0");
  });

  Deno.test(`GRU (${variant}): float32 agrees with float64 (relative 1e-5), with each kernel backend`, () => {
    const T = 16, B = 4, Hs = 32, Ds = 8;
    const options = { inputSize: Ds, hiddenSize: Hs, rng: new Random(1), variant, stateful: false };
    const f64 = new GRU(options);
    const f32 = new GRU({ ...options, dtype: "float32" });
    randomizeParams(f64, 2, 0.3);
    f32.params.forEach((p, k) => p.value.data.set(f64.params[k].value.data));
    const xs = gaussianMatrix(new Random(3), T * B, Ds);
    const dys = gaussianMatrix(new Random(4), T * B, Hs);
    const run = (layer: GRU, dtype: "float32" | "float64") => {
      const pass = layer.forward(new SequenceBatch(cast(xs, dtype), { batchSize: B }));
      for (const p of layer.params) p.grad.zero();
      const g = layer.backward(cast(dys, dtype), pass);
      return [pass.ys.data, pass.trace.r, g.dxs, ...layer.params.map((p) => p.grad)];
    };
    const exact = run(f64, "float64");
    for (const backend of ["reference", "wasm"]) {
      const previous = useKernels(backend);
      try {
        run(f32, "float32").forEach((m, k) => {
          const e = maxRelativeDifference(m.data, exact[k].data);
          assert(e < 1e-5, `${backend}: output ${k} differs by ${e.toExponential(2)}`);
        });
      } finally {
        useKernels(previous);
      }
    }
  });
}

Deno.test("GRU: parameters by variant; PyTorch's b_hn is its own parameter and cannot be folded", () => {
  assertEquals(gru("pytorch").params.map((p) => p.name), ["Wx", "Wh", "b", "bhn"]);
  assertEquals(gru("cho").params.map((p) => p.name), ["Wx", "Wh", "b"]);
  // Moving b_hn into b's n block changes the outputs wherever r ≠ 1.
  const a = gru("pytorch", 4, false), folded = gru("pytorch", 4, false);
  const H2 = 2 * H;
  for (let j = 0; j < H; j++) {
    folded.cell.b.value.data[H2 + j] += folded.cell.bhn!.value.data[j];
    folded.cell.bhn!.value.data[j] = 0;
  }
  const xs = new SequenceBatch(gaussianMatrix(new Random(1), 6, D), { batchSize: 2 });
  assertNotEquals(
    Array.from(a.forward(xs).ys.data.data),
    Array.from(folded.forward(xs).ys.data.data),
  );
});

Deno.test("GRU: the two variants differ, and z = 1 keeps the state", () => {
  const xs = new SequenceBatch(gaussianMatrix(new Random(1), 6, D), { batchSize: 2 });
  const p = gru("pytorch", 4, false), c = gru("cho", 4, false);
  c.params.forEach((q, k) => q.value.data.set(p.params[k].value.data));
  assertNotEquals(Array.from(p.forward(xs).ys.data.data), Array.from(c.forward(xs).ys.data.data));
  // A huge z bias: h_t = h_{t−1} = h_0.
  p.cell.b.value.data.fill(50, H, 2 * H);
  const h0 = gaussianMatrix(new Random(2), 2, H);
  const pass = p.forward(xs, [h0]);
  pass.final[0].data.forEach((v, i) => assert(Math.abs(v - h0.data[i]) < 1e-12));
});

Deno.test("GRU by name: makeRecurrent with the variant; stacks and both directions check", () => {
  const rng = new Random(9);
  const cho = makeRecurrent({
    cell: { kind: "gru", variant: "cho" },
    inputSize: D,
    hiddenSize: H,
    rng,
  });
  assertEquals(cho.params.length, 3);
  assertThrows(
    () =>
      makeRecurrent({
        cell: { kind: "gru", variant: "bogus" as GRUVariant },
        inputSize: D,
        hiddenSize: H,
        rng,
      }),
    RangeError,
    "variant",
  );
  const deep = makeRecurrent({ cell: "gru", inputSize: D, hiddenSize: H, rng, numLayers: 2 });
  randomizeParams(deep, 1);
  checkLayer(deep, { steps: 3, lengths: [3, 2] });
  const bi = makeRecurrent({
    cell: { kind: "gru", variant: "cho" },
    inputSize: D,
    hiddenSize: H,
    rng,
    bidirectional: true,
  });
  randomizeParams(bi, 2);
  checkLayer(bi, { steps: 3, lengths: [3, 1] });
});

Deno.test("GRU ↔ PyTorch layout: exact round trip with b_hn apart; Cho's form refuses", () => {
  const a = gru("pytorch"), b = gru("pytorch", 7);
  b.fromTorch(a.toTorch());
  a.params.forEach((p, k) =>
    assertEquals(Array.from(b.params[k].value.data), Array.from(p.value.data))
  );
  const t = a.toTorch();
  assertEquals(Array.from(t.bias_hh.data.subarray(2 * H)), Array.from(a.cell.bhn!.value.data));
  assert(t.bias_hh.data.subarray(0, 2 * H).every((v) => v === 0));
  assertThrows(() => gru("cho").toTorch(), RangeError, "Cho");
});
