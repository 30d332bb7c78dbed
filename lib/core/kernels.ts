/**
 * The hot loops of the engine, behind one small interface.
 *
 * Every layer does its arithmetic through the active backend (see
 * `backend.ts`), so a faster implementation (WebAssembly SIMD, several
 * threads) can replace the readable TypeScript reference here without
 * touching any layer. Kernels take raw
 * row-major typed arrays and sizes; shape checking happens one level up, in
 * `ops.ts`, where the messages can name matrices.
 *
 * @module
 */

import type { Data, DType } from "./matrix.ts";
import { type Activation, sigmoid } from "./activation.ts";
import {
  type Gemm,
  type RecurrentKernels,
  referenceRecurrentKernels,
} from "./kernels_recurrent.ts";

export * from "./activation.ts";
export * from "./kernels_recurrent.ts";

/**
 * The operations a kernel backend provides. All arrays are row-major. Besides
 * the products and elementwise maps below, a backend runs the recurrent loops
 * over whole sequences ({@link RecurrentKernels}: the Elman, LSTM and GRU
 * recurrences, each step's gates and state update fused).
 */
export interface Kernels extends RecurrentKernels {
  /** A short name shown by benchmarks, e.g. `"reference"` or `"wasm"`. */
  readonly name: string;
  /**
   * General matrix product `C = op(A)·op(B)` (or `C += …` when `accumulate`),
   * with `op(A)` of shape m×k and `op(B)` of shape k×n. `transA` means A is
   * stored k×m; `transB` means B is stored n×k.
   */
  readonly gemm: Gemm;
  /** `x[i, j] += bias[j]` for every row i of an m×n matrix. */
  addRowVector(x: Data, m: number, n: number, bias: Data): void;
  /** `out[j] += Σ_i x[i, j]` (column sums of an m×n matrix, accumulated). */
  sumRows(x: Data, m: number, n: number, out: Data): void;
  /** `out = act(x)` elementwise. `out` may be `x`. */
  activate(kind: Activation, x: Data, out: Data): void;
  /**
   * `dx = dy ⊙ act'(·)` elementwise, written with the activation's *output*
   * `y` (tanh: 1 − y², sigmoid: y(1 − y), relu: y > 0). `dx` may be `dy`.
   */
  activateBackward(kind: Activation, y: Data, dy: Data, dx: Data): void;
  /** Row-wise softmax of an m×n matrix, numerically stable (max subtracted). */
  softmaxRows(x: Data, m: number, n: number, out: Data): void;
  /**
   * Optional: a buffer of `length` elements where this backend reads and
   * writes in place (no copies in and out), for scratch values that live only
   * inside one layer call (a recurrent layer's pre-activations, its gate
   * gradients). Its contents are undefined, and the next request under the
   * same `name` may return the same memory. `undefined` when the backend has
   * none for `dtype`.
   */
  workspace?(name: string, length: number, dtype: DType): Data | undefined;
}

/** The reference product: a plain triple loop (i-p-j order). */
const referenceGemm: Gemm = (transA, transB, m, n, k, a, b, c, accumulate) => {
  if (!accumulate) c.fill(0, 0, m * n);
  // i-p-j loop order: the innermost loop walks rows of B and C contiguously.
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      // No shortcut for aip = 0: 0·Infinity must stay NaN, as in the fast kernels.
      const aip = transA ? a[p * m + i] : a[i * k + p];
      if (transB) {
        for (let j = 0; j < n; j++) c[cRow + j] += aip * b[j * k + p];
      } else {
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
      }
    }
  }
};

/** The readable TypeScript kernels: the reference every faster backend is tested against. */
export const referenceKernels: Kernels = {
  name: "reference",

  gemm: referenceGemm,

  ...referenceRecurrentKernels(referenceGemm),

  addRowVector(x, m, n, bias) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) x[row + j] += bias[j];
    }
  },

  sumRows(x, m, n, out) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) out[j] += x[row + j];
    }
  },

  activate(kind, x, out) {
    const len = x.length;
    switch (kind) {
      case "tanh":
        for (let i = 0; i < len; i++) out[i] = Math.tanh(x[i]);
        break;
      case "sigmoid":
        for (let i = 0; i < len; i++) out[i] = sigmoid(x[i]);
        break;
      case "relu":
        for (let i = 0; i < len; i++) out[i] = x[i] > 0 ? x[i] : 0;
        break;
      case "identity":
        if (out !== x) out.set(x);
        break;
    }
  },

  activateBackward(kind, y, dy, dx) {
    const len = y.length;
    switch (kind) {
      case "tanh":
        for (let i = 0; i < len; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
        break;
      case "sigmoid":
        for (let i = 0; i < len; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
        break;
      case "relu":
        for (let i = 0; i < len; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
        break;
      case "identity":
        if (dx !== dy) dx.set(dy);
        break;
    }
  },

  softmaxRows(x, m, n, out) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (x[row + j] > max) max = x[row + j];
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(x[row + j] - max);
        out[row + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < n; j++) out[row + j] *= inv;
    }
  },
};
