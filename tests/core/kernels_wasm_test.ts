import { assert, assertEquals } from "@std/assert";
import { type Activation, type Kernels, referenceKernels } from "../../lib/core/kernels.ts";
import { backendInfo, fastKernels, setGemmThreads } from "../../lib/core/backend.ts";
import { loadWasmKernels, PARALLEL_MIN_MACS } from "../../lib/core/kernels_wasm.ts";
import { Random } from "../../lib/random.ts";

// Float32 tolerances, stated once:
// - gemm: |got − exact| ≤ (k + 2)·2⁻²⁴·(|C₀| + Σ_p |a_ip|·|b_pj|), the classic
//   bound for float32 summation of k products, against an exact (float64) product;
// - tanh, sigmoid: 2·10⁻⁷ absolute (outputs are in [−1, 1]), and 10⁻⁶ relative
//   where the result is a normal float32;
// - softmax: 10⁻⁵ relative + 10⁻⁹ absolute;
// - activation derivatives: 4·2⁻²⁴·|dy|·(1 + y²) (rounding of y², 1 − y², the product);
// - bias add and column sums: float32 rounding of each addition.
const EPS32 = 2 ** -24;

const rng = new Random(7);

function randomF32(length: number, scale = 1): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = (rng.uniform() * 2 - 1) * scale;
  return out;
}

const fast: Kernels = fastKernels()!;

Deno.test("wasm kernels load with SIMD on this engine", () => {
  const { flavor } = backendInfo();
  assert(fastKernels() !== undefined, "WebAssembly SIMD should be available in Deno");
  assert(flavor === "relaxed-simd" || flavor === "simd", `flavor ${flavor}`);
  assertEquals(fast.name, "wasm");
});

/** Checks backend.gemm against a float64 product with the float32 summation bound. */
function checkGemm(
  backend: Kernels,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  const a = randomF32(m * k);
  const b = randomF32(k * n);
  const c0 = randomF32(m * n);
  const c = c0.slice();
  backend.gemm(transA, transB, m, n, k, a, b, c, accumulate);
  // Exact product in float64, plus the magnitudes Σ|a||b| for the bound.
  const exact = accumulate ? Float64Array.from(c0) : new Float64Array(m * n);
  referenceKernels.gemm(
    transA,
    transB,
    m,
    n,
    k,
    Float64Array.from(a),
    Float64Array.from(b),
    exact,
    true,
  );
  const mag = accumulate ? Float64Array.from(c0, Math.abs) : new Float64Array(m * n);
  referenceKernels.gemm(
    transA,
    transB,
    m,
    n,
    k,
    Float64Array.from(a, Math.abs),
    Float64Array.from(b, Math.abs),
    mag,
    true,
  );
  for (let i = 0; i < m * n; i++) {
    const tol = (k + 2) * EPS32 * mag[i] + 1e-30;
    const err = Math.abs(c[i] - exact[i]);
    if (!(err <= tol)) {
      throw new Error(
        `gemm ${m}×${n}×${k} transA=${transA} transB=${transB} acc=${accumulate}: ` +
          `element ${i} is ${c[i]}, expected ${exact[i]} ± ${tol}`,
      );
    }
  }
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 5],
  [17, 3, 33],
  [33, 255, 257], // k over one cache block (256), odd edges everywhere
  [257, 33, 3],
  [5, 1, 300],
  [130, 9, 4], // m over one row block (128)
  [2, 2049, 3], // n over one column block (2048)
  [8, 16, 0], // k = 0: C = 0, or unchanged when accumulating
];

Deno.test("wasm gemm matches the exact product: odd shapes, all transposes, accumulate", () => {
  for (const [m, n, k] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const accumulate of [false, true]) {
          checkGemm(fast, m, n, k, transA, transB, accumulate);
        }
      }
    }
  }
});

Deno.test("the plain-SIMD fallback build computes the same products", () => {
  const fallback = loadWasmKernels("simd");
  assertEquals(fallback.flavor, "simd");
  for (const [m, n, k] of [[3, 17, 5], [33, 255, 257]] as const) {
    checkGemm(fallback.kernels!, m, n, k, true, false, true);
    checkGemm(fallback.kernels!, m, n, k, false, true, false);
  }
});

Deno.test("wasm gemm zeroes C when not accumulating, even if C held NaN", () => {
  const c = new Float32Array([NaN, NaN, NaN, NaN]);
  fast.gemm(false, false, 2, 2, 1, new Float32Array([1, 2]), new Float32Array([3, 4]), c, false);
  assertEquals(Array.from(c), [3, 4, 6, 8]);
});

Deno.test("wasm gemm leaves float64 to the reference kernels, bit for bit", () => {
  const a = Float64Array.from(randomF32(6 * 4));
  const b = Float64Array.from(randomF32(4 * 5));
  const c1 = new Float64Array(30);
  const c2 = new Float64Array(30);
  fast.gemm(false, false, 6, 5, 4, a, b, c1, false);
  referenceKernels.gemm(false, false, 6, 5, 4, a, b, c2, false);
  assertEquals(c1, c2);
});

function assertClose(got: Float32Array, expected: ArrayLike<number>, rel: number, abs: number) {
  assertEquals(got.length, expected.length);
  for (let i = 0; i < got.length; i++) {
    const tol = rel * Math.abs(expected[i]) + abs;
    if (!(Math.abs(got[i] - expected[i]) <= tol)) {
      throw new Error(`element ${i} is ${got[i]}, expected ${expected[i]} ± ${tol}`);
    }
  }
}

// Inputs spanning the branches: tiny, the tanh switch at 0.625, saturation, clamps.
function activationInputs(): Float32Array {
  const special = [
    0,
    -0,
    1e-8,
    -1e-8,
    1e-4,
    0.6249,
    0.625,
    -0.63,
    1,
    8.9,
    9.1,
    20,
    87,
    -87,
    100,
    -100,
  ];
  return Float32Array.from([...special, ...randomF32(1001, 12)]); // odd length: scalar tail
}

Deno.test("wasm tanh and sigmoid match Math to float32 accuracy", () => {
  const x = activationInputs();
  const cases: [Activation, (v: number) => number][] = [
    ["tanh", Math.tanh],
    ["sigmoid", (v) => 1 / (1 + Math.exp(-v))],
  ];
  for (const [kind, f] of cases) {
    const out = new Float32Array(x.length);
    fast.activate(kind, x, out);
    for (let i = 0; i < x.length; i++) {
      const exact = f(x[i]);
      const err = Math.abs(out[i] - exact);
      const normal = Math.abs(exact) >= 2 ** -126 || exact === 0;
      assert(err <= 2e-7, `${kind}(${x[i]}) = ${out[i]}, expected ${exact}`);
      if (normal && x[i] > -87) {
        assert(err <= 1e-6 * Math.abs(exact), `${kind}(${x[i]}) = ${out[i]}, expected ${exact}`);
      }
    }
  }
});

Deno.test("wasm relu, identity and in-place activation", () => {
  const x = activationInputs();
  for (const kind of ["relu", "identity"] as const) {
    const expected = new Float32Array(x.length);
    referenceKernels.activate(kind, x, expected);
    const out = new Float32Array(x.length);
    fast.activate(kind, x, out);
    assertEquals(out, expected);
  }
  const inPlace = x.slice();
  fast.activate("tanh", inPlace, inPlace);
  const separate = new Float32Array(x.length);
  fast.activate("tanh", x, separate);
  assertEquals(inPlace, separate);
});

Deno.test("wasm activateBackward matches the reference for every activation", () => {
  const len = 1027;
  for (const kind of ["tanh", "sigmoid", "relu", "identity"] as const) {
    const y = new Float32Array(len);
    referenceKernels.activate(kind, randomF32(len, 3), y);
    const dy = randomF32(len);
    const expected = new Float32Array(len);
    referenceKernels.activateBackward(kind, Float64Array.from(y), Float64Array.from(dy), expected);
    const dx = new Float32Array(len);
    fast.activateBackward(kind, y, dy, dx);
    // Float32 rounds y·y, 1 − y², and the product: a few ulps of |dy|·(1 + y²).
    for (let i = 0; i < len; i++) {
      const tol = 4 * EPS32 * Math.abs(dy[i]) * (1 + y[i] * y[i]);
      assert(
        Math.abs(dx[i] - expected[i]) <= tol,
        `${kind}' element ${i}: ${dx[i]} vs ${expected[i]}`,
      );
    }
    // dx may be dy.
    const dyCopy = dy.slice();
    fast.activateBackward(kind, y, dyCopy, dyCopy);
    assertEquals(dyCopy, dx);
  }
});

Deno.test("wasm addRowVector and sumRows on odd widths", () => {
  for (const [m, n] of [[1, 1], [3, 17], [33, 255], [4, 83]]) {
    const x = randomF32(m * n);
    const bias = randomF32(n);
    const expected = Float64Array.from(x);
    referenceKernels.addRowVector(expected, m, n, Float64Array.from(bias));
    const got = x.slice();
    fast.addRowVector(got, m, n, bias);
    assertClose(got, expected, 1e-6, 1e-7);

    const start = randomF32(n);
    const sums = Float64Array.from(start);
    referenceKernels.sumRows(Float64Array.from(x), m, n, sums);
    const out = start.slice();
    fast.sumRows(x, m, n, out);
    assertClose(out, sums, 1e-6, (m + 1) * EPS32 * m);
  }
});

Deno.test("wasm softmaxRows matches the float64 softmax, including in place", () => {
  for (const [m, n] of [[1, 1], [2, 3], [32, 83], [5, 257]]) {
    const x = randomF32(m * n, 30);
    const expected = new Float64Array(m * n);
    referenceKernels.softmaxRows(Float64Array.from(x), m, n, expected);
    const out = new Float32Array(m * n);
    fast.softmaxRows(x, m, n, out);
    assertClose(out, expected, 1e-5, 1e-9);
    fast.softmaxRows(x, m, n, x);
    assertEquals(x, out);
  }
});

Deno.test("wasm gemm split across two cores matches the exact product", async () => {
  const previous = await setGemmThreads(2);
  try {
    // m ≤ n splits columns, m > n splits rows; both with odd edges.
    for (const [m, n, k] of [[33, 257, 129], [257, 33, 129]] as const) {
      assert(m * n * k >= PARALLEL_MIN_MACS, "shape must be large enough to run in parallel");
      for (const [transA, transB] of [[false, false], [true, true], [true, false], [false, true]]) {
        checkGemm(fast, m, n, k, transA, transB, transA);
      }
    }
  } finally {
    await setGemmThreads(1); // stop the worker so it does not outlive the test
    if (previous === 2) await setGemmThreads(2);
  }
});
