/**
 * Char-LM training throughput, measured the way `bench/pytorch_char_lm.py`
 * measures PyTorch: embedding → one recurrent layer (RNN, LSTM or GRU) →
 * affine → softmax cross-entropy, Adam, gradient clipping by global norm 5,
 * truncated BPTT (the state carried from batch to batch), random tokens.
 *
 * @module
 */

import {
  Adam,
  clipGradNorm,
  type DType,
  LanguageModel,
  Random,
  StreamBatcher,
  zeroGrads,
} from "../lib/mod.ts";

/** The recurrent cells the benchmark trains. */
export type BenchCell = "rnn" | "lstm" | "gru";

/** Configuration of one throughput measurement. */
export interface ThroughputConfig {
  /** Recurrent cell type. */
  cell: BenchCell;
  /** Hidden units (and embedding size). */
  hidden: number;
  /** Parallel sequences per batch. */
  batch: number;
  /** Time steps per batch. */
  steps: number;
  /** Vocabulary size. */
  vocab: number;
  /** Element type. */
  dtype: DType;
  /** How long to measure (after the warm-up steps). */
  seconds: number;
  /** Stop after this many measured steps even if time is left (default: no limit). */
  maxSteps?: number;
}

/** One training step of the char LM, as a function that returns its token count. */
export function charLMStep(config: Omit<ThroughputConfig, "seconds">): () => number {
  const { cell, hidden, batch, steps, vocab, dtype } = config;
  const rng = new Random(1);
  const ids = Array.from({ length: batch * steps * 8 + 1 }, () => rng.int(vocab));
  const model = new LanguageModel({
    vocabSize: vocab,
    hiddenSize: hidden,
    embeddingSize: hidden,
    cell,
    dtype,
  });
  const optimizer = new Adam({ lr: 1e-3 });
  const batcher = new StreamBatcher(ids, { batchSize: batch, seqLength: steps });
  const params = model.params;
  return () => {
    const b = batcher.next();
    if (b.resetState) model.resetState();
    const pass = model.forward(b);
    zeroGrads(params);
    model.backward(pass);
    clipGradNorm(params, 5);
    optimizer.step(params);
    return b.inputs.rows;
  };
}

/**
 * Trains on random tokens for about `seconds` and reports tokens per second
 * of the median training step (robust to a noisy shared machine), after three
 * warm-up steps (JIT, first allocations, optimizer state), as the PyTorch
 * script does.
 */
export function measureTrainingThroughput(config: ThroughputConfig): {
  tokensPerSecond: number;
  stepsMeasured: number;
} {
  const step = charLMStep(config);
  for (let i = 0; i < 3; i++) step();
  const rates: number[] = [];
  const start = performance.now();
  const maxSteps = config.maxSteps ?? Infinity;
  while (
    (performance.now() - start < config.seconds * 1000 || rates.length < 5) &&
    rates.length < maxSteps
  ) {
    const stepStart = performance.now();
    const tokens = step();
    rates.push(tokens / ((performance.now() - stepStart) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { tokensPerSecond: rates[Math.floor(rates.length / 2)], stepsMeasured: rates.length };
}
