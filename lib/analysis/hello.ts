/**
 * The classic first RNN: vocabulary `[h, e, l, o]`, one-hot inputs, trained on
 * "hello" to predict each next letter; then given only `h` and fed its own
 * predictions, it spells "hello".
 *
 * The interesting part is the two `l`s: after the first the answer is `l`,
 * after the second it is `o`. The input is the same letter both times, so only
 * the hidden state (memory) can tell them apart.
 *
 * @module
 */

import { StreamBatcher } from "../data/stream_batcher.ts";
import { Vocabulary } from "../data/vocab.ts";
import { LanguageModel } from "../models/language_model.ts";
import { Adam } from "../optim/adam.ts";
import { generate } from "../sampling/generate.ts";
import type { StepRecord } from "../train/history.ts";
import { train } from "../train/trainer.ts";

/** Options of {@link trainHello}. */
export interface HelloOptions {
  /** The word to learn (default "hello"). */
  word?: string;
  /** Hidden units (default 8). */
  hiddenSize?: number;
  /** Training steps (default 200). */
  steps?: number;
  /** Adam learning rate (default 0.05). */
  lr?: number;
  /** Seed of the initialisation (default 1). */
  seed?: number;
  /** With `false`, the RNN has no recurrent weight: no memory (default true). */
  recurrent?: boolean;
  /** The live display's title, or `false` for none (default: shown in Jupyter and terminals). */
  progress?: boolean | string;
}

/** The trained model, its vocabulary, the loss curve and what it spells. */
export interface HelloResult {
  /** The trained model (float64, one-hot inputs). */
  model: LanguageModel;
  /** `[h, e, l, o]` for "hello". */
  vocab: Vocabulary;
  /** One record per training step. */
  history: StepRecord[];
  /** Greedy generation from the first letter, fed its own predictions. */
  spelled: string;
}

/**
 * Trains the hello model and lets it spell its word from the first letter.
 *
 * @example
 * ```ts
 * import { trainHello } from "./hello.ts";
 * console.assert((await trainHello({ progress: false })).spelled === "hello");
 * ```
 */
export async function trainHello(options: HelloOptions = {}): Promise<HelloResult> {
  const { word = "hello", hiddenSize = 8, steps = 200, lr = 0.05, seed = 1, recurrent = true } =
    options;
  const vocab = Vocabulary.fromText(word);
  const cell = { kind: "rnn", recurrent };
  const model = new LanguageModel({ vocabSize: vocab.size, hiddenSize, seed, cell });
  const ids = vocab.encode(word);
  const data = new StreamBatcher(ids, { batchSize: 1, seqLength: ids.length - 1 });
  const { steps: history } = await train(model, data, {
    steps,
    optimizer: new Adam({ lr }),
    clipNorm: 5,
    progress: options.progress ?? `hello model${recurrent ? "" : " without recurrence"}`,
  });
  const continuation = generate(model, ids.subarray(0, 1), {
    length: ids.length - 1,
    temperature: 0,
  });
  return { model, vocab, history, spelled: word[0] + vocab.decode(continuation) };
}
