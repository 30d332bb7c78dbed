import { assertEquals, assertThrows } from "@std/assert";
import { StreamBatcher } from "../../lib/mod.ts";

Deno.test("batches are time-major slices of parallel streams, targets shifted by one", () => {
  const ids = Array.from({ length: 13 }, (_, i) => i); // streams: 0..5 and 6..11 (+ targets)
  const b = new StreamBatcher(ids, 2, 4);
  assertEquals(b.streamLength, 6);
  const first = b.next();
  assertEquals(Array.from(first.inputs), [0, 6, 1, 7, 2, 8, 3, 9]);
  assertEquals(Array.from(first.targets), [1, 7, 2, 8, 3, 9, 4, 10]);
  assertEquals(first.epochStart, true);
  const second = b.next();
  assertEquals(second.steps, 2, "the last batch of an epoch is shorter");
  assertEquals(Array.from(second.inputs), [4, 10, 5, 11]);
  assertEquals(Array.from(second.targets), [5, 11, 6, 12]);
  assertEquals(b.next().epochStart, true);
  assertEquals(b.epoch, 1);
});

Deno.test("StreamBatcher names bad sizes", () => {
  assertThrows(
    () => new StreamBatcher([1, 2, 3], 0, 4),
    RangeError,
    "batchSize must be a positive integer, got 0",
  );
  assertThrows(
    () => new StreamBatcher([1, 2, 3], 1, 2.5),
    RangeError,
    "seqLength must be a positive integer, got 2.5",
  );
  assertThrows(
    () => new StreamBatcher([1, 2, 3], 4, 2),
    RangeError,
    "3 tokens are too few for batchSize 4",
  );
});
