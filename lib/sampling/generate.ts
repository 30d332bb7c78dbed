/**
 * Sampling from a language model: read a prompt, then feed the model its own
 * choices one token at a time.
 *
 * @module
 */

import { requireInteger } from "../core/guards.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import type { Vocabulary } from "../data/vocab.ts";
import type { LanguageModel } from "../models/language_model.ts";
import { Random } from "../random.ts";
import { type PickOptions, pickToken } from "./pick.ts";

/** Options of {@link generate}. */
export interface GenerateOptions extends PickOptions {
  /** Number of tokens to produce after the prompt. */
  length: number;
  /** Generator for sampling (default: seeded with 0). */
  rng?: Random;
}

/**
 * Continues `prompt` (ids) by `length` tokens, from a zero state. The model's
 * carried training state is not touched, so sampling in the middle of
 * training is safe.
 *
 * @example
 * ```ts
 * import { generate, LanguageModel } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 3, hiddenSize: 4 });
 * console.assert(generate(lm, [0], { length: 5, temperature: 0 }).length === 5);
 * ```
 */
export function generate(
  model: LanguageModel,
  prompt: ArrayLike<number>,
  options: GenerateOptions,
): number[] {
  const { length, rng = new Random(0) } = options;
  requireInteger("length", length, { min: 0 });
  if (prompt.length === 0) {
    throw new RangeError("generate: the prompt is empty; give at least one token");
  }
  let { logits, hidden } = model.scores(
    SequenceBatch.tokens(prompt, 1, model.vocabSize),
    model.zeroState(1),
  );
  let row = prompt.length - 1;
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const next = pickToken(logits.row(row), rng, options);
    out.push(next);
    ({ logits, hidden } = model.scores(SequenceBatch.tokens([next], 1), hidden.final));
    row = 0;
  }
  return out;
}

/**
 * Text in, text out: encodes `prompt` with `vocab` (naming any characters it
 * lacks), generates, and returns the prompt followed by the continuation.
 *
 * @example
 * ```ts
 * import { LanguageModel, sampleText, Vocabulary } from "../mod.ts";
 * const vocab = Vocabulary.fromText("hello");
 * const lm = new LanguageModel({ vocabSize: vocab.size, hiddenSize: 4 });
 * console.assert(sampleText(lm, vocab, "h", { length: 4 }).length === 5);
 * ```
 */
export function sampleText(
  model: LanguageModel,
  vocab: Vocabulary,
  prompt: string,
  options: GenerateOptions,
): string {
  return prompt + vocab.decode(generate(model, vocab.encode(prompt), options));
}
