/**
 * A live check for the gated-cell notebooks: a float64 gradient check of one
 * LSTM or GRU step (parameters and inputs) against numerical gradients.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { checkGradients, type GradCheckResult } from "../check/gradcheck.ts";
import type { GRUCell } from "../layers/gru_cell.ts";
import type { LSTMCell } from "../layers/lstm_cell.ts";
import { type Param, param } from "../layers/param.ts";
import { gaussianMatrix, Random } from "../random.ts";

/** Options of {@link checkCellStep}. */
export interface CellStepCheckOptions {
  /** Sequences in the batch (default 3). */
  batchSize?: number;
  /** Seed of the inputs, of the random weights and of the loss weights (default 0). */
  seed?: number;
  /** Set every parameter to random values first, so that zero biases hide nothing (default true). */
  randomize?: boolean;
}

/** A fixed random weighting `Σ R ⊙ y` and its gradient `R`. */
function projection(rng: Random, rows: number, cols: number) {
  const R = gaussianMatrix(rng, rows, cols);
  const loss = (y: Matrix) => {
    let sum = 0;
    for (let i = 0; i < y.data.length; i++) sum += y.data[i] * R.data[i];
    return sum;
  };
  return { loss, grad: R };
}

/**
 * Checks one step of a float64 LSTM or GRU cell: the loss is a random
 * weighting of the step's outputs (`h`, and `c` for the LSTM), so the
 * gradients arriving at the step are random; the cell's `backward` is
 * compared with five-point numerical gradients for every parameter and for
 * the step's inputs `x`, `hPrev` (and `cPrev`). Returns one result per
 * matrix, its relative error first.
 */
export function checkCellStep(
  cell: LSTMCell | GRUCell,
  options: CellStepCheckOptions = {},
): GradCheckResult[] {
  const { batchSize: B = 3, seed = 0, randomize = true } = options;
  const rng = new Random(seed);
  if (randomize) {
    for (const p of cell.params) {
      p.value.data.set(gaussianMatrix(rng, p.value.rows, p.value.cols, 0.5).data);
    }
  }
  const H = cell.hiddenSize, lstm = "coupled" in cell;
  const x = param("x", gaussianMatrix(rng, B, cell.inputSize));
  const hPrev = param("hPrev", gaussianMatrix(rng, B, H, 0.5));
  const cPrev = param("cPrev", gaussianMatrix(rng, B, H, lstm ? 1 : 0));
  const onH = projection(rng, B, H), onC = projection(rng, B, H);
  const inputs: Param[] = lstm ? [x, hPrev, cPrev] : [x, hPrev];
  const forward = () =>
    lstm
      ? (cell as LSTMCell).forward(x.value, hPrev.value, cPrev.value)
      : (cell as GRUCell).forward(x.value, hPrev.value);
  const loss = () => {
    const step = forward();
    return onH.loss(step.h) + ("c" in step ? onC.loss(step.c) : 0);
  };
  const backward = () => {
    const step = forward();
    if ("c" in step) {
      const grads = (cell as LSTMCell).backward(onH.grad, onC.grad, step);
      cPrev.grad.data.set(grads.dcPrev.data);
      x.grad.data.set(grads.dx.data);
      hPrev.grad.data.set(grads.dhPrev.data);
    } else {
      const grads = (cell as GRUCell).backward(onH.grad, step);
      x.grad.data.set(grads.dx.data);
      hPrev.grad.data.set(grads.dhPrev.data);
    }
  };
  return checkGradients([...cell.params, ...inputs], loss, backward);
}
