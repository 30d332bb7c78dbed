import { assert, assertEquals, assertThrows } from "@std/assert";
import { checkGradients, Embedding, oneHot, Random } from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

Deno.test("oneHot gives every symbol its own vector", () => {
  const m = oneHot([0, 1, 2, 2, 3], 4);
  assertEquals(m.toArray(), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  assertThrows(
    () => oneHot([0, 4], 4),
    RangeError,
    "oneHot: position 1 holds 4, expected an integer id in [0, 4)",
  );
  assertThrows(() => oneHot([1.5], 4), RangeError, "position 0 holds 1.5");
  assertThrows(() => oneHot([NaN], 4), RangeError, "position 0 holds NaN");
});

Deno.test("Embedding equals oneHot(ids)·E", () => {
  const emb = new Embedding({ vocabSize: 5, embeddingSize: 3, rng: new Random(1) });
  const ids = [4, 0, 4, 2];
  const { y } = emb.forward(ids);
  ids.forEach((id, r) => assertEquals(Array.from(y.row(r)), Array.from(emb.W.value.row(id))));
});

Deno.test("Embedding backward matches numerical gradients, repeated ids adding up", () => {
  const emb = new Embedding({ vocabSize: 5, embeddingSize: 3, rng: new Random(1) });
  const ids = [4, 0, 4, 2, 4];
  const { loss, grad } = projection(ids.length, 3);
  assertGradientsMatch(checkGradients(emb.params, () => loss(emb.forward(ids).y), () => {
    emb.backward(grad, emb.forward(ids));
  }));
  assert(emb.W.grad.row(1).every((g) => g === 0), "an unused id gets no gradient");
});

Deno.test("Embedding rejects out-of-vocabulary ids and bad sizes", () => {
  const emb = new Embedding({ vocabSize: 3, embeddingSize: 2, rng: new Random(0) });
  assertThrows(
    () => emb.forward([0, -1]),
    RangeError,
    "Embedding: position 1 holds -1, expected an integer id in [0, 3)",
  );
  assertThrows(
    () => new Embedding({ vocabSize: 3, embeddingSize: 0, rng: new Random(0) }),
    RangeError,
    "embeddingSize must be an integer ≥ 1, got 0",
  );
});
