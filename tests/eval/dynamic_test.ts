import { assert, assertEquals, assertThrows } from "@std/assert";
import { dynamicLogProbs, perplexityOf, Random, RNNLM, WordClasses } from "../../lib/mod.ts";

Deno.test("dynamicLogProbs: a copy learns while scoring; the model is untouched", () => {
  const classes = WordClasses.fromCounts(Array.from({ length: 20 }, (_, i) => 20 - i), 4);
  const lm = new RNNLM({ classes, hiddenSize: 8, seed: 2, dtype: "float32" });
  const rng = new Random(1);
  const phrase = Array.from({ length: 25 }, () => rng.int(20));
  const text = Array.from({ length: 500 }, (_, t) => phrase[t % 25]); // a text that repeats itself
  const before = lm.params.map((p) => p.value.data.slice());
  const adapted = dynamicLogProbs(lm, text, { learningRate: 0.3 });
  lm.params.forEach((p, i) => assertEquals(Array.from(p.value.data), Array.from(before[i])));
  assert(perplexityOf(adapted) < 0.8 * perplexityOf(lm.logProbs(text)), "it learned the repeats");
  assertEquals(adapted.length, 499);
});

Deno.test("dynamicLogProbs: the learning rate must be > 0", () => {
  const lm = new RNNLM({ classes: WordClasses.fromCounts([2, 1], 1), hiddenSize: 2 });
  for (const learningRate of [0, -0.1, NaN]) {
    assertThrows(() => dynamicLogProbs(lm, [0, 1], { learningRate }), RangeError, "learningRate");
  }
});
