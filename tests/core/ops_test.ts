import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  addBias,
  fromArray,
  gaussianMatrix,
  matmul,
  type Matrix,
  Random,
  relativeError,
  softmax,
  sumRowsInto,
  transpose,
  zeros,
} from "../../lib/mod.ts";

function naiveProduct(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, aik, k) => s + aik * b[k][j], 0)));
}
const transposed = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));

Deno.test("matmul with either side transposed equals the textbook product", () => {
  const rng = new Random(1);
  const A = gaussianMatrix(rng, 3, 5), B = gaussianMatrix(rng, 5, 4);
  const expected = naiveProduct(A.toArray(), B.toArray()).flat();
  const At = fromArray(transposed(A.toArray())), Bt = fromArray(transposed(B.toArray()));
  const cases: [Matrix, Matrix, boolean, boolean][] = [
    [A, B, false, false],
    [At, B, true, false],
    [A, Bt, false, true],
    [At, Bt, true, true],
  ];
  for (const [a, b, transA, transB] of cases) {
    const c = matmul(a, b, { transA, transB });
    assertEquals(c.shape, [3, 4]);
    assertAlmostEquals(relativeError(c.data, expected), 0, 1e-14);
  }
});

Deno.test("matmul accumulates into out when asked", () => {
  const a = fromArray([[1, 2]]), b = fromArray([[3], [4]]);
  const out = fromArray([[100]]);
  matmul(a, b, { out, accumulate: true });
  assertEquals(out.get(0, 0), 111);
  matmul(a, b, { out });
  assertEquals(out.get(0, 0), 11);
});

Deno.test("matmul names both shapes on a mismatch", () => {
  assertThrows(
    () => matmul(zeros(2, 3), zeros(4, 5)),
    RangeError,
    "matmul: shape mismatch, 2×3 · 4×5 (inner sizes 3 and 4 differ)",
  );
  assertThrows(() => matmul(zeros(2, 3), zeros(4, 5), { transA: true }), RangeError, "2×3ᵀ · 4×5");
  assertThrows(
    () => matmul(zeros(2, 3), zeros(3, 5), { out: zeros(2, 4) }),
    RangeError,
    "matmul output: expected shape 2×5, got 2×4",
  );
  assertThrows(
    () => matmul(zeros(1, 1, "float32"), zeros(1, 1)),
    TypeError,
    "dtype mismatch, float32 · float64",
  );
});

Deno.test("bias add and its gradient (column sums)", () => {
  const x = fromArray([[1, 2], [3, 4]]);
  addBias(x, fromArray([[10, 20]]));
  assertEquals(x.toArray(), [[11, 22], [13, 24]]);
  const g = fromArray([[1, 1]]);
  sumRowsInto(x, g);
  assertEquals(g.toArray(), [[25, 47]]);
  assertThrows(
    () => addBias(x, zeros(1, 3)),
    RangeError,
    "addBias bias: expected shape 1×2, got 1×3",
  );
});

Deno.test("softmax rows sum to one and survive huge logits", () => {
  const p = softmax(fromArray([[1, 2, 3], [1000, 1000, -1000]]));
  assertAlmostEquals(Array.from(p.row(0)).reduce((s, v) => s + v, 0), 1, 1e-15);
  assertAlmostEquals(p.get(0, 2) / p.get(0, 1), Math.E, 1e-12);
  assertEquals(Array.from(p.row(1)), [0.5, 0.5, 0]);
});

Deno.test("transpose swaps rows and columns", () => {
  assertEquals(transpose(fromArray([[1, 2, 3], [4, 5, 6]])).toArray(), [[1, 4], [2, 5], [3, 6]]);
});
