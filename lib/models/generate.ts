/**
 * Sampling from a trained language model: feed a prompt, then feed the model
 * its own predictions one token at a time.
 *
 * @module
 */

import type { Vocabulary } from "../data/vocab.ts";
import type { Ids } from "../layers/embedding.ts";
import { Random, sampleCategorical } from "../random.ts";
import type { LanguageModel } from "./language_model.ts";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Number of tokens to produce after the prompt. */
  length: number;
  /**
   * Softmax temperature: 1 samples the model's distribution, below 1 sharpens
   * it, above 1 flattens it, and 0 always takes the most likely token (greedy).
   */
  temperature?: number;
  /** Generator for sampling (default: seeded with 0). */
  rng?: Random;
}

/**
 * Continues `prompt` (ids) by `length` tokens. The model's carried training
 * state is saved and restored, so sampling in the middle of training is safe.
 */
export function generate(model: LanguageModel, prompt: Ids, options: GenerateOptions): number[] {
  const { length, temperature = 1, rng = new Random(0) } = options;
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`length must be a non-negative integer, got ${length}`);
  }
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`temperature must be a finite number ≥ 0, got ${temperature}`);
  }
  if (prompt.length === 0) {
    throw new RangeError("generate: the prompt is empty; give at least one token");
  }
  const saved = model.state;
  model.resetState();
  try {
    const out: number[] = [];
    let logits = model.logits(prompt, 1);
    let row = prompt.length - 1;
    for (let i = 0; i < length; i++) {
      const next = pick(logits.row(row), temperature, rng);
      out.push(next);
      logits = model.logits([next], 1);
      row = 0;
    }
    return out;
  } finally {
    model.state = saved;
  }
}

function pick(logits: ArrayLike<number>, temperature: number, rng: Random): number {
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j] > logits[best]) best = j;
  if (temperature === 0) return best;
  // softmax(z / T), shifted by the max so exp cannot overflow.
  const weights = new Float64Array(logits.length);
  for (let j = 0; j < logits.length; j++) {
    weights[j] = Math.exp((logits[j] - logits[best]) / temperature);
  }
  return sampleCategorical(rng, weights);
}

/**
 * Text in, text out: encodes `prompt` with `vocab` (naming any characters it
 * lacks), generates, and returns the prompt followed by the continuation.
 *
 * @example
 * ```ts
 * import { CharLM, sampleText, Vocabulary } from "../mod.ts";
 * const vocab = Vocabulary.fromText("hello");
 * const lm = new CharLM({ vocabSize: vocab.size, hiddenSize: 4 });
 * console.assert(sampleText(lm, vocab, "h", { length: 4 }).length === 5);
 * ```
 */
export function sampleText(
  model: LanguageModel,
  vocab: Vocabulary,
  prompt: string,
  options: GenerateOptions,
): string {
  const ids = vocab.encode(prompt);
  return prompt + vocab.decode(generate(model, ids, options));
}
