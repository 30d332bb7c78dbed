/**
 * Two binary sequence tasks that separate memory kinds: `"delay"` (repeat
 * the bit seen `delay` steps ago) needs a memory of the inputs; `"parity"`
 * (the parity of all bits so far) can be solved by a network that only
 * remembers its own last output.
 *
 * @module
 */

import { requireInteger, requireOneOf, requirePositiveInteger } from "../../core/guards.ts";
import { SequenceBatch } from "../../core/sequence_batch.ts";
import type { Random } from "../../random.ts";
import type { AlignedBatch } from "../batches.ts";

/** The two tasks: `"delay"` (y_t = x_{t−delay}) and `"parity"` (y_t = x_0 ⊕ … ⊕ x_t). */
export type BinaryTask = "delay" | "parity";

/**
 * `batchSize` random bit sequences of `steps` steps and their targets.
 * `"delay"`: `y_t = x_{t−delay}` (weight 0 for `t < delay`, where there is no
 * answer yet); `"parity"`: `y_t = y_{t−1} ⊕ x_t`.
 *
 * @example
 * ```ts
 * import { binaryTaskBatch, Random } from "../../mod.ts";
 * const b = binaryTaskBatch("delay", 5, 1, new Random(0), 2);
 * console.assert(b.targets.mask.join() === "0,0,1,1,1" && b.targets.data[2] === b.inputs.data[0]);
 * ```
 */
export function binaryTaskBatch(
  task: BinaryTask,
  steps: number,
  batchSize: number,
  rng: Random,
  delay = 2,
): AlignedBatch {
  requireOneOf("task", task, ["delay", "parity"]);
  requirePositiveInteger("steps", steps);
  requirePositiveInteger("batchSize", batchSize);
  requireInteger("delay", delay, { min: 1, max: steps - 1 });
  const n = steps * batchSize;
  const inputs = new Int32Array(n), targets = new Int32Array(n);
  const mask = new Float64Array(n).fill(1);
  for (let r = 0; r < n; r++) inputs[r] = rng.int(2);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batchSize; b++) {
      const r = t * batchSize + b;
      if (task === "delay") {
        if (t < delay) mask[r] = 0;
        else targets[r] = inputs[r - delay * batchSize];
      } else {
        targets[r] = (t === 0 ? 0 : targets[r - batchSize]) ^ inputs[r];
      }
    }
  }
  return {
    inputs: new SequenceBatch(inputs, { batchSize }),
    targets: new SequenceBatch(targets, { batchSize, mask }),
  };
}
