import { assert, assertEquals } from "@std/assert";
import { addingBatch, interleavedSpeed, Random, SequenceRegressor } from "../../lib/mod.ts";

Deno.test("interleavedSpeed: one sample per round per model, the median reported, weights trained", async () => {
  const batch = addingBatch(8, 4, new Random(0));
  const model = new SequenceRegressor({ inputSize: 2, hiddenSize: 3, cell: "lstm", seed: 1 });
  const before = model.params[0].value.clone();
  const [r] = await interleavedSpeed([{ name: "lstm", model, batch, tokens: 32 }], {
    rounds: 3,
    steps: 2,
  });
  assertEquals(r.name, "lstm");
  assertEquals(r.samples.length, 3);
  assertEquals(r.tokensPerSecond, [...r.samples].sort((a, b) => a - b)[1]);
  assert(model.params[0].value.data.some((v, i) => v !== before.data[i]), "the steps train");
});
