import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  checkCellStep,
  copyGRUCell,
  flipUpdateGate,
  foldResetBias,
  gaussianMatrix,
  GRU,
  GRUCell,
  gruStepWithConvention,
  LSTM,
  LSTMCell,
  Random,
  torchParamCount,
} from "../../lib/mod.ts";

const maxDiff = (a: { data: ArrayLike<number> }, b: { data: ArrayLike<number> }) =>
  Math.max(...Array.from(a.data, (v, i) => Math.abs(v - b.data[i])));

Deno.test("checkCellStep: every LSTM and GRU form passes, a broken backward does not", () => {
  const cells = [
    new LSTMCell({ inputSize: 2, hiddenSize: 3, rng: new Random(1) }),
    new LSTMCell({
      inputSize: 2,
      hiddenSize: 3,
      rng: new Random(1),
      peephole: true,
      coupled: true,
    }),
    new GRUCell({ inputSize: 2, hiddenSize: 3, rng: new Random(1) }),
    new GRUCell({ inputSize: 2, hiddenSize: 3, rng: new Random(1), variant: "cho" }),
  ];
  for (const cell of cells) {
    const results = checkCellStep(cell, { seed: 2 });
    for (const r of results) assert(r.error < 1e-7, `${r.name}: ${r.error}`);
    assertEquals(results.at(-1)!.name, cell instanceof LSTMCell ? "cPrev" : "hPrev");
  }
  const broken = new GRUCell({ inputSize: 2, hiddenSize: 3, rng: new Random(1) });
  const backward = broken.backward.bind(broken);
  broken.backward = (dh, step) => {
    const g = backward(dh, step);
    g.dhPrev.data[0] += 0.1;
    return g;
  };
  assert(checkCellStep(broken).find((r) => r.name === "hPrev")!.error > 1e-3);
});

Deno.test("GRU conventions: flipping z reads the same function the other way", () => {
  const cell = new GRUCell({ inputSize: 2, hiddenSize: 4, rng: new Random(5) });
  cell.b.value.data.set(gaussianMatrix(new Random(6), 1, 12).data);
  const x = gaussianMatrix(new Random(7), 3, 2), h = gaussianMatrix(new Random(8), 3, 4, 0.5);
  const ours = gruStepWithConvention(cell, x, h, "z keeps");
  assertEquals(Array.from(ours.data), Array.from(cell.forward(x, h).h.data));
  assert(maxDiff(ours, gruStepWithConvention(cell, x, h, "z writes")) > 1e-2);
  assert(maxDiff(ours, gruStepWithConvention(flipUpdateGate(cell), x, h, "z writes")) < 1e-15);
});

Deno.test("GRU forms: reset after vs before the product, and folding b_hn, change the outputs", () => {
  const cell = new GRUCell({ inputSize: 2, hiddenSize: 4, rng: new Random(5) });
  cell.bhn!.value.data.set([0.5, -0.3, 0.2, 0.9]);
  const x = gaussianMatrix(new Random(7), 3, 2), h = gaussianMatrix(new Random(8), 3, 4, 0.5);
  const h1 = cell.forward(x, h).h;
  assertEquals(Array.from(copyGRUCell(cell).forward(x, h).h.data), Array.from(h1.data));
  assert(maxDiff(h1, copyGRUCell(cell, "cho").forward(x, h).h) > 1e-3);
  assert(maxDiff(h1, foldResetBias(cell).forward(x, h).h) > 1e-3);
  assertThrows(() => foldResetBias(copyGRUCell(cell, "cho")), RangeError);
});

Deno.test("torchParamCount: PyTorch keeps two biases, so a GRU is exactly 3/4 of an LSTM", () => {
  const lstm = new LSTM({ inputSize: 10, hiddenSize: 20, rng: new Random(0) });
  const gru = new GRU({ inputSize: 10, hiddenSize: 20, rng: new Random(0) });
  assertEquals(torchParamCount(lstm), 4 * (20 * 10 + 20 * 20 + 2 * 20));
  assertEquals(torchParamCount(gru) / torchParamCount(lstm), 0.75);
});
