/**
 * Random inputs for exercise tests (seeded) and numerical gradients.
 *
 * @module
 */

import type { Matrix } from "../../core/matrix.ts";
import { gaussianMatrix, type Random } from "../../random.ts";
import type { RNNCellWeights } from "../exercise_types.ts";
import { numericalGradient } from "../gradcheck.ts";

/** A float64 matrix of normal samples times `scale`. */
export function randn(rng: Random, rows: number, cols: number, scale = 1): Matrix {
  const m = gaussianMatrix(rng, rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] *= scale;
  return m;
}

/** Random RNN weights for `inputSize` inputs and `hiddenSize` units, scaled like Xavier. */
export function randomWeights(
  rng: Random,
  inputSize: number,
  hiddenSize: number,
  scale = 1,
): RNNCellWeights {
  return {
    Wxh: randn(rng, inputSize, hiddenSize, scale / Math.sqrt(inputSize)),
    Whh: randn(rng, hiddenSize, hiddenSize, scale / Math.sqrt(hiddenSize)),
    b: randn(rng, 1, hiddenSize, 0.1 * scale),
  };
}

/** `n` random class ids in [0, classes). */
export function randomTargets(rng: Random, n: number, classes: number): number[] {
  return Array.from({ length: n }, () => rng.int(classes));
}

/** A loss `Σ R ⊙ y` with a fixed random `R`, whose gradient with respect to `y` is `R`. */
export function projection(rng: Random, rows: number, cols: number): {
  loss: (y: Matrix) => number;
  grad: Matrix;
} {
  const R = randn(rng, rows, cols);
  return {
    loss: (y) => {
      let s = 0;
      for (let i = 0; i < y.data.length; i++) s += R.data[i] * y.data[i];
      return s;
    },
    grad: R,
  };
}

/** The numerical gradient of `f` with respect to `x` (five-point centred differences), as a matrix of `x`'s shape. */
export function numericGrad(f: () => number, x: Matrix): Matrix {
  const g = numericalGradient(f, x);
  const out = x.clone();
  out.data.set(g);
  return out;
}

/** Copies of matrices, to check later that the learner's code did not change them. */
export function snapshot(ms: readonly Matrix[]): Matrix[] {
  return ms.map((m) => m.clone());
}
