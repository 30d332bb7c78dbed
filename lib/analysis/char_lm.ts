/**
 * Character language models of Moby-Dick compared by cell: the corpus split
 * of notebook 03, one training run of any cell with held-out bits per
 * character and a training speed that leaves the held-out measurements out,
 * and the hidden size that gives a cell a chosen number of parameters (to
 * compare cells at equal size).
 *
 * @module
 */

import { splitContiguous } from "../data/split.ts";
import { StreamBatcher } from "../data/stream_batcher.ts";
import { Vocabulary } from "../data/vocab.ts";
import { mobyDickText } from "../data/corpora/moby_dick.ts";
import { evaluateLanguageModel } from "../eval/evaluate.ts";
import type { CellSpec } from "../layers/cells.ts";
import { countParams } from "../layers/param.ts";
import { LanguageModel } from "../models/language_model.ts";
import { Adam } from "../optim/adam.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import type { LearningRateSchedule } from "../optim/schedule.ts";
import type { EpochRecord, TrainingHistory } from "../train/history.ts";
import { train } from "../train/trainer.ts";

/** A character corpus as ids: the vocabulary and three contiguous parts. */
export interface CharCorpus {
  /** The characters, sorted. */
  readonly vocab: Vocabulary;
  /** The first 90 % of the text. */
  readonly train: Int32Array;
  /** The next 5 %. */
  readonly validation: Int32Array;
  /** The last 5 %. */
  readonly test: Int32Array;
}

/**
 * Moby-Dick split as in notebook 03: sorted vocabulary of all 83 characters,
 * the first 90 % of the novel for training, the next 5 % for validation, the
 * last 5 % for test.
 */
export function mobyDickCorpus(): CharCorpus {
  const book = mobyDickText();
  const vocab = Vocabulary.fromText(book, { sort: true });
  const split = splitContiguous(book, { validation: 0.05, test: 0.05 });
  return {
    vocab,
    train: vocab.encode(split.train),
    validation: vocab.encode(split.validation),
    test: vocab.encode(split.test),
  };
}

/** The architecture of a char LM: everything but the weights. */
export interface CharLMShape {
  /** Cell type and options. */
  cell: string | CellSpec;
  /** Units of the recurrent state. */
  hiddenSize: number;
  /** Embedding width (default 32). */
  embeddingSize?: number;
  /** Characters in the vocabulary. */
  vocabSize: number;
}

/** The parameter count of a float32 char LM of this shape. */
export function charLMParams(shape: CharLMShape): number {
  return countParams(makeCharLM(shape, 0).params);
}

/** A float32 char LM of this shape (embedding → recurrent layer → affine), weights from `seed`. */
export function makeCharLM(shape: CharLMShape, seed: number): LanguageModel {
  const { cell, hiddenSize, embeddingSize = 32, vocabSize } = shape;
  return new LanguageModel({ vocabSize, hiddenSize, embeddingSize, cell, dtype: "float32", seed });
}

/**
 * The hidden size whose parameter count, `paramsFor(h)`, is closest to
 * `target` (the smaller size on a tie). `paramsFor` must grow with `h`; it is
 * called about 2·log₂(h) times, never far above the answer (sizes double
 * until the count passes the target, then a binary search).
 *
 * @example
 * ```ts
 * import { hiddenSizeForParams } from "./char_lm.ts";
 * console.assert(hiddenSizeForParams(1000, (h) => h * h) === 32); // 1024 is nearer than 961
 * ```
 */
export function hiddenSizeForParams(
  target: number,
  paramsFor: (hiddenSize: number) => number,
): number {
  let hi = 1;
  while (paramsFor(hi) < target) hi *= 2;
  let lo = Math.max(1, hi >> 1); // smallest h in [lo, hi] with paramsFor(h) ≥ target
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paramsFor(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 1) return 1;
  const below = Math.abs(target - paramsFor(lo - 1)), above = Math.abs(paramsFor(lo) - target);
  return below <= above ? lo - 1 : lo;
}

/** Options of {@link trainCharLM}. */
export interface CharLMRunOptions extends Omit<CharLMShape, "vocabSize"> {
  /** The corpus (see {@link mobyDickCorpus}). */
  corpus: CharCorpus;
  /** Optimizer steps (give this or `epochs`). */
  steps?: number;
  /** Passes over the training text (give this or `steps`). */
  epochs?: number;
  /** Parallel streams (default 32). */
  batchSize?: number;
  /** Steps of truncated BPTT (default 64). */
  seqLength?: number;
  /** Adam's learning rate (default 3e-3), when no `optimizer` is given. */
  lr?: number;
  /** The optimizer (default Adam with `lr`). */
  optimizer?: Optimizer;
  /** A learning-rate schedule built on the optimizer. */
  schedule?: (optimizer: Optimizer) => LearningRateSchedule;
  /** Global gradient-norm clipping (default 5). */
  clipNorm?: number;
  /** Seed of the initial weights (default 1). */
  seed?: number;
  /** Held-out measurement every this many steps, or each epoch (default: at the end only). */
  validateEvery?: number | "epoch";
  /** Characters of the validation text scored during training (default all). */
  validationChars?: number;
  /** The live display's title, or false. */
  progress?: string | boolean;
  /** A model to go on training instead of a new one (its shape must match). */
  model?: LanguageModel;
  /** Called after every epoch (e.g. to save a checkpoint); `false` stops training. */
  onEpoch?: (record: EpochRecord) => void | boolean;
}

/** What {@link trainCharLM} returns. */
export interface CharLMRun {
  /** E.g. `"lstm (64 units)"`. */
  readonly label: string;
  /** The trained model. */
  readonly model: LanguageModel;
  /** Its parameter count. */
  readonly params: number;
  /** The trainer's records. */
  readonly history: TrainingHistory;
  /** Held-out bits per character during training, by characters read. */
  readonly curve: readonly { x: number; y: number }[];
  /** Bits per character on the whole validation text at the end. */
  readonly validationBpc: number;
  /** Training characters per second, the held-out measurements left out. */
  readonly tokensPerSecond: number;
  /** Seconds of training (without the held-out measurements). */
  readonly trainSeconds: number;
}

/** The cell's name, e.g. `"lstm"` or `"lstm+peephole"`. */
export function cellLabel(cell: string | CellSpec): string {
  if (typeof cell === "string") return cell;
  const options = Object.entries(cell).filter(([k, v]) => k !== "kind" && v !== undefined);
  return [cell.kind, ...options.map(([k, v]) => (v === true ? k : `${k} ${v}`))].join(", ");
}

/**
 * Trains a char LM of `cell` (float32, embedding, Adam, clipping, truncated
 * BPTT over parallel streams) and measures it on the validation text.
 */
export async function trainCharLM(options: CharLMRunOptions): Promise<CharLMRun> {
  const { corpus, batchSize = 32, seqLength = 64, clipNorm = 5, seed = 1 } = options;
  const shape = { ...options, vocabSize: corpus.vocab.size };
  const model = options.model ?? makeCharLM(shape, seed);
  const optimizer = options.optimizer ?? new Adam({ lr: options.lr ?? 3e-3 });
  const heldOut = corpus.validation.subarray(0, options.validationChars);
  let validationSeconds = 0;
  const bpc = (ids: ArrayLike<number>) => {
    const start = performance.now();
    const value = evaluateLanguageModel(model, ids, { batchSize: 16, seqLength: 256 })
      .bitsPerToken;
    validationSeconds += (performance.now() - start) / 1000;
    return value;
  };
  const data = new StreamBatcher(corpus.train, {
    batchSize,
    seqLength,
    vocabSize: shape.vocabSize,
  });
  const history = await train(model, data, {
    steps: options.steps,
    epochs: options.epochs,
    optimizer,
    clipNorm,
    schedule: options.schedule?.(optimizer),
    progress: options.progress ?? false,
    onEpoch: options.onEpoch,
    validate: options.validateEvery === undefined
      ? undefined
      : { every: options.validateEvery, name: "bpc", run: () => bpc(heldOut) },
  });
  const trainSeconds = history.seconds - validationSeconds;
  const curve = history.validation.map((v) => ({ x: v.tokens, y: v.metrics.bpc }));
  const validationBpc = bpc(corpus.validation);
  const tokens = history.steps.at(-1)?.tokens ?? 0;
  return {
    label: `${cellLabel(options.cell)} (${options.hiddenSize} units)`,
    model,
    params: countParams(model.params),
    history,
    curve,
    validationBpc,
    tokensPerSecond: tokens / trainSeconds,
    trainSeconds,
  };
}
