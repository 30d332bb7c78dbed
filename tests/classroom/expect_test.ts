import { assertThrows } from "@std/assert";
import { CheckFailure, expectNumber } from "../../lib/check/classroom/expect.ts";

Deno.test("expectNumber: a relative tolerance, NaN only for NaN", () => {
  expectNumber("x", 1 + 1e-10, 1);
  expectNumber("x", NaN, NaN);
  assertThrows(() => expectNumber("x", 1.01, 1), CheckFailure, "x: got 1.01, expected 1");
  assertThrows(() => expectNumber("x", 0, NaN), CheckFailure);
});

Deno.test("expectNumber: an infinite expected value must be met exactly", () => {
  expectNumber("D3", -Infinity, -Infinity);
  assertThrows(() => expectNumber("D3", 0, -Infinity), CheckFailure, "expected -Infinity");
  assertThrows(() => expectNumber("D3", Infinity, -Infinity), CheckFailure);
  assertThrows(() => expectNumber("D3", 1e300, Infinity), CheckFailure);
});
