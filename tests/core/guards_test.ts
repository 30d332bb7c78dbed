import { assertEquals, assertThrows } from "@std/assert";
import {
  requireIds,
  requireInteger,
  requireNumber,
  requireOneOf,
  requirePositive,
  requireWeights,
} from "../../lib/mod.ts";

Deno.test("each guard names the argument, what was expected and what it got", () => {
  assertEquals(requireInteger("steps", 3, { min: 1 }), 3);
  assertThrows(
    () => requireInteger("steps", 2.5, { min: 1 }),
    RangeError,
    "steps must be an integer ≥ 1, got 2.5",
  );
  assertThrows(() => requireInteger("steps", NaN), RangeError, "steps must be an integer, got NaN");
  assertThrows(
    () => requireInteger("t", 9, { min: 0, max: 4 }),
    RangeError,
    "t must be an integer in [0, 4], got 9",
  );
  assertThrows(
    () => requireNumber("lr", Infinity),
    RangeError,
    "lr must be a finite number, got Infinity",
  );
  assertThrows(
    () => requirePositive("clipNorm", 0),
    RangeError,
    "clipNorm must be a finite number > 0, got 0",
  );
  assertThrows(
    () => requireOneOf("cell", "lstm2", ["rnn", "lstm"]),
    RangeError,
    'cell must be one of "rnn", "lstm", got "lstm2"',
  );
  assertThrows(() => requireWeights("mask", [1, -1], 2), RangeError, "mask: entry 1 is -1");
  assertThrows(
    () => requireWeights("mask", [1], 2),
    RangeError,
    "mask has 1 entries, expected one per row (2)",
  );
});

Deno.test("requireIds refuses what an Int32Array would silently coerce", () => {
  assertEquals(requireIds("ids", [0, 2], 3), Int32Array.of(0, 2));
  for (const bad of [NaN, 1.5, 2 ** 32 + 1, -1, Infinity]) {
    assertThrows(
      () => requireIds("ids", [0, bad]),
      RangeError,
      `ids: position 1 holds ${bad}, expected a non-negative integer id`,
    );
  }
  assertThrows(
    () => requireIds("ids", [3], 3),
    RangeError,
    "position 0 holds 3, expected an integer id in [0, 3)",
  );
});
