import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { interpolateLogProbs, perplexityOf, Random } from "../../lib/mod.ts";
import type { JobResult } from "../../tools/paper/protocol.ts";
import { perplexityRows } from "../../tools/paper/results.ts";
import { paperSettings } from "../../tools/paper/setup.ts";

const rng = new Random(4);
const logProbs = (n: number, scale: number) =>
  Float64Array.from({ length: n }, () => Math.log(scale * (0.05 + 0.9 * rng.uniform())));

function fakeResult(key: string): JobResult {
  return {
    key,
    epochs: [{ epoch: 1, lr: 0.1, trainPerplexity: 300, validPerplexity: 250 }],
    trainingSeconds: 10,
    wordsPerSecond: 100_000,
    seconds: 12,
    valid: logProbs(200, 0.02),
    test: logProbs(150, 0.02),
    validDynamic: logProbs(200, 0.03),
    testDynamic: logProbs(150, 0.03),
  };
}

Deno.test("paper task: every row of the table, mixtures computed token by token, references by name", () => {
  const settings = paperSettings(false);
  const results = new Map(settings.jobs.map((j) => [j.key, fakeResult(j.key)]));
  const kn5 = { valid: logProbs(200, 0.015), test: logProbs(150, 0.015) };
  const { rows, sweep, weights } = perplexityRows(settings, kn5, results);
  const names = rows.map((r) => r.model);
  for (
    const name of [
      "KN5",
      "RNN-100",
      "RNN-200",
      "RNN-100 (seed 2)",
      "RNN-100 rare < 10",
      "RNN-100 + KN5 (λ = 0.75)",
      "RNN-200 dynamic + KN5 (λ tuned)",
      "4 RNNs",
      "4 RNNs dynamic + KN5",
    ]
  ) {
    assert(names.includes(name), `missing row ${name}`);
  }
  const first = results.get("rnn100s1")!;
  const row = rows.find((r) => r.model === "RNN-100 + KN5 (λ = 0.75)")!;
  assertAlmostEquals(
    row.test!,
    perplexityOf(interpolateLogProbs([first.test, kn5.test], [0.75, 0.25])),
    1e-9,
  );
  assertEquals(row.referenceValid, 153.4);
  assertEquals(rows.find((r) => r.model === "KN5")!.referenceTest, 238.2);
  assertEquals(sweep.length, 21);
  assertEquals(weights["4 RNNs + KN5"].length, 5);
  assertAlmostEquals(weights["4 RNNs"].reduce((a, b) => a + b), 1, 1e-9);
});

Deno.test("paper task: a quick run has no reference figures (other data)", () => {
  const settings = paperSettings(true);
  const results = new Map(settings.jobs.map((j) => [j.key, fakeResult(j.key)]));
  const kn5 = { valid: logProbs(200, 0.015), test: logProbs(150, 0.015) };
  const { rows } = perplexityRows(settings, kn5, results);
  assert(rows.every((r) => r.referenceValid === null && r.referenceTest === null));
  assertEquals(settings.sizes, [50, 100]);
});
