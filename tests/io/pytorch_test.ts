import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { Bidirectional } from "../../lib/layers/bidirectional.ts";
import { makeRecurrent, type RecurrentOptions } from "../../lib/layers/cells.ts";
import { type HasParams, zeroGrads } from "../../lib/layers/param.ts";
import type { RecurrentLayer } from "../../lib/layers/recurrent.ts";
import { RNN } from "../../lib/layers/rnn.ts";
import { Stacked } from "../../lib/layers/stacked.ts";
import { LanguageModel } from "../../lib/models/language_model.ts";
import { SequenceClassifier } from "../../lib/models/classifier.ts";
import { SequenceTagger } from "../../lib/models/tagger.ts";
import { SequenceBatch } from "../../lib/core/sequence_batch.ts";
import {
  fromPyTorch,
  gradientsToPyTorch,
  loadPyTorch,
  savePyTorch,
  toPyTorch,
} from "../../lib/io/pytorch.ts";
import { decodeSafetensors, type Tensor } from "../../lib/io/safetensors.ts";
import { gaussianMatrix, Random } from "../../lib/random.ts";
import { readFixture, snapshot } from "./_torch.ts";

/** A recurrent layer of the given shape with weights from `seed`. */
function recurrent(seed: number, options: Partial<RecurrentOptions> = {}): RecurrentLayer {
  return makeRecurrent({ inputSize: 3, hiddenSize: 4, rng: new Random(seed), ...options });
}

const BIDEEP = { numLayers: 2, bidirectional: true } as const;

/** Sets every parameter to N(0, 1) draws (the course starts biases at 0, which hides mix-ups). */
function randomize(layer: HasParams): void {
  const rng = new Random(42);
  for (const p of layer.params) {
    for (let i = 0; i < p.value.data.length; i++) {
      p.value.data[i] = rng.gaussian();
    }
  }
}

Deno.test("names: _l<k> per layer, _reverse for the right-to-left half, biases 1-D", () => {
  const single = toPyTorch(recurrent(1));
  assertEquals(Object.keys(single), ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]);
  const deep = toPyTorch(recurrent(1, BIDEEP));
  const expected = [0, 1].flatMap((l) =>
    ["", "_reverse"].flatMap((dir) =>
      ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map((n) => `${n}_l${l}${dir}`)
    )
  );
  assertEquals(Object.keys(deep), expected);
  assertEquals(deep.weight_ih_l0.shape, [4, 3]);
  assertEquals(deep.weight_ih_l1_reverse.shape, [4, 8]);
  assertEquals(deep.weight_hh_l1.shape, [4, 4]);
  assertEquals(deep.bias_ih_l1_reverse.shape, [4]);
  assertEquals(
    Object.keys(toPyTorch(recurrent(1), { prefix: "encoder." }))[0],
    "encoder.weight_ih_l0",
  );
});

Deno.test("values: weight_ih = Wxhᵀ, weight_hh = Whhᵀ, bias_ih = b, bias_hh = 0", () => {
  const birnn = recurrent(1, { bidirectional: true }) as Bidirectional;
  randomize(birnn);
  const t = toPyTorch(birnn);
  for (
    const [layer, suffix] of [[birnn.forwardLayer, ""], [birnn.backwardLayer, "_reverse"]] as const
  ) {
    const { Wxh, Whh, b } = (layer as RNN).cell;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 4; j++) {
        assertEquals(t[`weight_ih_l0${suffix}`].data[j * 3 + i], Wxh.value.get(i, j));
      }
    }
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        assertEquals(t[`weight_hh_l0${suffix}`].data[j * 4 + i], Whh.value.get(i, j));
      }
    }
    assertEquals(Array.from(t[`bias_ih_l0${suffix}`].data), Array.from(b.value.data));
    assertEquals(Array.from(t[`bias_hh_l0${suffix}`].data), [0, 0, 0, 0]);
  }
});

for (const dtype of ["float32", "float64"] as const) {
  Deno.test(`course → PyTorch file → course is bit-exact (${dtype}, 2 bidirectional layers)`, async () => {
    const saved = recurrent(1, { ...BIDEEP, dtype });
    randomize(saved);
    saved.params[0].value.data[0] = -0;
    const target = recurrent(2, { ...BIDEEP, dtype });
    assert(snapshot(saved.params).join() !== snapshot(target.params).join());
    const dir = await Deno.makeTempDir();
    try {
      await savePyTorch(`${dir}/rnn.safetensors`, saved);
      const file = decodeSafetensors(await Deno.readFile(`${dir}/rnn.safetensors`));
      assertEquals(file.metadata, { format: "pt" });
      assert(Object.values(file.tensors).every((t) => t.dtype === dtype));
      await loadPyTorch(`${dir}/rnn.safetensors`, target);
      assertEquals(snapshot(target.params), snapshot(saved.params));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("PyTorch → course → PyTorch keeps the weights and the sum of the biases", () => {
  const file = readFixture("rnn_l2_bi_tanh").tensors;
  const rnn = recurrent(0, BIDEEP);
  fromPyTorch(rnn, file);
  const back = toPyTorch(rnn);
  assertEquals(Object.keys(back).sort(), Object.keys(file).sort());
  for (const [name, t] of Object.entries(file)) {
    if (name.startsWith("weight")) assertEquals(back[name], t, name);
    if (name.startsWith("bias_ih")) {
      const hh = name.replace("bias_ih", "bias_hh");
      const sum = t.data.map((v, j) => v + file[hh].data[j]);
      assertEquals(Array.from(back[name].data), Array.from(sum), name);
      assertEquals(Array.from(back[hh].data), [0, 0, 0, 0], hh);
    }
  }
});

Deno.test("gradients: both PyTorch biases get ∂L/∂b; weight gradients are transposed", () => {
  const rng = new Random(5);
  const rnn = recurrent(1, { bidirectional: true }) as Bidirectional;
  const xs = new SequenceBatch(gaussianMatrix(rng, 6, 3), { batchSize: 2, lengths: [3, 2] });
  const pass = rnn.forward(xs);
  zeroGrads(rnn.params);
  rnn.backward(gaussianMatrix(rng, 6, 8), pass);
  const grads = gradientsToPyTorch(rnn, { prefix: "rnn." });
  const bwd = (rnn.backwardLayer as RNN).cell;
  assertEquals(Array.from(grads["rnn.bias_ih_l0_reverse"].data), Array.from(bwd.b.grad.data));
  assertEquals(Array.from(grads["rnn.bias_hh_l0_reverse"].data), Array.from(bwd.b.grad.data));
  assert(bwd.b.grad.data.some((g) => g !== 0), "a non-trivial gradient");
  assertEquals(grads["rnn.weight_hh_l0_reverse"].data[1 * 4 + 2], bwd.Whh.grad.get(2, 1));
  assertEquals(grads["rnn.weight_ih_l0_reverse"].shape, [4, 3]);
});

Deno.test("models: embedding.weight, rnn.…, head.weight = Whyᵀ, head.bias = by", () => {
  const tagger = new SequenceTagger({
    vocabSize: 7,
    embeddingSize: 3,
    hiddenSize: 4,
    numTags: 5,
    numLayers: 2,
    bidirectional: true,
  });
  randomize(tagger);
  const t = toPyTorch(tagger);
  const names = Object.keys(t);
  assertEquals(names.length, 1 + 16 + 2);
  assertEquals(names[0], "embedding.weight");
  assertEquals(names.slice(-2), ["head.weight", "head.bias"]);
  assert(names.includes("rnn.weight_ih_l1_reverse"));
  assertEquals(t["embedding.weight"].shape, [7, 3]);
  assertEquals(
    Array.from(t["embedding.weight"].data),
    Array.from(tagger.input.embedding!.W.value.data),
  );
  assertEquals(t["head.weight"].shape, [5, 8]);
  assertEquals(t["head.weight"].data[3 * 8 + 6], tagger.head.W.value.get(6, 3));
  assertEquals(t["head.bias"].shape, [5]);
  assertEquals(Array.from(t["head.bias"].data), Array.from(tagger.head.b.value.data));

  const copy = new SequenceTagger({
    vocabSize: 7,
    embeddingSize: 3,
    hiddenSize: 4,
    numTags: 5,
    numLayers: 2,
    bidirectional: true,
    seed: 9,
  });
  fromPyTorch(copy, t);
  assertEquals(snapshot(copy.params), snapshot(tagger.params));
});

Deno.test("a one-hot language model has no embedding; a classifier maps like a tagger", () => {
  const lm = new LanguageModel({ vocabSize: 5, hiddenSize: 4, numLayers: 2 });
  assertEquals(Object.keys(toPyTorch(lm)), [
    ...[0, 1].flatMap((l) =>
      ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map((n) => `rnn.${n}_l${l}`)
    ),
    "head.weight",
    "head.bias",
  ]);
  assertEquals(toPyTorch(lm)["rnn.weight_ih_l0"].shape, [4, 5]); // reads one-hot vectors
  const classifier = new SequenceClassifier({
    vocabSize: 5,
    embeddingSize: 2,
    numClasses: 3,
    hiddenSize: 4,
  });
  randomize(classifier);
  const other = new SequenceClassifier({
    vocabSize: 5,
    embeddingSize: 2,
    numClasses: 3,
    hiddenSize: 4,
    seed: 1,
  });
  fromPyTorch(other, toPyTorch(classifier, { prefix: "model." }), { prefix: "model." });
  assertEquals(snapshot(other.params), snapshot(classifier.params));
});

Deno.test("loading is all or nothing, and one error lists every problem", () => {
  const file: Record<string, Tensor> = { ...toPyTorch(recurrent(1, BIDEEP)) };
  delete file.bias_hh_l1;
  file.weight_hh_l0 = { dtype: "float64", shape: [4, 5], data: new Float64Array(20) };
  file.bias_ih_l0_reverse = { dtype: "float32", shape: [4], data: new Float32Array(4) };
  file.weight_ih_l1.data[13] = NaN;
  file.weight_ih_l2 = file.weight_ih_l1;
  const target = recurrent(2, BIDEEP);
  const before = snapshot(target.params);
  const error = assertThrows(() => fromPyTorch(target, file), RangeError);
  for (
    const part of [
      "PyTorch tensors do not match the stacked(2×bidirectional(rnn)) layer (nothing was loaded)",
      'missing tensor "bias_hh_l1" (expected [4] float64)',
      'tensor "weight_hh_l0" has shape [4, 5], expected [4, 4]',
      'tensor "bias_ih_l0_reverse" is float32, expected float64 (convertDtype: true converts)',
      'tensor "weight_ih_l1" has 1 non-finite value (first: NaN at [1, 5])',
      'unexpected tensor "weight_ih_l2"',
    ]
  ) {
    assert(error.message.includes(part), `${part} in:\n${error.message}`);
  }
  assertEquals(snapshot(target.params), before);
});

Deno.test("strict: false ignores other tensors; a wrong prefix is pointed out", () => {
  const tagger = readFixture("tagger").tensors; // embedding.weight, rnn.…, head.…
  const birnn = recurrent(0, { bidirectional: true });
  const error = assertThrows(() => fromPyTorch(birnn, tagger, { strict: false }), RangeError);
  assert(error.message.includes('missing tensor "weight_ih_l0"'), error.message);
  assert(error.message.includes('given: "embedding.weight", "rnn.weight_ih_l0"'), error.message);
  assert(error.message.includes("a prefix?"), error.message);
  fromPyTorch(birnn, tagger, { prefix: "rnn.", strict: false });
  assertEquals(
    toPyTorch(birnn, { prefix: "rnn." })["rnn.weight_hh_l0_reverse"],
    tagger["rnn.weight_hh_l0_reverse"],
  );
  assertThrows(
    () => fromPyTorch(birnn, tagger, { prefix: "rnn." }),
    RangeError,
    'unexpected tensor "embedding.weight"',
  );
});

Deno.test("dtype: converted only on request; a value that overflows float32 is reported", () => {
  const file = readFixture("rnn_l2_bi_tanh").tensors; // float64, as PyTorch saved it
  const rnn32 = recurrent(0, { ...BIDEEP, dtype: "float32" });
  const before = snapshot(rnn32.params);
  assertThrows(
    () => fromPyTorch(rnn32, file),
    RangeError,
    'tensor "weight_ih_l0" is float64, expected float32',
  );
  fromPyTorch(rnn32, file, { convertDtype: true });
  const w = toPyTorch(rnn32).weight_hh_l1_reverse;
  assertEquals(w.dtype, "float32");
  assertEquals(Array.from(w.data), Array.from(new Float32Array(file.weight_hh_l1_reverse.data)));

  const huge = {
    ...file,
    bias_hh_l1: { ...file.bias_hh_l1, data: Float64Array.of(0, 1e39, 0, 0) },
  };
  const fresh = recurrent(0, { ...BIDEEP, dtype: "float32" });
  const freshBefore = snapshot(fresh.params);
  assertThrows(
    () => fromPyTorch(fresh, huge, { convertDtype: true }),
    RangeError,
    'tensor "bias_hh_l1" has 1 value that overflow float32 (first: 1e+39 at [1]',
  );
  assertEquals(snapshot(fresh.params), freshBefore);
  assert(snapshot(rnn32.params).join() !== before.join());
});

Deno.test("non-finite values load only when allowed", () => {
  const file = toPyTorch(recurrent(1));
  file.weight_hh_l0.data[5] = Infinity;
  const target = recurrent(2);
  assertThrows(
    () => fromPyTorch(target, file),
    RangeError,
    'tensor "weight_hh_l0" has 1 non-finite value (first: Infinity at [1, 1])',
  );
  fromPyTorch(target, file, { allowNonFinite: true });
  assertEquals((target as RNN).cell.Whh.value.get(1, 1), Infinity);
});

Deno.test("a layer that refuses its tensors leaves every layer as it was", () => {
  // Layer 1 has no recurrent weight, so a non-zero weight_hh_l1 is refused by the
  // layer itself, after layer 0 has taken its tensors: they must be put back.
  const shallow = (seed: number, recurrentWeights: boolean) =>
    new Stacked([
      new RNN({ inputSize: 3, hiddenSize: 4, rng: new Random(seed), stateful: false }),
      new RNN({
        inputSize: 4,
        hiddenSize: 4,
        rng: new Random(seed + 1),
        stateful: false,
        recurrent: recurrentWeights,
      }),
    ]);
  const source = shallow(1, true);
  randomize(source);
  const target = shallow(5, false);
  const before = snapshot(target.params);
  assertThrows(() => fromPyTorch(target, toPyTorch(source)), RangeError, "no recurrent weight");
  assertEquals(snapshot(target.params), before);
});

Deno.test("what has no PyTorch equivalent is named", () => {
  const rng = new Random(0);
  const rnn = (input: number) => new RNN({ inputSize: input, hiddenSize: 4, rng, stateful: false });
  const nested = new Stacked([new Stacked([rnn(3)]), new Stacked([rnn(4)])]);
  assertThrows(() => toPyTorch(nested), TypeError, "a stack inside a stack has no equivalent");
  const mixed = new Stacked([new Bidirectional(rnn(3), rnn(3)), rnn(8)]);
  assertThrows(() => toPyTorch(mixed), TypeError, "a stack of bidirectional(rnn) and rnn layers");
  const opaque = { ...rnn(3), kind: "mystery", params: [] } as unknown as RecurrentLayer;
  assertThrows(() => toPyTorch(opaque), TypeError, "the mystery layer has no PyTorch mapping");
});

Deno.test("savePyTorch is atomic: a hard link to the old file keeps the old bytes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/rnn.safetensors`;
    await savePyTorch(path, recurrent(1));
    const old = await Deno.readFile(path);
    await Deno.link(path, `${dir}/backup.safetensors`);
    await savePyTorch(path, recurrent(2));
    // Writing in place would have changed the shared file under both names.
    assertEquals(await Deno.readFile(`${dir}/backup.safetensors`), old);
    assert((await Deno.readFile(path)).some((byte, i) => byte !== old[i]));
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assertEquals(names.sort(), ["backup.safetensors", "rnn.safetensors"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("savePyTorch removes a stale temporary file and refuses non-finite weights", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/rnn.safetensors`;
    await Deno.writeTextFile(`${path}.partial`, "left by a crash");
    const rnn = recurrent(1) as RNN;
    await savePyTorch(path, rnn, { metadata: { epoch: "3" } });
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assertEquals(names, ["rnn.safetensors"]);
    assertEquals(decodeSafetensors(await Deno.readFile(path)).metadata, {
      format: "pt",
      epoch: "3",
    });

    rnn.cell.b.value.data[2] = NaN;
    const before = await Deno.readFile(path);
    await assertRejects(
      () => savePyTorch(path, rnn),
      RangeError,
      'tensor "bias_ih_l0" has 1 non-finite value',
    );
    assertEquals(await Deno.readFile(path), before);
    await savePyTorch(path, rnn, { allowNonFinite: true });
    assert(Number.isNaN(decodeSafetensors(await Deno.readFile(path)).tensors.bias_ih_l0.data[2]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadPyTorch names the file in its errors, an empty one too", async () => {
  const empty = await Deno.makeTempFile({ suffix: ".safetensors" });
  try {
    await assertRejects(
      () => loadPyTorch(empty, recurrent(0)),
      RangeError,
      `${empty}: safetensors: the file is empty (0 bytes)`,
    );
  } finally {
    await Deno.remove(empty);
  }
});
