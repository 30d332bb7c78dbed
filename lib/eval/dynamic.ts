/**
 * Dynamic evaluation (Mikolov et al. 2010, section 3.2; the RNNLM toolkit's
 * `-dynamic α`): the model keeps training on the text it is scoring. Each
 * word is scored first, with the weights as they are, and only then learned
 * from, so no word is ever predicted by a model that has seen it; but the
 * model adapts to the topics, names and phrasing of the text as it goes, the
 * way a cache model does. The paper uses a fixed learning rate α = 0.1.
 *
 * The model itself is left untouched: a copy reads the text.
 *
 * @module
 */

/** A model that can score a stream while learning from it (e.g. `RNNLM`). */
export interface DynamicModel {
  /** A copy with the same weights. */
  clone(): DynamicModel;
  /** Per-token log-probabilities of `stream[1…]`, learning at `learningRate` as it reads. */
  logProbs(stream: ArrayLike<number>, options: { learningRate?: number }): Float64Array;
}

/** Options of {@link dynamicLogProbs}. */
export interface DynamicOptions {
  /** The learning rate while scoring (default 0.1, the paper's and `-dynamic 0.1`). */
  learningRate?: number;
}

/**
 * `log P(stream[t+1] | stream[0 … t])` from a copy of `model` that learns
 * from every word right after scoring it.
 *
 * @example
 * ```ts
 * import { dynamicLogProbs, RNNLM, WordClasses } from "../mod.ts";
 * const lm = new RNNLM({ classes: WordClasses.fromCounts([3, 2, 1], 2), hiddenSize: 4 });
 * const text = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
 * const before = lm.Whh.value.data.slice();
 * const adapted = dynamicLogProbs(lm, text);
 * console.assert(adapted.length === 9 && adapted[0] === lm.logProbs(text)[0]); // scored, then learned
 * console.assert(lm.Whh.value.data.every((w, i) => w === before[i])); // a copy learned, not lm
 * ```
 */
export function dynamicLogProbs(
  model: DynamicModel,
  stream: ArrayLike<number>,
  options: DynamicOptions = {},
): Float64Array {
  const { learningRate = 0.1 } = options;
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(
      `dynamicLogProbs: learningRate must be a finite number > 0, got ${learningRate}`,
    );
  }
  return model.clone().logProbs(stream, { learningRate });
}
