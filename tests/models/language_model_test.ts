import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  fastKernels as loadFastKernels,
  kernels,
  LanguageModel,
  type LanguageModelOptions,
  SequenceBatch,
  StreamBatcher,
  train,
  useKernels,
} from "../../lib/mod.ts";
import { assertBackwardSurvives, assertModelGradients } from "./_helpers.ts";

const T = 5, B = 3, V = 6;
const batch = {
  inputs: SequenceBatch.tokens(Array.from({ length: T * B }, (_, i) => (i * 7 + 3) % V), B),
  targets: SequenceBatch.tokens(Array.from({ length: T * B }, (_, i) => (i * 5 + 1) % V), B),
};

const shapes: [string, Partial<LanguageModelOptions>][] = [
  ["one-hot", {}],
  ["embedding", { embeddingSize: 4 }],
  // (With seed 3, one entry of l1.b's gradient is 7e-6: below what the stencil resolves.)
  ["embedding, 2 layers", { embeddingSize: 4, numLayers: 2, seed: 4 }],
  ["one-hot, ReLU", { cell: { kind: "rnn", activation: "relu" } }],
];

for (const [kind, options] of shapes) {
  Deno.test(`LanguageModel (${kind}): whole-model BPTT gradients match numerical ones`, () => {
    // Not stateful: the checker needs a loss that does not depend on past calls.
    const lm = new LanguageModel({
      vocabSize: V,
      hiddenSize: 5,
      seed: 3,
      stateful: false,
      ...options,
    });
    assertModelGradients(lm, batch);
  });
}

Deno.test("LanguageModel: gradients from a given initial state match numerical ones", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 5, embeddingSize: 4, seed: 3 });
  const [h0] = lm.zeroState(B);
  h0.data.forEach((_, i) => (h0.data[i] = Math.sin(i)));
  const fromH0 = {
    params: lm.params,
    forward: (b: typeof batch) => lm.forward(b, [h0]),
    backward: lm.backward.bind(lm),
  };
  assertModelGradients(fromH0, batch);
  assertEquals(lm.state, undefined, "a given initial state leaves the carried state alone");
});

Deno.test("LanguageModel names its parameters as in the math", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 5, embeddingSize: 4 });
  assertEquals(lm.params.map((p) => p.name), ["E", "Wxh", "Whh", "b", "Why", "by"]);
  assertEquals(lm.params[1].value.shape, [4, 5]);
  assertEquals(lm.head.W.value.shape, [5, V]);
  const deep = new LanguageModel({ vocabSize: V, hiddenSize: 5, numLayers: 2 });
  assertEquals(deep.params.map((p) => p.name), [
    "l0.Wxh",
    "l0.Whh",
    "l0.b",
    "l1.Wxh",
    "l1.Whh",
    "l1.b",
    "Why",
    "by",
  ]);
});

Deno.test("LanguageModel: the pass holds the probabilities and the hidden states", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 5, seed: 1, stateful: false });
  const pass = lm.forward(batch);
  assertEquals(pass.probs.shape, [T * B, V]);
  assertEquals(pass.hidden.trace.h.shape, [T * B, 5]);
  for (let r = 0; r < T * B; r++) {
    const row = Array.from(pass.probs.row(r));
    assert(Math.abs(row.reduce((a, p) => a + p, 0) - 1) < 1e-12, `row ${r} sums to 1`);
  }
  // The loss is the mean −log p of the targets, read from the same pass.
  let nll = 0;
  for (let r = 0; r < T * B; r++) nll -= Math.log(pass.probs.get(r, batch.targets.data[r]));
  assert(Math.abs(pass.loss - nll / (T * B)) < 1e-12);
  assertEquals(pass.count, T * B);
  assertEquals(Array.from(lm.probabilities(batch.inputs).data), Array.from(pass.probs.data));
});

Deno.test("LanguageModel: stateful batches carry the state, as one long forward pass would", () => {
  const ids = Array.from({ length: 13 }, (_, i) => (i * i + 1) % V);
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 5, seed: 2 });
  const batcher = new StreamBatcher(ids, { batchSize: 1, seqLength: 4 });
  let total = 0;
  for (const b of batcher.epochBatches()) {
    const pass = lm.forward(b);
    total += pass.loss * pass.count;
  }
  const [whole] = new StreamBatcher(ids, { batchSize: 1, seqLength: 12 }).epochBatches();
  const once = lm.forward(whole, lm.zeroState(1)).loss;
  assert(Math.abs(total / 12 - once) < 1e-12, `${total / 12} vs ${once}`);
  // Without carrying, the second batch starts from zeros and scores differently.
  lm.resetState();
  const [first, second] = batcher.epochBatches();
  lm.forward(first);
  const carried = lm.forward(second).loss;
  assert(carried !== lm.forward(second, lm.zeroState(1)).loss);
});

Deno.test("LanguageModel: predict and scoring between forward and backward leave it intact", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 5, embeddingSize: 4, stateful: false });
  assertBackwardSurvives(lm, batch, () => {
    lm.predict(SequenceBatch.tokens([1, 2, 3, 4], 2));
    lm.forward({ inputs: batch.targets, targets: batch.inputs });
  });
});

Deno.test("LanguageModel refuses targets of another layout", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 5 });
  assertThrows(
    () => lm.forward({ inputs: batch.inputs, targets: SequenceBatch.tokens([1, 2, 3], 3) }),
    RangeError,
    "3 targets for 15 inputs",
  );
});

const text = Array.from("the cat sat on the mat and the rat ran at the cat ".repeat(8));
const symbols = [...new Set(text)];
const ids = text.map((c) => symbols.indexOf(c));

async function trainLM(dtype: "float32" | "float64", seed = 5): Promise<number[]> {
  const lm = new LanguageModel({
    vocabSize: symbols.length,
    hiddenSize: 16,
    embeddingSize: 8,
    dtype,
    seed,
  });
  const history = await train(lm, new StreamBatcher(ids, { batchSize: 4, seqLength: 10 }), {
    steps: 60,
    optimizer: new Adam({ lr: 0.01 }),
    clipNorm: 5,
    progress: false,
  });
  return history.steps.map((r) => r.loss);
}

Deno.test("training is deterministic: one seed, bit-identical losses", async () => {
  const a = await trainLM("float64"), b = await trainLM("float64");
  assertEquals(a, b);
  assert(a.at(-1)! < 0.6 * a[0], `the loss should fall: ${a[0]} → ${a.at(-1)}`);
  const other = await trainLM("float64", 6);
  assert(other.some((l, i) => l !== a[i]), "another seed gives other losses");
});

Deno.test("float32 training matches float64 within 1e-3 relative over 60 steps", async () => {
  // float32 rounds every product to ~1e-7 relative; over 60 Adam steps the
  // differences grow but stay far below the size of the learning signal.
  const a = await trainLM("float64"), b = await trainLM("float32");
  a.forEach((l, i) => {
    const rel = Math.abs(l - b[i]) / l;
    assert(rel < 1e-3, `step ${i + 1}: float64 ${l} vs float32 ${b[i]} (relative ${rel})`);
  });
});

Deno.test("float32 training: fast kernels match the reference kernels within 1e-4 relative", async () => {
  const fastKernels = loadFastKernels();
  if (!fastKernels) throw new Error("the fast kernels did not load");
  const previous = useKernels("reference");
  let reference: number[];
  try {
    assertEquals(kernels().name, "reference");
    reference = await trainLM("float32");
  } finally {
    useKernels(previous);
  }
  useKernels(fastKernels);
  try {
    assertEquals(kernels().name, "wasm");
    const fast = await trainLM("float32");
    assertEquals(await trainLM("float32"), fast, "the fast kernels are deterministic too");
    fast.forEach((l, i) => {
      const rel = Math.abs(l - reference[i]) / reference[i];
      assert(rel < 1e-4, `step ${i + 1}: reference ${reference[i]} vs fast ${l} (relative ${rel})`);
    });
  } finally {
    useKernels(previous);
  }
});
