import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  concatColumns,
  fromArray,
  gatherLast,
  gaussianMatrix,
  Random,
  reverseInTime,
  scatterLast,
  SequenceBatch,
  splitColumns,
} from "../../lib/mod.ts";

Deno.test("SequenceBatch.pad lays sequences out time-major, padded at the end, with a mask", () => {
  const batch = SequenceBatch.pad([[1, 2, 3], [4], [5, 6]], { padId: 9 });
  assertEquals([batch.steps, batch.batchSize, batch.rows, batch.tokens], [3, 3, 9, 6]);
  assertEquals(Array.from(batch.lengths), [3, 1, 2]);
  // t = 0: 1 4 5 | t = 1: 2 pad 6 | t = 2: 3 pad pad
  assertEquals(Array.from(batch.data), [1, 4, 5, 2, 9, 6, 3, 9, 9]);
  assertEquals(Array.from(batch.mask), [1, 1, 1, 1, 0, 1, 1, 0, 0]);
  assertEquals(batch.sequences(), [[1, 2, 3], [4], [5, 6]]);
  assertEquals(Array.from(batch.at(1)), [2, 9, 6]);
  assertEquals([batch.index(2, 1), batch.lastIndex(1), batch.isFull], [7, 1, false]);
  assertEquals(Array.from(SequenceBatch.pad([[1, 2]], { steps: 4 }).data), [1, 2, 0, 0]);
  assert(SequenceBatch.tokens([0, 1, 2, 3], 2).isFull, "a full-length batch");
});

Deno.test("SequenceBatch refuses bad input, naming the value", () => {
  assertThrows(() => SequenceBatch.pad([]), RangeError, "no sequences");
  assertThrows(() => SequenceBatch.pad([[1], []]), RangeError, "sequence 1 is empty");
  assertThrows(
    () => SequenceBatch.pad([[1, 2, 3]], { steps: 2 }),
    RangeError,
    "steps must be an integer ≥ 3, got 2",
  );
  // An Int32Array would have made 0.5 → 0, NaN → 0 and 2³² + 1 → 1 silently.
  for (const bad of [0.5, NaN, 2 ** 32 + 1, -1]) {
    assertThrows(
      () => SequenceBatch.pad([[1, bad]]),
      RangeError,
      `sequence 0: position 1 holds ${bad}`,
    );
    assertThrows(
      () => SequenceBatch.tokens([0, bad], 1),
      RangeError,
      `token ids: position 1 holds ${bad}`,
    );
  }
  assertThrows(
    () => SequenceBatch.pad([[1, 5]], { vocabSize: 5 }),
    RangeError,
    "expected an integer id in [0, 5)",
  );
  const data = new Int32Array(10);
  assertThrows(
    () => new SequenceBatch(data, { batchSize: 3 }),
    RangeError,
    "10 rows do not make whole steps of 3",
  );
  assertThrows(
    () => new SequenceBatch(data, { batchSize: 2, lengths: [5, 7] }),
    RangeError,
    "length of sequence 1 must be an integer in [1, 5], got 7",
  );
  assertThrows(
    () => new SequenceBatch(data, { batchSize: 2, lengths: [5] }),
    RangeError,
    "lengths has 1 entries for a batch of 2",
  );
  const mask = new Float64Array(10).fill(1);
  assertThrows(
    () => new SequenceBatch(data, { batchSize: 2, lengths: [5, 4], mask }),
    RangeError,
    "row 9 (sequence 1, step 4) is padding but weighs 1",
  );
  mask[3] = Infinity;
  assertThrows(
    () => new SequenceBatch(data, { batchSize: 2, mask }),
    RangeError,
    "mask: entry 3 is Infinity",
  );
  assertThrows(
    () => SequenceBatch.pad([[1]]).with(new Int32Array(2)),
    RangeError,
    "2 ids for a batch of 1 rows",
  );
});

Deno.test("gatherLast picks each sequence's last real step; scatterLast is its adjoint", () => {
  // T = 3, B = 2; values encode (t, b) as 10·t + b.
  const hs = fromArray([[0], [1], [10], [11], [20], [21]]);
  const batch = (lengths: number[]) => new SequenceBatch(hs, { batchSize: 2, lengths });
  assertEquals(Array.from(gatherLast(batch([3, 1])).data), [20, 1]);
  assertEquals(Array.from(gatherLast(batch([2, 3])).data), [10, 21]);
  assertEquals(Array.from(scatterLast(fromArray([[5], [7]]), batch([3, 1])).data), [
    0,
    7,
    0,
    0,
    5,
    0,
  ]);
  // ⟨gather(h), d⟩ = ⟨h, scatter(d)⟩ for random h, d: scatter is exactly gather's backward.
  const rng = new Random(1);
  const h = new SequenceBatch(gaussianMatrix(rng, 4 * 3, 5), { batchSize: 3, lengths: [4, 1, 3] });
  const d = gaussianMatrix(rng, 3, 5);
  const g = gatherLast(h), s = scatterLast(d, h);
  let left = 0, right = 0;
  for (let i = 0; i < g.size; i++) left += g.data[i] * d.data[i];
  for (let i = 0; i < h.data.size; i++) right += h.data.data[i] * s.data[i];
  assert(Math.abs(left - right) < 1e-12, `${left} vs ${right}`);
  assertThrows(
    () => scatterLast(fromArray([[1]]), h),
    RangeError,
    "gradient is 1×1, expected 3 rows",
  );
});

Deno.test("reverseInTime reverses within each length, keeps padding last, and round-trips", () => {
  const batch = SequenceBatch.pad([[1, 2, 3, 4], [5, 6], [7]], { padId: 0 });
  const reversed = reverseInTime(batch);
  assertEquals(reversed.sequences(), [[4, 3, 2, 1], [6, 5], [7]]);
  // Padding positions are unchanged: no sequence starts in its padding.
  for (let i = 0; i < batch.rows; i++) if (batch.mask[i] === 0) assertEquals(reversed.data[i], 0);
  assertEquals(Array.from(reverseInTime(reversed).data), Array.from(batch.data));
  const xs = batch.with(gaussianMatrix(new Random(2), 4 * 3, 2));
  const r = reverseInTime(xs);
  assertEquals(Array.from(reverseInTime(r).data.data), Array.from(xs.data.data));
  // Row (t=0, b=1) of the reversal is row (t=1, b=1) of the input (length 2).
  assertEquals(Array.from(r.data.row(1)), Array.from(xs.data.row(1 * 3 + 1)));
  // Padding rows stay where they were.
  assertEquals(Array.from(r.data.row(3 * 3 + 2)), Array.from(xs.data.row(3 * 3 + 2)));
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
