/**
 * Gradient clipping, measured: the same model trained from the same weights
 * on the same batches without clipping, clipped by global norm and clipped by
 * value, step by step; and how much clipping by value turns the gradient.
 *
 * @module
 */

import type { Param } from "../layers/param.ts";
import type { Model, ModelPass } from "../models/model.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { TrainingDivergedError } from "../train/divergence.ts";
import type { BatchSource } from "../train/sources.ts";
import { train } from "../train/trainer.ts";

/** One way to clip (or not). */
export interface ClipMode {
  /** Shown in charts, e.g. `"no clipping"`. */
  name: string;
  /** Rescale the whole gradient to at most this global norm. */
  clipNorm?: number;
  /** Clamp every gradient element to ±this. */
  clipValue?: number;
}

/** Options of {@link compareClipping}. */
export interface CompareClippingOptions<B, P extends ModelPass> {
  /** A fresh model, with the same initial weights every call. */
  model: () => Model<B, P>;
  /** A fresh batch source, serving the same batches every call. */
  data: () => BatchSource<B>;
  /** A fresh optimizer. */
  optimizer: () => Optimizer;
  /** Optimizer steps. */
  steps: number;
  /** The modes to compare. */
  modes: readonly ClipMode[];
  /** The live display's title for each mode, or false. */
  progress?: (mode: ClipMode) => string | false;
}

/** One run of {@link compareClipping}. */
export interface ClipRun {
  /** The mode. */
  readonly mode: ClipMode;
  /** Training loss of every step. */
  readonly losses: readonly number[];
  /** Global gradient norm of every step, before clipping. */
  readonly gradNorms: readonly number[];
  /** The step at which the trainer stopped a diverged run (NaN or runaway loss), if it did. */
  readonly divergedAt?: number;
  /** Mean training loss over the last tenth of the steps run. */
  readonly finalLoss: number;
  /** Steps whose gradient norm was above the norm limit (norm clipping only). */
  readonly clippedSteps: number;
}

/**
 * Trains the model once per mode and records every step; a run the trainer
 * stops as diverged is kept, with the step it stopped at.
 */
export async function compareClipping<B, P extends ModelPass>(
  options: CompareClippingOptions<B, P>,
): Promise<ClipRun[]> {
  const runs: ClipRun[] = [];
  for (const mode of options.modes) {
    const losses: number[] = [], gradNorms: number[] = [];
    let divergedAt: number | undefined;
    try {
      await train(options.model(), options.data(), {
        steps: options.steps,
        optimizer: options.optimizer(),
        clipNorm: mode.clipNorm,
        clipValue: mode.clipValue,
        progress: options.progress?.(mode) ?? false,
        onStep: (r) => {
          losses.push(r.loss);
          gradNorms.push(r.gradNorm);
        },
      });
    } catch (e) {
      if (!(e instanceof TrainingDivergedError)) throw e;
      divergedAt = e.step;
    }
    const tail = losses.slice(Math.floor(losses.length * 0.9));
    const limit = mode.clipNorm ?? Infinity;
    runs.push({
      mode,
      losses,
      gradNorms,
      divergedAt,
      finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
      clippedSteps: gradNorms.filter((n) => n > limit).length,
    });
  }
  return runs;
}

/**
 * The cosine between the gradient of `params` and the same gradient clamped
 * element by element to ±`limit` (the gradients are left unchanged): 1 when
 * clamping keeps the direction, lower the more it turns it. Clipping by norm
 * always keeps it (cosine 1): it only shortens the vector.
 *
 * @example
 * ```ts
 * import { fromArray, param } from "../mod.ts";
 * import { valueClipCosine } from "./clipping.ts";
 * const w = param("w", fromArray([[0, 0]]));
 * w.grad.data.set([10, 1]); // clamped to [1, 1]: turned by 39°
 * console.assert(Math.abs(valueClipCosine([w], 1) - 11 / Math.sqrt(101 * 2)) < 1e-12);
 * ```
 */
export function valueClipCosine(params: readonly Param[], limit: number): number {
  let dot = 0, norm = 0, clippedNorm = 0;
  for (const p of params) {
    for (const g of p.grad.data) {
      const c = Math.max(-limit, Math.min(limit, g));
      dot += g * c;
      norm += g * g;
      clippedNorm += c * c;
    }
  }
  return norm === 0 ? 1 : dot / Math.sqrt(norm * clippedNorm);
}
