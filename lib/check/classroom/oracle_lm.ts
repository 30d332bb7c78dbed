/**
 * The oracle of notebook 08's exercises (part of `oracle.ts`, which
 * re-exports it): Kneser–Ney discounts by the engine's
 * `countOfCountsDiscounts` and `KneserNeyLM`, and dynamic evaluation by the
 * engine's `RNNLM`, which it also adapts to the small interface
 * (`OnlineLanguageModel`) the learner's `dynamicEvaluation` receives.
 *
 * @module
 */

import { Matrix } from "../../core/matrix.ts";
import { WordClasses } from "../../layers/word_classes.ts";
import { RNNLM } from "../../models/rnnlm.ts";
import { type OnlineRates, ReferenceOnlineEngine } from "../../models/rnnlm_online.ts";
import { countOfCountsDiscounts, discountsAreValid } from "../../ngram/discounts.ts";
import { KneserNeyLM } from "../../ngram/kneser_ney.ts";
import type { OnlineLanguageModel } from "../exercise_types.ts";

/** The L2 factor of dynamic evaluation (`RNNLM.logProbs`'s default, the toolkit's `-beta`). */
const WEIGHT_DECAY = 1e-7;

/**
 * `kn_discounts` by the engine's `countOfCountsDiscounts`, from n₁ … n₄
 * counted as `KneserNeyLM` counts them (`if (a <= 4) n[a]++`).
 */
export function knDiscounts(counts: Iterable<number>): [number, number, number] {
  const n = new Float64Array(5);
  for (const a of counts) if (a <= 4) n[a]++;
  return countOfCountsDiscounts(n);
}

/**
 * A `KneserNeyLM` of order `order` trained on the sentences of `text` (each
 * closed by `eos`): the counts of its highest-order n-grams, read back from
 * the model, and the discounts it uses for them (raw counts at that order).
 * Lower orders fall back to KenLM's discounts when their counts cannot give
 * valid ones; the highest order must give valid ones (else this throws).
 */
export function kneserNeyTopOrder(
  text: ArrayLike<number>,
  options: { vocabSize: number; eos: number; order: number },
): { counts: number[]; discounts: [number, number, number] } {
  const { vocabSize, eos, order } = options;
  const model = KneserNeyLM.train(text, { vocabSize, eos, order, discountFallback: [0.5, 1, 1.5] });
  const seen = new Map<string, number[]>();
  let sentence = [model.bos];
  for (let i = 0; i < text.length; i++) {
    sentence.push(text[i]);
    if (sentence.length >= order) {
      const g = sentence.slice(-order);
      seen.set(g.join(" "), g);
    }
    if (text[i] === eos) sentence = [model.bos];
  }
  if (seen.size !== model.types(order)) {
    throw new Error(
      `oracle: ${seen.size} ${order}-grams found, the model has ${model.types(order)}`,
    );
  }
  const counts = [...seen.values()].map((g) => model.count(g));
  if (!discountsAreValid(knDiscounts(counts))) {
    throw new Error(`oracle: the ${order}-gram counts of this text give no valid discounts`);
  }
  return { counts, discounts: model.discounts(order) };
}

/** A small seeded float64 RNNLM for `dynamic_evaluation`, and how it learns while it reads. */
export interface ToyRNNLM {
  /** Words (their class binning assumes word 0 is the most frequent). */
  readonly vocabSize: number;
  /** Word classes of the output layer. */
  readonly numClasses: number;
  /** Hidden units. */
  readonly hiddenSize: number;
  /** Seed of the initial weights. */
  readonly seed: number;
  /** The toolkit's `-bptt` (default 4). */
  readonly bptt?: number;
  /** The toolkit's `-bptt-block` (default 10). */
  readonly bpttBlock?: number;
  /** The learning rate of dynamic evaluation. */
  readonly learningRate: number;
}

function toyRNNLM(spec: ToyRNNLM): RNNLM {
  const counts = Array.from({ length: spec.vocabSize }, (_, w) => Math.round(600 / (w + 1)));
  return new RNNLM({
    classes: WordClasses.fromCounts(counts, spec.numClasses),
    hiddenSize: spec.hiddenSize,
    seed: spec.seed,
    bptt: spec.bptt,
    bpttBlock: spec.bpttBlock,
  });
}

/** The values of every weight of `lm` (`Wxh`, `Whh`, `Vc`, `Vw`), copied. */
function weightsOf(lm: RNNLM): Float64Array[] {
  return lm.params.map((p) => Float64Array.from(p.value.data));
}

/**
 * `dynamic_evaluation` by the engine: `RNNLM.logProbs` with a learning rate
 * on a fresh model of `spec`, and the model's weights afterwards.
 */
export function dynamicEvaluation(
  spec: ToyRNNLM,
  text: ArrayLike<number>,
): { logProbs: Float64Array; weights: Float64Array[] } {
  const lm = toyRNNLM(spec);
  const logProbs = lm.logProbs(text, {
    learningRate: spec.learningRate,
    weightDecay: WEIGHT_DECAY,
  });
  return { logProbs, weights: weightsOf(lm) };
}

/**
 * A fresh model of `spec` behind the interface `dynamic_evaluation`
 * receives, and a look at its weights. Used as the exercise intends
 * (reset, read the first word, then logProb, learn, read for each next word),
 * it does exactly what {@link dynamicEvaluation} does.
 */
export function onlineRNNLM(spec: ToyRNNLM): {
  model: OnlineLanguageModel;
  weights: () => Float64Array[];
} {
  const lm = toyRNNLM(spec);
  return { model: new OnlineRNNLM(lm, spec.learningRate), weights: () => weightsOf(lm) };
}

/**
 * An `RNNLM` read word by word by the engine's `ReferenceOnlineEngine` over
 * its own weights, with the rates of `RNNLM.logProbs` (a BPTT walk and the L2
 * shrink after every word). The engine takes a word as input once the word
 * after it is known: `learn(y)` runs it on (last word read → y) and learns;
 * `read` after a word that was not learned from runs it without learning.
 * `logProb` is the engine's `forward` from the state before the last word.
 */
class OnlineRNNLM implements OnlineLanguageModel {
  readonly #lm: RNNLM;
  readonly #engine: ReferenceOnlineEngine;
  readonly #rates: OnlineRates;
  #last = -1;
  #learned = false;
  #before: Matrix;

  constructor(lm: RNNLM, learningRate: number) {
    this.#lm = lm;
    const { Wxh, Whh, output } = lm;
    this.#engine = new ReferenceOnlineEngine({
      H: lm.hiddenSize,
      Wxh: Wxh.value.data,
      Whh: Whh.value.data,
      Vc: output.Vc.value.data,
      Vw: output.Vw.value.data,
      classOf: output.classes.classOf,
      starts: output.classes.starts,
      steps: lm.walkSteps,
      errorClip: lm.options.errorClip ?? 15,
    });
    this.#rates = { lr: learningRate, weightDecay: WEIGHT_DECAY, every: 1, decayEvery: 1 };
    this.#before = lm.freshState(1);
  }

  reset(): void {
    this.#engine.reset();
    this.#last = -1;
    this.#learned = false;
    this.#before = this.#lm.freshState(1);
  }

  read(word: number): void {
    this.#lm.tokens([word]); // checks the id
    if (this.#last >= 0 && !this.#learned) this.#run(word, 0);
    this.#before = new Matrix(1, this.#lm.hiddenSize, "float64", this.#engine.hidden());
    this.#last = word;
    this.#learned = false;
  }

  logProb(word: number): number {
    this.#needWord("logProb");
    const batch = { inputs: this.#lm.tokens([this.#last]), targets: this.#lm.tokens([word]) };
    return -this.#lm.forward(batch, this.#before).loss;
  }

  learn(word: number): void {
    this.#needWord("learn");
    if (this.#learned) {
      throw new RangeError(
        "learn: the model has already learned which word follows the last word read; read the next word first",
      );
    }
    this.#run(word, this.#rates.lr);
    this.#learned = true;
  }

  #run(target: number, lr: number): void {
    this.#lm.tokens([target]);
    const rates = { ...this.#rates, lr };
    this.#engine.run(Int32Array.of(this.#last), Int32Array.of(target), rates, new Float64Array(1));
  }

  #needWord(method: string): void {
    if (this.#last < 0) {
      throw new RangeError(
        `${method}: read a word first (the model predicts the word after the words it has read; ` +
          "the first word of a text is context only)",
      );
    }
  }
}
