/**
 * Helpers shared by the tests of the sequence models: whole-model gradient
 * checks, re-padding a batch, and comparing losses and gradients.
 *
 * @module
 */

import { assert } from "@std/assert";
import { checkGradients, relativeError, zeroGrads } from "../../lib/mod.ts";
import { type PaddedBatch, padSequences, unpad } from "../../lib/layers/sequence.ts";
import type { SupervisedModel } from "../../lib/models/fit.ts";
import { assertGradientsMatch } from "../_helpers.ts";

/** Checks every parameter of `model` on `batch` against numerical gradients (≤ 1e-7). */
export function assertModelGradients<B>(model: SupervisedModel<B>, batch: B): void {
  assertGradientsMatch(checkGradients(model.params, () => model.forward(batch), () => {
    model.forward(batch);
    model.backward();
  }));
}

/** The same sequences padded to `steps` with `padId`. */
export function repad(batch: PaddedBatch, steps: number, padId: number): PaddedBatch {
  return padSequences(unpad(batch.ids, batch.lengths), { steps, padId });
}

/** Re-pads time-major per-step values (tags, targets) like {@link repad}. */
export function repadValues(
  values: ArrayLike<number>,
  lengths: ArrayLike<number>,
  steps: number,
): Int32Array {
  return padSequences(unpad(values, lengths), { steps }).ids;
}

/** Loss and a copy of every gradient after one forward and backward. */
export function lossAndGradients<B>(
  model: SupervisedModel<B>,
  batch: B,
): { loss: number; grads: number[][] } {
  zeroGrads(model.params);
  const loss = model.forward(batch);
  model.backward();
  return { loss, grads: model.params.map((p) => Array.from(p.grad.data)) };
}

/** Asserts that two batches give the same loss and gradients (up to round-off). */
export function assertSameLossAndGradients<B>(model: SupervisedModel<B>, a: B, b: B): void {
  const x = lossAndGradients(model, a), y = lossAndGradients(model, b);
  assert(Math.abs(x.loss - y.loss) < 1e-12 * Math.abs(x.loss), `loss ${x.loss} vs ${y.loss}`);
  x.grads.forEach((g, i) => {
    assert(relativeError(g, y.grads[i]) < 1e-10, `gradient of ${model.params[i].name}`);
  });
}
