/**
 * What `tools/paper.ts` and its workers (`tools/paper/worker.ts`) send each
 * other: one job trains one RNNLM and scores the texts with it.
 *
 * @module
 */

import type { HypothesisStreams, RNNLMRecipe } from "../../lib/mod.ts";

/** One model to train and evaluate. */
export interface JobSpec {
  /** Short key, e.g. `rnn100s1`. */
  key: string;
  /** Name in the table, e.g. `RNN-100`. */
  name: string;
  /** The recipe (hidden size, seed, epochs…). */
  recipe: RNNLMRecipe;
  /** Merge words seen fewer times than this into one token (the paper's rare words). */
  rareThreshold?: number;
  /** Also score valid and test with dynamic evaluation at this rate. */
  dynamicRate?: number;
  /** Also score the n-best hypotheses. */
  nbest: boolean;
}

/** The texts, in the RNN's ids (streams with a leading `</s>`). */
export interface JobData {
  /** Training stream. */
  train: Int32Array;
  /** Validation stream. */
  valid: Int32Array;
  /** Test stream. */
  test: Int32Array;
  /** Class of each word (the paper's 100 frequency-binned classes). */
  classOf: Int32Array;
  /** Training count of each word. */
  counts: Int32Array;
  /** N-best hypotheses, each `</s> words… </s>`, laid end to end, with their starts. */
  nbest?: { valid: HypothesisStreams; test: HypothesisStreams };
}

/** A message from a worker. */
export type WorkerMessage =
  | { type: "progress"; key: string; text: string }
  | { type: "done"; result: JobResult }
  | { type: "error"; key: string; message: string };

/** What one job found. */
export interface JobResult {
  /** The job's key. */
  key: string;
  /** Validation perplexity per epoch, with the rate used. */
  epochs: { epoch: number; lr: number; trainPerplexity: number; validPerplexity: number }[];
  /** Seconds of learning (validation excluded). */
  trainingSeconds: number;
  /** Training words per second. */
  wordsPerSecond: number;
  /** Seconds of the whole job. */
  seconds: number;
  /** Per-token log-probabilities of valid and test (full vocabulary). */
  valid: Float64Array;
  /** Test. */
  test: Float64Array;
  /** The same with dynamic evaluation. */
  validDynamic?: Float64Array;
  /** Test, dynamic. */
  testDynamic?: Float64Array;
  /** Per-token log-probabilities of the n-best hypotheses (each hypothesis's words and its `</s>`). */
  nbest?: { valid: Float64Array; test: Float64Array };
}
