import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { type DType, Matrix } from "../../lib/core/matrix.ts";
import { activate, addBias, matmul } from "../../lib/core/ops.ts";
import { gaussianMatrix, Random } from "../../lib/random.ts";
import {
  loadPyTorchRNN,
  PYTORCH_GATES,
  rnnFromPyTorch,
  rnnToPyTorch,
  type RNNWeights,
  savePyTorchRNN,
} from "../../lib/io/pytorch.ts";
import { decodeSafetensors, type Tensor } from "../../lib/io/safetensors.ts";

const INPUT = 3;
const HIDDEN = 4;

function weights(dtype: DType, seed = 1): RNNWeights {
  const rng = new Random(seed);
  return {
    Wxh: gaussianMatrix(rng, INPUT, HIDDEN, 0.5, dtype),
    Whh: gaussianMatrix(rng, HIDDEN, HIDDEN, 0.5, dtype),
    b: gaussianMatrix(rng, 1, HIDDEN, 0.5, dtype),
  };
}

function sameBits(a: Matrix, b: Matrix, what: string): void {
  assertEquals(a.shape, b.shape, what);
  assertEquals(a.dtype, b.dtype, what);
  const bytes = (m: Matrix) => new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  assertEquals(bytes(a), bytes(b), what);
}

Deno.test("export transposes the weights and writes 1-D biases (b, zeros)", () => {
  const w = weights("float64");
  const t = rnnToPyTorch(w);
  assertEquals(Object.keys(t).sort(), [
    "bias_hh_l0",
    "bias_ih_l0",
    "weight_hh_l0",
    "weight_ih_l0",
  ]);
  assertEquals(t.weight_ih_l0.shape, [HIDDEN, INPUT]);
  assertEquals(t.weight_hh_l0.shape, [HIDDEN, HIDDEN]);
  assertEquals(t.bias_ih_l0.shape, [HIDDEN]);
  assertEquals(t.bias_hh_l0.shape, [HIDDEN]);
  for (let i = 0; i < INPUT; i++) {
    for (let j = 0; j < HIDDEN; j++) {
      assertEquals(t.weight_ih_l0.data[j * INPUT + i], w.Wxh.get(i, j), `W_ih[${j}][${i}]`);
    }
  }
  for (let i = 0; i < HIDDEN; i++) {
    for (let j = 0; j < HIDDEN; j++) {
      assertEquals(t.weight_hh_l0.data[j * HIDDEN + i], w.Whh.get(i, j), `W_hh[${j}][${i}]`);
    }
  }
  assertEquals(Array.from(t.bias_ih_l0.data), Array.from(w.b.data));
  assertEquals(Array.from(t.bias_hh_l0.data), [0, 0, 0, 0]);
  assert(w.Whh.get(0, 1) !== w.Whh.get(1, 0), "Whh is not symmetric, so the transpose shows");
});

for (const dtype of ["float32", "float64"] as const) {
  Deno.test(`ours → PyTorch → ours is bit-exact (${dtype})`, () => {
    const w = weights(dtype);
    const t = rnnToPyTorch(w);
    for (const tensor of Object.values(t)) assertEquals(tensor.dtype, dtype);
    const back = rnnFromPyTorch(t);
    sameBits(back.Wxh, w.Wxh, "Wxh");
    sameBits(back.Whh, w.Whh, "Whh");
    sameBits(back.b, w.b, "b");
  });
}

/** PyTorch's formula on its own layout, with plain loops. */
function pytorchStep(t: Record<string, Tensor>, x: Matrix, h: Matrix): number[][] {
  const [hidden, input] = t.weight_ih_l0.shape;
  const out: number[][] = [];
  for (let n = 0; n < x.rows; n++) {
    const row: number[] = [];
    for (let j = 0; j < hidden; j++) {
      let s = t.bias_ih_l0.data[j] + t.bias_hh_l0.data[j];
      for (let k = 0; k < input; k++) s += x.get(n, k) * t.weight_ih_l0.data[j * input + k];
      for (let k = 0; k < hidden; k++) s += h.get(n, k) * t.weight_hh_l0.data[j * hidden + k];
      row.push(Math.tanh(s));
    }
    out.push(row);
  }
  return out;
}

/** Our formula on our layout, with the engine's ops: tanh(x·Wxh + h·Whh + b). */
function ourStep(w: RNNWeights, x: Matrix, h: Matrix): Matrix {
  const a = matmul(x, w.Wxh);
  matmul(h, w.Whh, { out: a, accumulate: true });
  return activate("tanh", addBias(a, w.b));
}

Deno.test("the exported tensors compute the same h with PyTorch's formula", () => {
  const rng = new Random(7);
  const w = weights("float64", 3);
  const x = gaussianMatrix(rng, 2, INPUT); // batch of 2
  const h = gaussianMatrix(rng, 2, HIDDEN);
  const ours = ourStep(w, x, h).toArray();
  const theirs = pytorchStep(rnnToPyTorch(w), x, h);
  for (let n = 0; n < 2; n++) {
    for (let j = 0; j < HIDDEN; j++) assertAlmostEquals(ours[n][j], theirs[n][j], 1e-12);
  }
  assert(ours.flat().some((v) => Math.abs(v) > 0.1), "a non-trivial state");
});

Deno.test("import sums both PyTorch biases and matches PyTorch's formula", () => {
  const rng = new Random(11);
  const t: Record<string, Tensor> = {};
  const tensor = (shape: number[]) => {
    const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = rng.gaussian() * 0.5;
    return { dtype: "float64" as const, shape, data };
  };
  t.weight_ih_l0 = tensor([HIDDEN, INPUT]);
  t.weight_hh_l0 = tensor([HIDDEN, HIDDEN]);
  t.bias_ih_l0 = tensor([HIDDEN]);
  t.bias_hh_l0 = tensor([HIDDEN]);
  const w = rnnFromPyTorch(t);
  assertEquals(w.Wxh.shape, [INPUT, HIDDEN]);
  assertEquals(w.Whh.shape, [HIDDEN, HIDDEN]);
  assertEquals(w.b.shape, [1, HIDDEN]);
  for (let j = 0; j < HIDDEN; j++) {
    assertEquals(w.b.data[j], t.bias_ih_l0.data[j] + t.bias_hh_l0.data[j]);
  }
  const x = gaussianMatrix(rng, 3, INPUT);
  const h = gaussianMatrix(rng, 3, HIDDEN);
  const ours = ourStep(w, x, h).toArray();
  const theirs = pytorchStep(t, x, h);
  for (let n = 0; n < 3; n++) {
    for (let j = 0; j < HIDDEN; j++) assertAlmostEquals(ours[n][j], theirs[n][j], 1e-12);
  }
});

Deno.test("float32 bias sum rounds like float32 addition", () => {
  const t = rnnToPyTorch(weights("float32"));
  t.bias_hh_l0.data.set([0.1, 1e-8, -3.3, 7]);
  const b = rnnFromPyTorch(t).b;
  const sum = new Float32Array(HIDDEN);
  for (let j = 0; j < HIDDEN; j++) {
    sum[j] = Math.fround(t.bias_ih_l0.data[j] + t.bias_hh_l0.data[j]);
  }
  assertEquals(b.dtype, "float32");
  assertEquals(Array.from(b.data), Array.from(sum));
});

Deno.test("layer index and prefix choose the names; other tensors are ignored", () => {
  const w = weights("float64");
  const t = rnnToPyTorch(w, 1, { prefix: "rnn." });
  assertEquals(Object.keys(t).sort(), [
    "rnn.bias_hh_l1",
    "rnn.bias_ih_l1",
    "rnn.weight_hh_l1",
    "rnn.weight_ih_l1",
  ]);
  const withOthers = { ...t, ...rnnToPyTorch(weights("float64", 9), 0, { prefix: "rnn." }) };
  sameBits(rnnFromPyTorch(withOthers, 1, { prefix: "rnn." }).Whh, w.Whh, "Whh of layer 1");
  assertThrows(() => rnnToPyTorch(w, -1), RangeError, "layer index must be a non-negative integer");
});

Deno.test("a layer saved without biases imports with b = 0", () => {
  const t = rnnToPyTorch(weights("float32"));
  delete t.bias_ih_l0;
  delete t.bias_hh_l0;
  const w = rnnFromPyTorch(t);
  assertEquals(Array.from(w.b.data), [0, 0, 0, 0]);
  assertEquals(w.b.dtype, "float32");
});

Deno.test("import errors name the missing or ill-shaped tensor", () => {
  const full = () => rnnToPyTorch(weights("float64"));
  const noHh = full();
  delete noHh.weight_hh_l0;
  assertThrows(() => rnnFromPyTorch(noHh), RangeError, 'missing tensor "weight_hh_l0"');
  assertThrows(() => rnnFromPyTorch(full(), 2), RangeError, 'missing tensor "weight_ih_l2"');

  const oneBias = full();
  delete oneBias.bias_hh_l0;
  assertThrows(() => rnnFromPyTorch(oneBias), RangeError, 'missing tensor "bias_hh_l0"');

  const badIh = full();
  badIh.weight_ih_l0 = { ...badIh.weight_ih_l0, shape: [INPUT, HIDDEN] }; // our layout, not theirs
  assertThrows(
    () => rnnFromPyTorch(badIh),
    RangeError,
    '"weight_ih_l0" must be [4, input] to match "weight_hh_l0" [4, 4], got [3, 4]',
  );

  const badHh = full();
  badHh.weight_hh_l0 = { dtype: "float64", shape: [4, 2], data: new Float64Array(8) };
  assertThrows(
    () => rnnFromPyTorch(badHh),
    RangeError,
    '"weight_hh_l0" must be [1·hidden, hidden]',
  );

  const badBias = full();
  badBias.bias_ih_l0 = { ...badBias.bias_ih_l0, shape: [1, HIDDEN] };
  assertThrows(
    () => rnnFromPyTorch(badBias),
    RangeError,
    '"bias_ih_l0" must be [4] (1-D), got [1, 4]',
  );

  const mixed = full();
  mixed.bias_hh_l0 = { dtype: "float32", shape: [HIDDEN], data: new Float32Array(HIDDEN) };
  assertThrows(() => rnnFromPyTorch(mixed), TypeError, '"bias_hh_l0" is float32');
});

Deno.test("export errors name the ill-shaped weight", () => {
  const w = weights("float64");
  assertThrows(
    () => rnnToPyTorch({ ...w, b: new Matrix(HIDDEN, 1) }),
    RangeError,
    "b must be 1×4, got 4×1",
  );
  assertThrows(
    () => rnnToPyTorch({ ...w, Wxh: new Matrix(HIDDEN, INPUT) }),
    RangeError,
    "Wx must have 4 columns like Wh (1·hidden), got 4×3",
  );
  assertThrows(
    () => rnnToPyTorch({ ...w, Whh: new Matrix(HIDDEN, HIDDEN + 1) }),
    RangeError,
    "Wh must be [hidden × 1·hidden], got 4×5",
  );
  assertThrows(
    () => rnnToPyTorch({ ...w, b: new Matrix(1, HIDDEN, "float32") }),
    TypeError,
    "share a dtype",
  );
});

Deno.test("gate orders follow PyTorch (LSTM i, f, g, o; GRU r, z, n)", () => {
  assertEquals([...PYTORCH_GATES.lstm], ["i", "f", "g", "o"]);
  assertEquals([...PYTORCH_GATES.gru], ["r", "z", "n"]);
  assertEquals(PYTORCH_GATES.rnn.length, 1);
});

Deno.test("savePyTorchRNN / loadPyTorchRNN round trip through a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/rnn.safetensors`;
    const w = weights("float32");
    await savePyTorchRNN(path, w);
    const file = decodeSafetensors(await Deno.readFile(path));
    assertEquals(file.metadata, { format: "pt" });
    assertEquals(file.tensors.weight_ih_l0.shape, [HIDDEN, INPUT]);
    const back = await loadPyTorchRNN(path);
    sameBits(back.Wxh, w.Wxh, "Wxh");
    sameBits(back.Whh, w.Whh, "Whh");
    sameBits(back.b, w.b, "b");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
