import { assertEquals, assertThrows } from "@std/assert";
import {
  checkpointBytes,
  fromPyTorch,
  LanguageModel,
  loadCheckpoint,
  loadCheckpointBytes,
  saveCheckpoint,
  SequenceBatch,
  toPyTorch,
  trainHello,
} from "../../lib/mod.ts";

Deno.test("a trained model saved and loaded into a fresh one predicts bit for bit the same", async () => {
  const { model } = await trainHello({ progress: false });
  const path = await Deno.makeTempFile({ suffix: ".safetensors" });
  try {
    await saveCheckpoint(path, model.params, { model: "hello" });
    const fresh = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 99 });
    const inputs = SequenceBatch.tokens([0, 1, 2, 2], 1);
    const before = Array.from(fresh.probabilities(inputs).data);
    const metadata = await loadCheckpoint(path, fresh.params);
    assertEquals(metadata.model, "hello");
    const expected = Array.from(model.probabilities(inputs).data);
    assertEquals(Array.from(fresh.probabilities(inputs).data), expected);
    assertEquals(before.every((p, i) => p === expected[i]), false, "the fresh model differed");
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a checkpoint of another architecture is refused, naming the tensors", () => {
  const small = new LanguageModel({ vocabSize: 4, hiddenSize: 8 });
  const withEmbedding = new LanguageModel({ vocabSize: 4, hiddenSize: 6, embeddingSize: 3 });
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(small.params), withEmbedding.params),
    RangeError,
    'missing tensor "E" (expected shape [4, 3])',
  );
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(small.params), withEmbedding.params),
    RangeError,
    'tensor "Whh" has shape [8, 8], expected [6, 6]',
  );
  const bytes = checkpointBytes(small.params);
  assertThrows(
    () => loadCheckpointBytes(bytes.subarray(0, bytes.length - 5), small.params),
    RangeError,
    "truncated data",
  );
});

Deno.test("the hello model travels through PyTorch's names and back in one call", async () => {
  const { model } = await trainHello({ progress: false });
  const torch = toPyTorch(model);
  assertEquals(Object.keys(torch).sort(), [
    "head.bias",
    "head.weight",
    "rnn.bias_hh_l0",
    "rnn.bias_ih_l0",
    "rnn.weight_hh_l0",
    "rnn.weight_ih_l0",
  ]);
  assertEquals(torch["rnn.weight_ih_l0"].shape, [8, 4]);
  const copy = new LanguageModel({ ...model.options, seed: 99 });
  fromPyTorch(copy, torch);
  model.params.forEach((p, i) => assertEquals(copy.params[i].value.data, p.value.data, p.name));
});
