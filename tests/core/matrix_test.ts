import { assertEquals, assertThrows } from "@std/assert";
import { cast, type DType, fromArray, full, Matrix, rowSlice, zeros } from "../../lib/mod.ts";

Deno.test("Matrix stores row-major and reports its shape", () => {
  const m = fromArray([[1, 2, 3], [4, 5, 6]]);
  assertEquals(m.shape, [2, 3]);
  assertEquals(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
  assertEquals(m.get(1, 0), 4);
  assertEquals(Array.from(m.row(1)), [4, 5, 6]);
  assertEquals(String(m), "Matrix(2×3, float64)");
});

Deno.test("dtypes: float32 rounds, float64 keeps; clone is deep", () => {
  const m = full(1, 1, 0.1, "float32");
  assertEquals(m.data[0], Math.fround(0.1));
  assertEquals(cast(m, "float64").dtype, "float64");
  const c = m.clone();
  c.data[0] = 5;
  assertEquals(m.data[0], Math.fround(0.1));
  assertEquals(zeros(2, 2, "float32").data instanceof Float32Array, true);
});

Deno.test("Matrix rejects bad sizes, buffers and ragged rows, naming them", () => {
  assertThrows(() => new Matrix(-1, 2), RangeError, "rows must be a non-negative integer, got -1");
  assertThrows(
    () => new Matrix(2, 1.5),
    RangeError,
    "cols must be a non-negative integer, got 1.5",
  );
  assertThrows(
    () => new Matrix(2, 2, "float64", new Float64Array(3)),
    RangeError,
    "needs 4 elements, got a buffer of 3",
  );
  assertThrows(
    () => new Matrix(1, 1, "float64", new Float32Array(1)),
    TypeError,
    "dtype is float64 but its buffer is float32",
  );
  assertThrows(() => fromArray([[1, 2], [3]]), RangeError, "row 1 has 1 values, expected 2");
  assertThrows(() => zeros(2, 2).copyFrom(zeros(2, 3)), RangeError, "shape mismatch, 2×2 vs 2×3");
});

Deno.test("element access, rows and slices outside a matrix are refused, not read from a neighbour", () => {
  const m = fromArray([[1, 2], [3, 4]]);
  // Before the check, get(0, 2) read element (1, 0) of the next row.
  assertThrows(() => m.get(0, 2), RangeError, "element (0, 2) is outside Matrix(2×2, float64)");
  assertThrows(() => m.set(2, 0, 9), RangeError, "element (2, 0) is outside");
  assertThrows(() => m.get(0.5, 0), RangeError, "element (0.5, 0)");
  assertThrows(() => m.row(-1), RangeError, "row -1 is outside the 2 rows");
  // A fractional start made a slice straddling two rows.
  assertThrows(() => rowSlice(m, 0.5, 1), RangeError, "rowSlice: rows 0.5..1.5 outside 2×2");
  assertEquals(m.toArray(), [[1, 2], [3, 4]], "nothing was written");
});

Deno.test("a dtype the engine does not have is refused (float16 was stored as float64)", () => {
  assertThrows(
    () => new Matrix(1, 1, "float16" as DType),
    TypeError,
    'dtype must be "float32" or "float64", got "float16"',
  );
});
