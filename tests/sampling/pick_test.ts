import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  argmax,
  argmaxRows,
  fromArray,
  NonFiniteScoresError,
  pickToken,
  Random,
} from "../../lib/mod.ts";

Deno.test("argmax picks the first largest value; argmaxRows does it per row", () => {
  assertEquals(argmax([1, 3, 3, 2]), 1);
  assertEquals(argmax([5]), 0);
  assertEquals(argmax([-2, -1, -3]), 1);
  assertEquals(Array.from(argmaxRows(fromArray([[0, 1, 0], [2, 2, 1], [0, 0, 9]]))), [1, 0, 2]);
});

/** How often each token is picked in `n` draws. */
function frequencies(scores: number[], options: { temperature?: number; topK?: number }, n = 4000) {
  const rng = new Random(11), counts = new Array(scores.length).fill(0);
  for (let i = 0; i < n; i++) counts[pickToken(scores, rng, options)]++;
  return counts.map((c) => c / n);
}

const scores = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];

Deno.test("pickToken: temperature 0 is greedy, temperature 1 samples softmax(scores)", () => {
  assertEquals(pickToken([0.1, 3, 0.2], new Random(0), { temperature: 0 }), 1);
  const f = frequencies(scores, {});
  [0.5, 0.3, 0.15, 0.05].forEach((p, j) =>
    assert(Math.abs(f[j] - p) < 0.03, `token ${j}: frequency ${f[j]}, probability ${p}`)
  );
});

Deno.test("pickToken: low temperature sharpens, high temperature flattens", () => {
  const cold = frequencies(scores, { temperature: 0.2 });
  const hot = frequencies(scores, { temperature: 20 });
  assert(cold[0] > 0.9, `T = 0.2: the favourite is picked ${cold[0]} of the time`);
  hot.forEach((f, j) => assert(Math.abs(f - 0.25) < 0.05, `T = 20: token ${j} at ${f}`));
});

Deno.test("pickToken: top-k samples only among the k largest scores", () => {
  const f = frequencies(scores, { topK: 2 });
  assertEquals([f[2], f[3]], [0, 0]);
  assert(Math.abs(f[0] - 0.5 / 0.8) < 0.03, `renormalised over the top 2: ${f[0]}`);
  assertEquals(frequencies(scores, { topK: 1, temperature: 5 }, 50)[0], 1);
});

Deno.test("pickToken is seeded: the same generator state gives the same choices", () => {
  const draw = (seed: number) => {
    const rng = new Random(seed);
    return Array.from({ length: 30 }, () => pickToken(scores, rng));
  };
  assertEquals(draw(3), draw(3));
  assert(draw(3).join() !== draw(4).join());
});

Deno.test("greedy and temperature sampling from NaN scores both raise NonFiniteScoresError", () => {
  // The old greedy pick returned token 0 for all-NaN scores without a word.
  for (const temperature of [0, 1, 0.5]) {
    const error = assertThrows(
      () => pickToken([NaN, NaN, NaN], new Random(0), { temperature }),
      NonFiniteScoresError,
      "score 0 is NaN",
    );
    assert(error instanceof RangeError);
  }
  assertThrows(
    () => pickToken([0, 1, Infinity], new Random(0), { temperature: 0 }),
    NonFiniteScoresError,
    "score 2 is Infinity",
  );
  assertThrows(
    () => pickToken([0, -Infinity], new Random(0), { topK: 1 }),
    NonFiniteScoresError,
    "score 1 is -Infinity",
  );
});

Deno.test("pickToken names a bad temperature or top-k", () => {
  const rng = new Random(0);
  assertThrows(
    () => pickToken([1, 2], rng, { temperature: -1 }),
    RangeError,
    "temperature must be a finite number ≥ 0, got -1",
  );
  assertThrows(() => pickToken([1, 2], rng, { temperature: NaN }), RangeError, "got NaN");
  assertThrows(
    () => pickToken([1, 2], rng, { topK: 3 }),
    RangeError,
    "topK must be an integer in [1, 2], got 3",
  );
  assertThrows(() => pickToken([1, 2], rng, { topK: 1.5 }), RangeError, "got 1.5");
});
