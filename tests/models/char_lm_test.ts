import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  CharLM,
  checkGradients,
  evaluateLoss,
  fastKernels as loadFastKernels,
  SGD,
  TrainingDivergedError,
  trainLanguageModel,
  useKernels,
} from "../../lib/mod.ts";
import { assertGradientsMatch } from "../_helpers.ts";

const T = 5, B = 3, V = 6;
const inputs = Array.from({ length: T * B }, (_, i) => (i * 7 + 3) % V);
const targets = Array.from({ length: T * B }, (_, i) => (i * 5 + 1) % V);

for (const embeddingSize of [undefined, 4]) {
  const kind = embeddingSize ? "embedding" : "one-hot";
  Deno.test(`CharLM (${kind}): whole-model BPTT gradients match numerical ones`, () => {
    const lm = new CharLM({ vocabSize: V, hiddenSize: 5, embeddingSize, seed: 3 });
    lm.rnn.stateful = false; // the checker needs a loss that does not depend on past calls
    assertGradientsMatch(
      checkGradients(lm.params, () => lm.forward(inputs, targets, B), () => {
        lm.forward(inputs, targets, B);
        lm.backward();
      }),
    );
  });
}

Deno.test("CharLM names its parameters as in the math", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 5, embeddingSize: 4 });
  assertEquals(lm.params.map((p) => p.name), ["E", "Wxh", "Whh", "b", "Why", "by"]);
  assertEquals(lm.rnn.cell.Wxh.value.shape, [4, 5]);
  assertEquals(lm.head.W.value.shape, [5, V]);
});

const text = Array.from("the cat sat on the mat and the rat ran at the cat ".repeat(8));
const symbols = [...new Set(text)];
const ids = text.map((c) => symbols.indexOf(c));

function train(dtype: "float32" | "float64", seed = 5) {
  const lm = new CharLM({
    vocabSize: symbols.length,
    hiddenSize: 16,
    embeddingSize: 8,
    dtype,
    seed,
  });
  return trainLanguageModel(lm, ids, {
    batchSize: 4,
    seqLength: 10,
    steps: 60,
    optimizer: new Adam({ lr: 0.01 }),
    clipNorm: 5,
  }).map((r) => r.loss);
}

Deno.test("training is deterministic: one seed, bit-identical losses", () => {
  const a = train("float64"), b = train("float64");
  assertEquals(a, b);
  assert(a.at(-1)! < 0.6 * a[0], `the loss should fall: ${a[0]} → ${a.at(-1)}`);
  const other = train("float64", 6);
  assert(other.some((l, i) => l !== a[i]), "another seed gives other losses");
});

Deno.test("float32 training matches float64 within 1e-3 relative over 60 steps", () => {
  // float32 rounds every product to ~1e-7 relative; over 60 Adam steps the
  // differences grow but stay far below the size of the learning signal.
  const a = train("float64"), b = train("float32");
  a.forEach((l, i) => {
    const rel = Math.abs(l - b[i]) / l;
    assert(rel < 1e-3, `step ${i + 1}: float64 ${l} vs float32 ${b[i]} (relative ${rel})`);
  });
});

Deno.test("an exploding ReLU RNN stops training with the step and a hint", () => {
  // Unbounded ReLU units, a large step and no clipping: the gradient overflows.
  const lm = new CharLM({ vocabSize: symbols.length, hiddenSize: 16, seed: 1, activation: "relu" });
  const error = assertThrows(
    () =>
      trainLanguageModel(lm, ids, {
        batchSize: 4,
        seqLength: 20,
        steps: 30,
        optimizer: new SGD({ lr: 100 }),
      }),
    TrainingDivergedError,
    "Try clipping gradients (clipNorm: 5) or a lower learning rate (now 100)",
  );
  assert(error.step >= 2, `diverges after the first update, at step ${error.step}`);
  assert(error.message.includes(`diverged at step ${error.step}: the`));
  assert(!Number.isFinite(error.value));
});

Deno.test("a NaN loss stops training at that step, before any update", () => {
  const lm = new CharLM({ vocabSize: symbols.length, hiddenSize: 4, seed: 1 });
  lm.head.b.value.data[0] = NaN;
  const before = Array.from(lm.rnn.cell.Whh.value.data);
  assertThrows(
    () =>
      trainLanguageModel(lm, ids, {
        batchSize: 2,
        seqLength: 5,
        steps: 3,
        optimizer: new SGD({ lr: 0.1 }),
      }),
    TrainingDivergedError,
    "training diverged at step 1: the loss is NaN",
  );
  assertEquals(Array.from(lm.rnn.cell.Whh.value.data), before);
});

Deno.test("evaluateLoss restores the training state and matches a hand average", () => {
  const lm = new CharLM({ vocabSize: symbols.length, hiddenSize: 8, seed: 2 });
  lm.forward(ids.slice(0, 4), ids.slice(1, 5), 1);
  const before = lm.state!.clone();
  const loss = evaluateLoss(lm, ids.slice(0, 21), { batchSize: 1, seqLength: 20 });
  assertEquals(Array.from(lm.state!.data), Array.from(before.data));
  lm.resetState();
  const direct = lm.forward(ids.slice(0, 20), ids.slice(1, 21), 1);
  assert(Math.abs(loss - direct) < 1e-12);
});

Deno.test("float32 training: fast kernels match the reference kernels within 1e-4 relative", () => {
  const fastKernels = loadFastKernels();
  if (!fastKernels) throw new Error("the fast kernels did not load");
  const previous = useKernels("reference");
  let reference: number[];
  try {
    reference = train("float32");
  } finally {
    useKernels(previous);
  }
  useKernels(fastKernels);
  try {
    const fast = train("float32");
    assertEquals(train("float32"), fast, "the fast kernels are deterministic too");
    fast.forEach((l, i) => {
      const rel = Math.abs(l - reference[i]) / reference[i];
      assert(rel < 1e-4, `step ${i + 1}: reference ${reference[i]} vs fast ${l} (relative ${rel})`);
    });
  } finally {
    useKernels(previous);
  }
});
