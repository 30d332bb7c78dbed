import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  interpolateLogProbs,
  lambdaSweep,
  perplexityOf,
  Random,
  tuneWeights,
} from "../../lib/mod.ts";

const rng = new Random(3);
const probs = (n: number) => Array.from({ length: n }, () => Math.log(0.01 + 0.98 * rng.uniform()));

Deno.test("interpolateLogProbs: the log of the mixture of probabilities, token by token", () => {
  const a = probs(50), b = probs(50), c = probs(50);
  const mix = interpolateLogProbs([a, b, c], [0.5, 0.3, 0.2]);
  mix.forEach((lp, t) => {
    const p = 0.5 * Math.exp(a[t]) + 0.3 * Math.exp(b[t]) + 0.2 * Math.exp(c[t]);
    assertAlmostEquals(lp, Math.log(p), 1e-12);
  });
  assertEquals(Array.from(interpolateLogProbs([a, b], [1, 0])), a);
  // Very small probabilities do not underflow.
  assertAlmostEquals(
    interpolateLogProbs([[-1000], [-1001]], [0.5, 0.5])[0],
    -1000 + Math.log((1 + Math.exp(-1)) / 2),
    1e-9,
  );
});

Deno.test("tuneWeights: EM finds the weights of the best mixture", () => {
  // Half the tokens favour a, half favour b, by the same amount: 50/50 is best.
  const a = [Math.log(0.9), Math.log(0.1), Math.log(0.9), Math.log(0.1)];
  const b = [Math.log(0.1), Math.log(0.9), Math.log(0.1), Math.log(0.9)];
  const [wa, wb] = tuneWeights([a, b]);
  assertAlmostEquals(wa, 0.5, 1e-9);
  assertAlmostEquals(wb, 0.5, 1e-9);
  // Random models: the tuned mixture is at least as good as every point of a fine grid.
  const x = probs(400), y = probs(400);
  const tuned = perplexityOf(interpolateLogProbs([x, y], tuneWeights([x, y])));
  for (const { perplexity } of lambdaSweep(x, y, Array.from({ length: 101 }, (_, i) => i / 100))) {
    assert(tuned <= perplexity + 1e-9, `${tuned} vs ${perplexity}`);
  }
});

Deno.test("lambdaSweep: the ends are the two models alone", () => {
  const a = probs(30), b = probs(30);
  const sweep = lambdaSweep(a, b);
  assertEquals(sweep.length, 21);
  assertAlmostEquals(sweep[0].perplexity, perplexityOf(b), 1e-9);
  assertAlmostEquals(sweep[20].perplexity, perplexityOf(a), 1e-9);
  assertAlmostEquals(sweep[15].lambda, 0.75, 1e-15);
});

Deno.test("interpolation: bad input is named", () => {
  assertThrows(
    () => interpolateLogProbs([[0, 0], [0]], [0.5, 0.5]),
    RangeError,
    "model 1 scores 1 tokens, model 0 scores 2",
  );
  assertThrows(() => interpolateLogProbs([[0]], [0.5]), RangeError, "the weights sum to 0.5");
  assertThrows(() => interpolateLogProbs([[0], [0]], [1.5, -0.5]), RangeError, "weight 1 is -0.5");
  assertThrows(() => interpolateLogProbs([[0]], [0.5, 0.5]), RangeError, "2 weights for 1 models");
  assertThrows(() => tuneWeights([]), RangeError, "no models");
  assertThrows(() => perplexityOf([]), RangeError, "no tokens");
});
