/**
 * The recurrent neural network language model of Mikolov, Karafiát, Burget,
 * Černocký & Khudanpur (Interspeech 2010), as their RNNLM toolkit trains it.
 *
 * The input is the one-hot vector of the current word **concatenated** with
 * the previous hidden state, `x(t) = [w(t), s(t−1)]` (the paper writes
 * `w(t) + s(t−1)` for this concatenation: it is not a sum). One weight matrix
 * `U = [Wxh; Whh]` maps it to the sigmoid hidden layer:
 *
 * ```
 * s(t) = σ(x(t)·U) = σ(Wxh[w(t)] + s(t−1)·Whh)       one-hot · Wxh = a row lookup
 * P(w(t+1) | w(t), s(t−1)) = ClassSoftmax(s(t))       (word classes, no biases)
 * ```
 *
 * Two ways to train it, one model:
 * - the engine's protocol: `forward(batch)` → pass, `backward(pass)` adds
 *   exact gradients over the batch (truncated at its start), so any optimizer
 *   can train it and the gradients are checked numerically;
 * - `learn(batch, sgd)`: the toolkit's algorithm, word by word (see
 *   `rnnlm_online.ts`), which the trainer calls instead of backward + step.
 *   float32 models run it in a WebAssembly kernel (`_rnnlm_kernel.ts`).
 *
 * @module
 */

import { requireIds, requirePositiveInteger } from "../core/guards.ts";
import { type DType, Matrix } from "../core/matrix.ts";
import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import type { AlignedBatch } from "../data/batches.ts";
import { ClassSoftmax, type ClassSoftmaxPass, toolkitUniform3 } from "../layers/class_softmax.ts";
import { type Param, param } from "../layers/param.ts";
import type { WordClasses } from "../layers/word_classes.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { SGD } from "../optim/sgd.ts";
import { Random } from "../random.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";
import { createKernelEngine, kernelStorage } from "./_rnnlm_kernel.ts";
import { type OnlineEngine, type OnlineWeights, ReferenceOnlineEngine } from "./rnnlm_online.ts";

/** Options of {@link RNNLM}; the defaults are the paper's (`rnnlm -class 100 -bptt 4 -bptt-block 10`). */
export interface RNNLMOptions {
  /** The word classes of the output layer (they fix the vocabulary size). */
  classes: WordClasses;
  /** Hidden units. */
  hiddenSize: number;
  /** The toolkit's `-bptt` (default 4; 0: plain backpropagation, one step, every word). */
  bptt?: number;
  /** The toolkit's `-bptt-block` (default 10): words between two BPTT walks. */
  bpttBlock?: number;
  /** Clip of the back-propagated error signals (`-gradient-cutoff`, default 15; 0: none). */
  errorClip?: number;
  /** The L2 shrink acts on every this-many-th word (the toolkit: 10). */
  decayEvery?: number;
  /** float64 (default; exact, for checks) or float32 (the WebAssembly kernel when available). */
  dtype?: DType;
  /** Seed of the initial weights (default 1, the toolkit's `-rand-seed`). */
  seed?: number;
  /** Carry `forward`'s state from batch to batch (default true). */
  stateful?: boolean;
  /** `"reference"` forces the TypeScript engine for float32 too (default: the kernel). */
  engine?: "kernel" | "reference";
}

/** A forward pass of {@link RNNLM}. */
export interface RNNLMPass extends ModelPass {
  /** The input words. */
  readonly inputs: TokenBatch;
  /** The state before the first step `[B × H]`. */
  readonly initial: Matrix;
  /** The hidden states `[T·B × H]`, time-major. */
  readonly hs: Matrix;
  /** The output layer's pass. */
  readonly output: ClassSoftmaxPass;
}

/** Options of {@link RNNLM.logProbs}. */
export interface LogProbOptions {
  /** Dynamic evaluation: learn while scoring, with this rate (changes the weights!). */
  learningRate?: number;
  /** L2 factor while learning (default 1e-7, the toolkit's). */
  weightDecay?: number;
}

/**
 * The paper's RNN language model with a class-factorised output layer.
 *
 * @example
 * ```ts
 * import { RNNLM, SGD, WordClasses } from "../mod.ts";
 * const classes = WordClasses.fromCounts([5, 4, 3, 2, 1], 2);
 * const lm = new RNNLM({ classes, hiddenSize: 4 });
 * const stream = Int32Array.of(0, 1, 2, 0, 3, 4, 0);
 * const before = lm.logProbs(stream).reduce((a, b) => a + b);
 * const batch = { inputs: lm.tokens(stream.subarray(0, 6)), targets: lm.tokens(stream.subarray(1)) };
 * for (let epoch = 0; epoch < 20; epoch++) lm.learn({ ...batch, resetState: true }, new SGD({ lr: 0.1 }));
 * console.assert(lm.logProbs(stream).reduce((a, b) => a + b) > before);
 * ```
 */
export class RNNLM implements Model<AlignedBatch, RNNLMPass>, Predictor<TokenBatch, Int32Array> {
  /** Input weights of each word `[V × H]`: the word rows of `U`, an embedding table. */
  readonly Wxh: Param;
  /** Recurrent weights `[H × H]`: the state rows of `U`. */
  readonly Whh: Param;
  /** The class-factorised output layer (`Vc`, `Vw`). */
  readonly output: ClassSoftmax;
  /** The options it was built with. */
  readonly options: Readonly<RNNLMOptions>;
  /** Steps of each BPTT walk (the toolkit's `bptt + bptt_block − 2`). */
  readonly walkSteps: number;
  /** Words between two walks. */
  readonly walkEvery: number;
  #state: Matrix | undefined;
  #train: OnlineEngine | undefined;
  #score: OnlineEngine | undefined;
  readonly #storage: ReturnType<typeof kernelStorage>;

  /** Builds the model; initial weights as the toolkit draws them, from `seed`. */
  constructor(options: RNNLMOptions) {
    const { classes, hiddenSize: H, dtype = "float64", bptt = 4, bpttBlock = 10 } = options;
    requirePositiveInteger("hiddenSize", H);
    requirePositiveInteger("bpttBlock", bpttBlock);
    if (!Number.isInteger(bptt) || bptt < 0) {
      throw new RangeError(`RNNLM: bptt must be an integer ≥ 0, got ${bptt}`);
    }
    requirePositiveInteger("decayEvery", options.decayEvery ?? 10);
    if (!((options.errorClip ?? 15) >= 0)) {
      throw new RangeError(`RNNLM: errorClip must be ≥ 0, got ${options.errorClip}`);
    }
    this.options = { ...options };
    this.walkSteps = bptt === 0 ? 1 : bptt + bpttBlock - 1;
    this.walkEvery = bptt === 0 ? 1 : bpttBlock;
    const V = classes.vocabSize;
    const useKernel = dtype === "float32" && options.engine !== "reference";
    this.#storage = kernelStorage(useKernel, { H, steps: this.walkSteps, classes });
    const rng = new Random(options.seed ?? 1);
    const block = (name: string, rows: number, data?: Float32Array) => {
      const m = new Matrix(rows, H, dtype, data);
      for (let i = 0; i < m.data.length; i++) m.data[i] = toolkitUniform3(rng);
      return param(name, m);
    };
    this.Wxh = block("Wxh", V, this.#storage?.Wxh);
    this.Whh = block("Whh", H, this.#storage?.Whh);
    this.output = new ClassSoftmax({
      hiddenSize: H,
      classes,
      rng,
      dtype,
      storage: this.#storage?.V,
    });
  }

  /** `[Wxh, Whh, Vc, Vw]`. */
  get params(): Param[] {
    return [this.Wxh, this.Whh, ...this.output.params];
  }

  /** Number of words. */
  get vocabSize(): number {
    return this.output.classes.vocabSize;
  }

  /** Hidden units. */
  get hiddenSize(): number {
    return this.Whh.value.rows;
  }

  /** Element type. */
  get dtype(): DType {
    return this.Whh.value.dtype;
  }

  /** Whether `learn` and `logProbs` run in the WebAssembly kernel. */
  get usesKernel(): boolean {
    return this.#storage !== undefined;
  }

  /** One stream of ids as a token batch (checked against the vocabulary). */
  tokens(ids: ArrayLike<number>): TokenBatch {
    return batchOf(ids, this.vocabSize);
  }

  /** The toolkit's fresh state for `B` streams: 0.1 everywhere (`netFlush`). */
  freshState(batchSize: number): Matrix {
    const m = new Matrix(batchSize, this.hiddenSize, this.dtype);
    m.data.fill(0.1);
    return m;
  }

  /** Forgets every carried state (forward's and the online engines'). */
  resetState(): void {
    this.#state = undefined;
    this.#train?.reset();
    this.#score?.reset();
  }

  /** Mean `−log P` of `batch.targets`, from `initial`, else the carried (or a fresh) state. */
  forward(batch: AlignedBatch, initial?: Matrix): RNNLMPass {
    const { inputs, targets } = batch;
    if (targets.rows !== inputs.rows || targets.batchSize !== inputs.batchSize) {
      throw new RangeError(`RNNLM: ${targets.rows} targets for ${inputs.rows} inputs`);
    }
    const xs = requireIds("RNNLM inputs", inputs.data, this.vocabSize);
    const B = inputs.batchSize, H = this.hiddenSize;
    const h0 = initial ?? this.#state ?? this.freshState(B);
    if (h0.rows !== B || h0.cols !== H) {
      throw new RangeError(`RNNLM: initial state is ${h0.rows}×${h0.cols}, expected ${B}×${H}`);
    }
    const hs = new Matrix(inputs.rows, H, this.dtype);
    const Wxh = this.Wxh.value.data, Whh = this.Whh.value.data;
    for (let r = 0; r < inputs.rows; r++) {
      const prev = r < B
        ? h0.data.subarray(r * H, (r + 1) * H)
        : hs.data.subarray((r - B) * H, (r - B + 1) * H);
      const s = hs.data.subarray(r * H, (r + 1) * H);
      for (let j = 0; j < H; j++) s[j] = Wxh[xs[r] * H + j];
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) s[j] += prev[i] * Whh[i * H + j];
      for (let j = 0; j < H; j++) s[j] = 1 / (1 + Math.exp(-Math.min(50, Math.max(-50, s[j]))));
    }
    const output = this.output.forward(hs, targets.data, targets.isFull ? undefined : targets.mask);
    if (initial === undefined && this.options.stateful !== false) {
      this.#state = new Matrix(B, H, this.dtype, hs.data.slice((inputs.steps - 1) * B * H));
    }
    return { loss: output.loss, count: output.count, inputs, initial: h0, hs, output };
  }

  /** Exact gradients of the pass's loss, back through every step of the batch. */
  backward(pass: RNNLMPass): void {
    const dh = this.output.backward(pass.output);
    const { inputs, initial, hs } = pass, B = inputs.batchSize, H = this.hiddenSize;
    const Whh = this.Whh.value.data, gWhh = this.Whh.grad.data, gWxh = this.Wxh.grad.data;
    const next = new Float64Array(B * H);
    for (let r = inputs.rows - 1; r >= 0; r--) {
      const b = r % B, s = hs.data.subarray(r * H, (r + 1) * H);
      const prev = r < B
        ? initial.data.subarray(b * H, (b + 1) * H)
        : hs.data.subarray((r - B) * H, (r - B + 1) * H);
      const da = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        da[j] = (dh.data[r * H + j] + next[b * H + j]) * s[j] * (1 - s[j]);
      }
      const x = inputs.data[r];
      for (let j = 0; j < H; j++) gWxh[x * H + j] += da[j];
      for (let i = 0; i < H; i++) {
        let back = 0;
        for (let j = 0; j < H; j++) {
          gWhh[i * H + j] += prev[i] * da[j];
          back += da[j] * Whh[i * H + j];
        }
        next[b * H + i] = back;
      }
    }
  }

  /** The most likely next word at every position, from a fresh state. */
  predict(inputs: TokenBatch): Int32Array {
    const targets = inputs.with(new Int32Array(inputs.rows));
    const { hs } = this.forward({ inputs, targets }, this.freshState(inputs.batchSize));
    const H = this.hiddenSize, out = new Int32Array(inputs.rows);
    for (let r = 0; r < inputs.rows; r++) {
      const p = this.output.distribution(hs.data.subarray(r * H, (r + 1) * H));
      for (let w = 1; w < p.length; w++) if (p[w] > p[out[r]]) out[r] = w;
    }
    return out;
  }

  /**
   * The toolkit's algorithm over one stream (batch size 1), word by word,
   * with plain SGD's learning rate and weight decay (the toolkit's `-alpha`
   * and `-beta`). Carries its state to the next call; a batch with
   * `resetState` starts fresh. Returns the mean `−log P` of the words as they
   * were scored, each before the update it caused.
   */
  learn(batch: AlignedBatch, optimizer: Optimizer): ModelPass {
    if (!(optimizer instanceof SGD)) {
      throw new TypeError(
        `RNNLM.learn: the toolkit's algorithm is plain SGD; got ${optimizer.constructor.name}`,
      );
    }
    const { inputs, targets } = batch;
    if (inputs.batchSize !== 1 || targets.batchSize !== 1 || !targets.isFull) {
      throw new RangeError(
        `RNNLM.learn reads one stream word by word: batch size 1 and no padding ` +
          `(got batch size ${inputs.batchSize}${targets.isFull ? "" : ", padded"})`,
      );
    }
    const rates = {
      lr: optimizer.lr,
      weightDecay: optimizer.weightDecay,
      every: this.walkEvery,
      decayEvery: this.options.decayEvery ?? 10,
    };
    const engine = this.#train ??= this.#engine();
    if (batch.resetState === true) engine.reset();
    const logProbs = this.#run(engine, inputs.data, targets.data, rates);
    return { loss: -mean(logProbs), count: logProbs.length };
  }

  /**
   * `log P(stream[t+1] | stream[0 … t])` for t = 0 … n−2, from a fresh state
   * (the toolkit's convention: the stream starts with `</s>` as context).
   * With `learningRate`, the model learns as it reads (dynamic evaluation:
   * a BPTT walk and the L2 shrink after every word, as `rnnlm -dynamic`).
   */
  logProbs(stream: ArrayLike<number>, options: LogProbOptions = {}): Float64Array {
    const ids = requireIds("RNNLM.logProbs", stream, this.vocabSize);
    if (ids.length < 2) return new Float64Array(0);
    const { learningRate = 0, weightDecay = 1e-7 } = options;
    const engine = this.#score ??= this.#engine();
    engine.reset();
    const rates = { lr: learningRate, weightDecay, every: 1, decayEvery: 1 };
    return this.#run(engine, ids.subarray(0, ids.length - 1), ids.subarray(1), rates);
  }

  /** A copy with the same options and weights, and fresh states. */
  clone(): RNNLM {
    const copy = new RNNLM(this.options);
    this.params.forEach((p, i) => copy.params[i].value.data.set(p.value.data));
    return copy;
  }

  #run(
    engine: OnlineEngine,
    inputs: Int32Array,
    targets: Int32Array,
    rates: { lr: number; weightDecay: number; every: number; decayEvery: number },
  ): Float64Array {
    requireIds("RNNLM targets", targets, this.vocabSize);
    requireIds("RNNLM inputs", inputs, this.vocabSize);
    const logProbs = new Float64Array(inputs.length);
    engine.run(inputs, targets, rates, logProbs);
    return logProbs;
  }

  #engine(): OnlineEngine {
    const weights: OnlineWeights = {
      H: this.hiddenSize,
      Wxh: this.Wxh.value.data,
      Whh: this.Whh.value.data,
      Vc: this.output.Vc.value.data,
      Vw: this.output.Vw.value.data,
      classOf: this.output.classes.classOf,
      starts: this.output.classes.starts,
      steps: this.walkSteps,
      errorClip: this.options.errorClip ?? 15,
    };
    return this.#storage
      ? createKernelEngine(this.#storage, weights)
      : new ReferenceOnlineEngine(weights);
  }
}

function batchOf(ids: ArrayLike<number>, vocabSize: number): TokenBatch {
  return SequenceBatch.tokens(requireIds("RNNLM tokens", ids, vocabSize), 1, vocabSize);
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : 0;
}
