/**
 * Two measures of exposure bias that hold: each compares the model with
 * something that does not depend on what the model wrote.
 *
 * - **Recovery from a corrupted context** ({@link corruptionRecovery}): the
 *   model reads true text in which a span of characters has been replaced by
 *   random ones, then the true text again. Its loss on the true characters
 *   after the span, against its loss at the same places with the clean
 *   context, says how much a wrong history costs it and how fast it gets
 *   back on track. Inputs after the span and every target are the book's.
 * - **A judge** ({@link judgeSamples}): the model writes continuations of
 *   true contexts, and a fixed n-gram model of the training text scores them
 *   (bits per character), next to its score for the book's own
 *   continuations from the same places.
 *
 * (Scoring the book's next character after the model's own continuation
 * does not hold: once the model's text departs from the book, that target
 * no longer fits any model, and flat predictions score best.)
 *
 * @module
 */

import { requireInteger } from "../core/guards.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import type { LanguageModel } from "../models/language_model.ts";
import { Random } from "../random.ts";
import { pickToken } from "../sampling/pick.ts";

/** Options of {@link corruptionRecovery}. */
export interface RecoveryOptions {
  /** True characters read before the end of the corrupted span (default 32). */
  context?: number;
  /** Characters replaced at the end of the context (default 8). */
  corrupt?: number;
  /** Predictions measured after the span (default 24). */
  horizon?: number;
  /** Places in the text, spread evenly (default 256). */
  starts?: number;
  /**
   * Where replacement characters are drawn from: a random position of this
   * text each (the training text gives characters at their usual rates).
   * A replacement always differs from the character it replaces.
   */
  noise: ArrayLike<number>;
  /** Seed of the replacements (default 0): every model gets the same ones. */
  seed?: number;
}

/** What {@link corruptionRecovery} measures, in nats per character. */
export interface Recovery {
  /**
   * `clean[j]`: mean loss of the true character that follows the span when
   * `j` true characters have been read since it, with the context intact.
   */
  clean: number[];
  /** `corrupted[j]`: the same, after the corrupted span. */
  corrupted: number[];
  /** `corrupted[j] − clean[j]`. */
  excess: number[];
}

/** The windows of `ids` at `starts` evenly spread places, each `span` long. */
function windows(ids: ArrayLike<number>, starts: number, span: number, what: string): number[][] {
  if (ids.length < span + starts) {
    throw new RangeError(`${what}: ${ids.length} ids are too few for ${starts} places of ${span}`);
  }
  const stride = Math.floor((ids.length - span) / starts);
  return Array.from(
    { length: starts },
    (_, b) => Array.from({ length: span }, (_, i) => ids[b * stride + i]),
  );
}

/** `ln Σ exp(z) − z[target]`: the loss of one row of logits. */
function rowLoss(z: ArrayLike<number>, target: number): number {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let s = 0;
  for (let j = 0; j < z.length; j++) s += Math.exp(z[j] - max);
  return max + Math.log(s) - z[target];
}

/** Time-major ids of `rows` (one per stream) from position `from` for `steps` steps. */
function timeMajor(rows: readonly number[][], from: number, steps: number): Int32Array {
  const B = rows.length, out = new Int32Array(steps * B);
  for (let t = 0; t < steps; t++) for (let b = 0; b < B; b++) out[t * B + b] = rows[b][from + t];
  return out;
}

/**
 * Recovery from a corrupted context (see the module doc). From `starts`
 * places, the model reads `context` characters whose last `corrupt` are
 * replaced by random ones, then the true text; `j = 0 … horizon − 1` counts
 * the true characters read since the span. The model's carried state is not
 * touched.
 *
 * @example
 * ```ts
 * import { corruptionRecovery, LanguageModel } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8 });
 * const ids = Array.from({ length: 400 }, (_, i) => i % 4);
 * const r = corruptionRecovery(lm, ids, { starts: 8, noise: ids });
 * console.assert(r.excess.length === 24);
 * ```
 */
export function corruptionRecovery(
  model: LanguageModel,
  ids: ArrayLike<number>,
  options: RecoveryOptions,
): Recovery {
  const { context = 32, corrupt = 8, horizon = 24, starts = 256, noise } = options;
  requireInteger("corrupt", corrupt, { min: 1, max: context });
  requireInteger("horizon", horizon, { min: 1 });
  const rng = new Random(options.seed ?? 0);
  const clean = windows(ids, starts, context + horizon, "corruptionRecovery");
  const corrupted = clean.map((w) => {
    const copy = w.slice();
    for (let i = context - corrupt; i < context; i++) {
      do copy[i] = noise[Math.floor(rng.uniform() * noise.length)]; while (copy[i] === w[i]);
    }
    return copy;
  });
  const steps = context + horizon - 1;
  const lossesAfterSpan = (rows: number[][]) => {
    const { logits } = model.scores(
      new SequenceBatch(timeMajor(rows, 0, steps), { batchSize: starts }),
      model.zeroState(starts),
    );
    return Array.from({ length: horizon }, (_, j) => {
      let total = 0;
      const t = context - 1 + j;
      for (let b = 0; b < starts; b++) {
        total += rowLoss(logits.row(t * starts + b), clean[b][t + 1]);
      }
      return total / starts;
    });
  };
  const cleanLoss = lossesAfterSpan(clean), corruptedLoss = lossesAfterSpan(corrupted);
  return {
    clean: cleanLoss,
    corrupted: corruptedLoss,
    excess: corruptedLoss.map((c, j) => c - cleanLoss[j]),
  };
}

/** What judges: an n-gram model (`NGramModel`) or anything with its `order` and `prob`. */
export interface Judge {
  /** n: the judge reads the last `order − 1` characters. */
  readonly order: number;
  /** P(next | context). */
  prob(context: ArrayLike<number>, next: number): number;
}

/** Options of {@link judgeSamples}. */
export interface JudgeOptions {
  /** Places in the text the continuations start from, spread evenly (default 64). */
  prompts?: number;
  /** True characters the model reads first (default 32). */
  context?: number;
  /** Characters it writes (default 100). */
  length?: number;
  /** Sampling temperature (default 1: the model's own distribution). */
  temperature?: number;
  /** Seed of the samples (default 0). */
  seed?: number;
}

/** What {@link judgeSamples} measures. */
export interface Judgement {
  /** The judge's bits per character for the model's continuations. */
  sampleBits: number;
  /** The judge's bits per character for the book's continuations from the same places. */
  truthBits: number;
  /** The model's continuations (ids), one per place. */
  samples: number[][];
}

/**
 * Lets `judge` (an n-gram model of the training text) score what `model`
 * writes: from `prompts` places of `ids`, the model reads `context` true
 * characters and samples `length` more; the judge scores each written
 * character given what precedes it (the true context, then the sample).
 *
 * @example
 * ```ts
 * import { judgeSamples, LanguageModel, NGramModel } from "../mod.ts";
 * const ids = Array.from({ length: 600 }, (_, i) => i % 4);
 * const judge = NGramModel.train(ids, { order: 3, vocabSize: 4 });
 * const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8 });
 * const j = judgeSamples(lm, judge, ids, { prompts: 4, length: 10 });
 * console.assert(j.truthBits < j.sampleBits);
 * ```
 */
export function judgeSamples(
  model: LanguageModel,
  judge: Judge,
  ids: ArrayLike<number>,
  options: JudgeOptions = {},
): Judgement {
  const { prompts = 64, context = 32, length = 100, temperature = 1 } = options;
  const rng = new Random(options.seed ?? 0);
  const places = windows(ids, prompts, context + length, "judgeSamples");
  let { logits, hidden } = model.scores(
    new SequenceBatch(timeMajor(places, 0, context), { batchSize: prompts }),
    model.zeroState(prompts),
  );
  let row0 = (context - 1) * prompts;
  const samples: number[][] = places.map(() => []);
  for (let i = 0; i < length; i++) {
    const next = new Int32Array(prompts);
    for (let b = 0; b < prompts; b++) {
      next[b] = pickToken(logits.row(row0 + b), rng, { temperature });
      samples[b].push(next[b]);
    }
    ({ logits, hidden } = model.scores(
      new SequenceBatch(next, { batchSize: prompts }),
      hidden.final,
    ));
    row0 = 0;
  }
  const bits = (continuation: (b: number) => readonly number[]) => {
    let total = 0;
    places.forEach((w, b) => {
      const text = [...w.slice(0, context), ...continuation(b)];
      for (let i = context; i < text.length; i++) {
        total -= Math.log2(judge.prob(text.slice(Math.max(0, i - judge.order + 1), i), text[i]));
      }
    });
    return total / (prompts * length);
  };
  return {
    sampleBits: bits((b) => samples[b]),
    truthBits: bits((b) => places[b].slice(context)),
    samples,
  };
}
