/**
 * Char-LM training throughput, measured the way the reference framework
 * figure was: embedding → one recurrent layer → affine → softmax
 * cross-entropy, Adam, gradient clipping, truncated BPTT.
 *
 * @module
 */

import {
  Adam,
  CharLM,
  clipGradNorm,
  type DType,
  Random,
  StreamBatcher,
  zeroGrads,
} from "../lib/mod.ts";

/** Configuration of one throughput measurement. */
export interface ThroughputConfig {
  /** Recurrent cell kind (only "rnn" exists so far). */
  cell: "rnn";
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
  /** How long to measure (after one warm-up step). */
  seconds: number;
}

/**
 * Trains on random tokens for about `seconds` and reports tokens per second
 * of the median training step (robust to a noisy shared machine).
 */
export function measureTrainingThroughput(config: ThroughputConfig): {
  tokensPerSecond: number;
  stepsMeasured: number;
} {
  const { hidden, batch, steps, vocab, dtype, seconds } = config;
  const rng = new Random(1);
  const ids = Array.from({ length: batch * steps * 8 + 1 }, () => rng.int(vocab));
  const model = new CharLM({ vocabSize: vocab, hiddenSize: hidden, embeddingSize: hidden, dtype });
  const optimizer = new Adam({ lr: 1e-3 });
  const batcher = new StreamBatcher(ids, batch, steps);
  const params = model.params;
  const trainStep = () => {
    const b = batcher.next();
    if (b.epochStart) model.resetState();
    model.forward(b.inputs, b.targets, batch);
    zeroGrads(params);
    model.backward();
    clipGradNorm(params, 5);
    optimizer.step(params);
    return b.inputs.length;
  };
  trainStep(); // warm-up: JIT, first allocations, optimizer state
  const rates: number[] = [];
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || rates.length < 3) {
    const stepStart = performance.now();
    const tokens = trainStep();
    rates.push(tokens / ((performance.now() - stepStart) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { tokensPerSecond: rates[Math.floor(rates.length / 2)], stepsMeasured: rates.length };
}
