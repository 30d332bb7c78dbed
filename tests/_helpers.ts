/**
 * Shared test helpers: a fixed random projection turns any layer output into
 * a scalar loss, so a gradient check exercises every output element.
 *
 * @module
 */

import { assert } from "@std/assert";
import { type GradCheckResult, type Matrix, Random } from "../lib/mod.ts";
import { gaussianMatrix } from "../lib/random.ts";

/** A loss `Σ R ⊙ y` with a fixed random `R`, and its gradient `R`. */
export function projection(rows: number, cols: number, seed = 99): {
  loss: (y: Matrix) => number;
  grad: Matrix;
} {
  const R = gaussianMatrix(new Random(seed), rows, cols);
  return {
    loss: (y) => {
      let s = 0;
      for (let i = 0; i < y.data.length; i++) s += R.data[i] * y.data[i];
      return s;
    },
    grad: R,
  };
}

/** Asserts every parameter's relative error is at most `bound`, naming the worst. */
export function assertGradientsMatch(results: GradCheckResult[], bound = 1e-7): void {
  for (const r of results) {
    assert(
      r.error <= bound,
      `gradient of ${r.name}: relative error ${
        r.error.toExponential(2)
      } > ${bound} (${r.entries} entries)`,
    );
  }
}
