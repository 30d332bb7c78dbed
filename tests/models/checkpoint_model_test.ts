import { assertEquals, assertThrows } from "@std/assert";
import {
  checkpointBytes,
  LanguageModel,
  loadCheckpoint,
  loadCheckpointBytes,
  RNN,
  rnnFromPyTorch,
  rnnToPyTorch,
  saveCheckpoint,
  SequenceBatch,
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

Deno.test("the model's RNN weights travel through PyTorch's names and back", async () => {
  const { model } = await trainHello({ progress: false });
  const rnn = model.rnn;
  if (!(rnn instanceof RNN)) throw new TypeError(`the hello model's layer is ${rnn.kind}`);
  const { Wxh, Whh, b } = rnn.cell;
  const torch = rnnToPyTorch({ Wxh: Wxh.value, Whh: Whh.value, b: b.value });
  assertEquals(Object.keys(torch).sort(), [
    "bias_hh_l0",
    "bias_ih_l0",
    "weight_hh_l0",
    "weight_ih_l0",
  ]);
  assertEquals(torch.weight_ih_l0.shape, [8, 4]);
  const back = rnnFromPyTorch(torch);
  assertEquals(Array.from(back.Wxh.data), Array.from(Wxh.value.data));
  assertEquals(Array.from(back.Whh.data), Array.from(Whh.value.data));
  assertEquals(Array.from(back.b.data), Array.from(b.value.data));
});
