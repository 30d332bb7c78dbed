/**
 * Helpers shared by the tests of the models: whole-model gradient checks,
 * re-padding a batch, comparing losses and gradients, the check that a
 * pending backward survives other forward calls; and {@link trainModel}.
 *
 * @module
 */

import { assert, assertEquals } from "@std/assert";
import {
  checkGradients,
  type Model,
  type ModelPass,
  relativeError,
  SequenceBatch,
  type TokenBatch,
  zeroGrads,
} from "../../lib/mod.ts";
import { assertGradientsMatch } from "../_helpers.ts";

export { trainModel } from "../_train.ts";

/** Checks every parameter of `model` on `batch` against numerical gradients (≤ 1e-7). */
export function assertModelGradients<B, P extends ModelPass>(model: Model<B, P>, batch: B): void {
  let pass: P | undefined;
  assertGradientsMatch(
    checkGradients(model.params, () => (pass = model.forward(batch)).loss, () => {
      model.backward(pass!);
    }),
  );
}

/** The same sequences padded to `steps` with `padId` (the mask follows the lengths). */
export function repad(batch: TokenBatch, steps: number, padId = 0): TokenBatch {
  return SequenceBatch.pad(batch.sequences(), { steps, padId });
}

/** Loss and a copy of every gradient after one forward and backward. */
export function lossAndGradients<B, P extends ModelPass>(
  model: Model<B, P>,
  batch: B,
): { loss: number; grads: number[][] } {
  zeroGrads(model.params);
  const pass = model.forward(batch);
  model.backward(pass);
  return { loss: pass.loss, grads: model.params.map((p) => Array.from(p.grad.data)) };
}

/** Asserts that two batches give the same loss and gradients (up to round-off). */
export function assertSameLossAndGradients<B, P extends ModelPass>(
  model: Model<B, P>,
  a: B,
  b: B,
): void {
  const x = lossAndGradients(model, a), y = lossAndGradients(model, b);
  assert(Math.abs(x.loss - y.loss) < 1e-12 * Math.abs(x.loss), `loss ${x.loss} vs ${y.loss}`);
  x.grads.forEach((g, i) => {
    assert(relativeError(g, y.grads[i]) < 1e-10, `gradient of ${model.params[i].name}`);
  });
}

/**
 * Asserts that `between` (a prediction, an evaluation, another forward)
 * run after `forward` and before `backward` leaves the gradients of that
 * backward bit for bit as they are without it.
 */
export function assertBackwardSurvives<B, P extends ModelPass>(
  model: Model<B, P>,
  batch: B,
  between: () => void,
): void {
  const clean = lossAndGradients(model, batch);
  zeroGrads(model.params);
  const pass = model.forward(batch);
  between();
  model.backward(pass);
  const disturbed = model.params.map((p) => Array.from(p.grad.data));
  assert(clean.grads.some((g) => g.some((v) => v !== 0)), "the gradients are not all zero");
  model.params.forEach((p, i) => assertEquals(disturbed[i], clean.grads[i], p.name));
}
