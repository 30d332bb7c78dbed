/**
 * Exercise `dynamic_evaluation` (notebook 08): the paper's dynamic
 * evaluation, in which the model keeps learning from the text it is scored
 * on (the RNNLM toolkit's `-dynamic`).
 *
 * You receive a model that reads one word at a time (`OnlineLanguageModel`:
 * `reset`, `read`, `logProb`, `learn`; see `lib/check/exercise_types.ts`)
 * and a text of word ids. The first word is context only (a text starts with
 * `</s>`, as in the toolkit). Starting from a fresh state, score every later
 * word with the model as it is at that moment, and only then let the model
 * learn from it and read it, so the next word sees a model that has learned
 * from all the words before it, and no word is scored by a model that has
 * already learned from it.
 *
 * Return `ln P(text[t] | text[0 … t−1])` for t = 1 … n−1: one natural-log
 * probability per word after the first, in order, as a `Float64Array` of
 * length n − 1 (the perplexity is the exponential of minus their mean). The
 * model is changed: it has learned from the whole text.
 *
 * Allowed from the engine: nothing but types. The model's four methods are
 * all you need (not `dynamicLogProbs` or `RNNLM.logProbs`, which do the whole
 * walk themselves).
 *
 * @module
 */

import type { OnlineLanguageModel } from "../lib/check/exercise_types.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/** `ln P(text[t] | text[0 … t−1])` for t = 1 … n−1, `model` learning from each word right after scoring it. */
export function dynamicEvaluation(
  model: OnlineLanguageModel,
  text: ArrayLike<number>,
): Float64Array {
  // #region solution
  const logProbs = new Float64Array(Math.max(0, text.length - 1));
  model.reset();
  if (text.length === 0) return logProbs;
  model.read(text[0]);
  for (let t = 1; t < text.length; t++) {
    logProbs[t - 1] = model.logProb(text[t]);
    model.learn(text[t]);
    model.read(text[t]);
  }
  return logProbs;
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("dynamic_evaluation");
  // #endregion stub
}
