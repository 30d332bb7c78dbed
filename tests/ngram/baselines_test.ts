import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { bitsPerToken, ngramBaselines, NGramModel } from "../../lib/mod.ts";

const text = "the cat sat on the mat. the dog sat on the log. ".repeat(30);
const symbols = [...new Set(text)];
const ids = Array.from(text, (c) => symbols.indexOf(c));
const train = ids.slice(0, 1200), heldOut = ids.slice(1200);

Deno.test("ngramBaselines measures each order and smoothing on held-out ids", () => {
  const rows = ngramBaselines(train, heldOut, {
    orders: [1, 3],
    smoothings: ["kneser-ney", "add-k"],
  });
  assertEquals(rows.map((r) => r.label), [
    "1-gram KN",
    "3-gram KN",
    "1-gram add-1",
    "3-gram add-1",
  ]);
  const direct = NGramModel.train(train, {
    order: 3,
    smoothing: "kneser-ney",
    vocabSize: symbols.length,
  });
  assertAlmostEquals(rows[1].bitsPerToken, bitsPerToken(direct.crossEntropy(heldOut)), 1e-12);
  assert(rows[1].bitsPerToken < rows[0].bitsPerToken, "context helps on repetitive text");
});
