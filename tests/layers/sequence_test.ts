import { assert, assertEquals, assertThrows } from "@std/assert";
import { fromArray, gaussianMatrix, Random } from "../../lib/mod.ts";
import {
  assertLengths,
  concatColumns,
  gatherLast,
  padSequences,
  reverseIds,
  reversePadded,
  scatterLast,
  sequenceMask,
  splitColumns,
  unpad,
} from "../../lib/layers/sequence.ts";

Deno.test("padSequences lays sequences out time-major, padded at the end, with a mask", () => {
  const batch = padSequences([[1, 2, 3], [4], [5, 6]], { padId: 9 });
  assertEquals(batch.steps, 3);
  assertEquals(batch.batchSize, 3);
  assertEquals(Array.from(batch.lengths), [3, 1, 2]);
  // t = 0: 1 4 5 | t = 1: 2 pad 6 | t = 2: 3 pad pad
  assertEquals(Array.from(batch.ids), [1, 4, 5, 2, 9, 6, 3, 9, 9]);
  assertEquals(Array.from(batch.mask), [1, 1, 1, 1, 0, 1, 1, 0, 0]);
  assertEquals(Array.from(sequenceMask(batch.lengths, 3)), Array.from(batch.mask));
  assertEquals(unpad(batch.ids, batch.lengths), [[1, 2, 3], [4], [5, 6]]);
  const longer = padSequences([[1, 2]], { steps: 4 });
  assertEquals(Array.from(longer.ids), [1, 2, 0, 0]);
});

Deno.test("padSequences and assertLengths reject bad input, naming the value", () => {
  assertThrows(() => padSequences([]), RangeError, "no sequences");
  assertThrows(() => padSequences([[1], []]), RangeError, "sequence 1 is empty");
  assertThrows(
    () => padSequences([[1, 2, 3]], { steps: 2 }),
    RangeError,
    "steps is 2, but sequence 0 has 3 tokens",
  );
  assertThrows(() => padSequences([[1, 0.5]]), RangeError, "token 1 of sequence 0 is 0.5");
  assertThrows(
    () => assertLengths([2, 7], 5, 2),
    RangeError,
    "length 7 of sequence 1 is longer than the 5 padded steps",
  );
  assertThrows(() => assertLengths([0, 1], 5, 2), RangeError, "length 0 of sequence 0");
  assertThrows(
    () => assertLengths([1], 5, 2),
    RangeError,
    "lengths has 1 entries for a batch of 2",
  );
  assertThrows(() => gatherLast(fromArray([[1], [2], [3]]), [1, 1]), RangeError, "3 rows");
});

Deno.test("gatherLast picks each row's last real step; scatterLast is its adjoint", () => {
  // T = 3, B = 2; values encode (t, b) as 10·t + b.
  const hs = fromArray([[0], [1], [10], [11], [20], [21]]);
  assertEquals(Array.from(gatherLast(hs, [3, 1]).data), [20, 1]);
  assertEquals(Array.from(gatherLast(hs, [2, 3]).data), [10, 21]);
  assertEquals(
    Array.from(scatterLast(fromArray([[5], [7]]), [3, 1], 3).data),
    [0, 7, 0, 0, 5, 0],
  );
  // ⟨gather(h), d⟩ = ⟨h, scatter(d)⟩ for random h, d: scatter is exactly gather's backward.
  const rng = new Random(1);
  const lengths = [4, 1, 3];
  const h = gaussianMatrix(rng, 4 * 3, 5), d = gaussianMatrix(rng, 3, 5);
  const g = gatherLast(h, lengths), s = scatterLast(d, lengths, 4);
  let left = 0, right = 0;
  for (let i = 0; i < g.size; i++) left += g.data[i] * d.data[i];
  for (let i = 0; i < h.size; i++) right += h.data[i] * s.data[i];
  assert(Math.abs(left - right) < 1e-12, `${left} vs ${right}`);
});

Deno.test("reversePadded reverses within each length, keeps padding last, and round-trips", () => {
  const batch = padSequences([[1, 2, 3, 4], [5, 6], [7]], { padId: 0 });
  const reversed = reverseIds(batch.ids, batch.lengths);
  assertEquals(unpad(reversed, batch.lengths), [[4, 3, 2, 1], [6, 5], [7]]);
  // Padding positions are unchanged: no sequence starts in its padding.
  for (let i = 0; i < reversed.length; i++) {
    if (batch.mask[i] === 0) assertEquals(reversed[i], 0);
  }
  assertEquals(Array.from(reverseIds(reversed, batch.lengths)), Array.from(batch.ids));

  const rng = new Random(2);
  const xs = gaussianMatrix(rng, 4 * 3, 2);
  const r = reversePadded(xs, batch.lengths);
  assertEquals(Array.from(reversePadded(r, batch.lengths).data), Array.from(xs.data));
  // Row (t=0, b=1) of the reversal is row (t=1, b=1) of the input (length 2).
  assertEquals(Array.from(r.row(1)), Array.from(xs.row(1 * 3 + 1)));
  // Padding rows stay where they were.
  assertEquals(Array.from(r.row(3 * 3 + 2)), Array.from(xs.row(3 * 3 + 2)));
});

Deno.test("concatColumns and splitColumns are inverses", () => {
  const a = fromArray([[1, 2], [3, 4]]), b = fromArray([[5], [6]]);
  const ab = concatColumns(a, b);
  assertEquals(ab.toArray(), [[1, 2, 5], [3, 4, 6]]);
  const [a2, b2] = splitColumns(ab, 2);
  assertEquals(a2.toArray(), a.toArray());
  assertEquals(b2.toArray(), b.toArray());
  assertThrows(() => concatColumns(a, fromArray([[1]])), RangeError, "2×2 float64 and 1×1");
  assertThrows(() => splitColumns(ab, 4), RangeError, "column 4 is outside [0, 3]");
});
