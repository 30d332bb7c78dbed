/**
 * A **simulated** speech-recognition rescoring experiment, the stand-in for
 * the paper's WSJ and RT05 word error rates (which need recorded speech and
 * a recogniser's lattices that the course does not have).
 *
 * For each reference sentence it makes an n-best list the way a recogniser's
 * first pass might: the reference and alternatives in which words were
 * swapped for words that sound alike (within one phoneme edit in CMUdict,
 * `acoustic_neighbours.ts`). Each hypothesis gets a noisy "acoustic" score,
 * minus the phoneme edits that separate it from the reference plus Gaussian
 * noise, so the acoustics alone often prefer a wrong sentence. A language
 * model then rescores the list: the hypothesis with the best
 * `acoustic + weight·log P_LM` is chosen and its word errors counted.
 *
 * What it can show: whether a model that gives the right sentence a higher
 * probability than sound-alike mistakes picks it more often, and how the
 * models rank against each other on that task. What it cannot show: the
 * word error rates of a real recogniser. The error model is crude (only
 * substitutions between in-vocabulary words, no insertions, deletions or
 * out-of-vocabulary words, confusions drawn uniformly among neighbours), the
 * noise level is a free parameter that sets the absolute error rate, and the
 * reference is always in the list (the oracle error rate is 0), so the
 * absolute numbers and the sizes of the gains are artefacts of the
 * simulation, not predictions for speech.
 *
 * @module
 */

import { editDistance } from "../eval/edit_distance.ts";
import { Random, sampleCategorical } from "../random.ts";
import type { AcousticNeighbours } from "./acoustic_neighbours.ts";

/** Options of {@link simulateNBest}. */
export interface NBestOptions {
  /** Hypotheses per sentence, the reference included (default 20). */
  size?: number;
  /** Chance that a word with sound-alike neighbours is swapped in an alternative (default 0.15). */
  swapRate?: number;
  /** Standard deviation of the noise on the acoustic scores (default 1). */
  noise?: number;
  /**
   * How likely each word is to be heard instead of a neighbour (e.g. its
   * training count: a recogniser's first pass already favours common words);
   * default, and where every neighbour's is 0: all neighbours alike.
   */
  prior?: ArrayLike<number>;
  /** Seed (default 0). */
  seed?: number;
}

/** One hypothesis of an n-best list. */
export interface Hypothesis {
  /** Its words (ids). */
  readonly words: Int32Array;
  /** Its simulated acoustic log-score. */
  readonly acoustic: number;
  /** Its word errors against the reference. */
  readonly errors: number;
}

/** A reference sentence and its hypotheses (the reference among them). */
export interface NBestList {
  /** The words that were "spoken". */
  readonly reference: Int32Array;
  /** The recogniser's hypotheses. */
  readonly hypotheses: readonly Hypothesis[];
}

/**
 * One n-best list per reference sentence.
 *
 * @example
 * ```ts
 * import { simulateNBest } from "./wer_simulation.ts";
 * const sounds = { pronunciations: [["T", "UW"], ["T", "UW"], ["AH"]], neighbours: [Int32Array.of(1), Int32Array.of(0), new Int32Array(0)] };
 * const [list] = simulateNBest([Int32Array.of(0, 2, 0)], sounds, { size: 4 });
 * console.assert(list.hypotheses.length === 4 && list.hypotheses.some((h) => h.errors === 0));
 * ```
 */
export function simulateNBest(
  references: readonly Int32Array[],
  sounds: AcousticNeighbours,
  options: NBestOptions = {},
): NBestList[] {
  const { size = 20, swapRate = 0.15, noise = 1, seed = 0, prior } = options;
  const rng = new Random(seed);
  const pick = (choices: Int32Array) => {
    const weights = prior ? Array.from(choices, (w) => prior[w]) : [];
    if (!weights.some((w) => w > 0)) return choices[rng.int(choices.length)];
    return choices[sampleCategorical(rng, weights)];
  };
  return references.map((reference) => {
    const swappable = [...reference.keys()].filter((i) =>
      sounds.neighbours[reference[i]].length > 0
    );
    const seen = new Set([reference.join()]);
    const lists = [reference];
    for (
      let attempt = 0;
      attempt < 20 * size && lists.length < size && swappable.length > 0;
      attempt++
    ) {
      const words = reference.slice();
      for (const i of swappable) {
        if (rng.uniform() < swapRate) words[i] = pick(sounds.neighbours[reference[i]]);
      }
      if (words.every((w, i) => w === reference[i])) {
        const i = swappable[rng.int(swappable.length)];
        words[i] = pick(sounds.neighbours[reference[i]]);
      }
      if (!seen.has(words.join())) {
        seen.add(words.join());
        lists.push(words);
      }
    }
    const hypotheses = lists.map((words) => ({
      words,
      acoustic: -phonemeEdits(words, reference, sounds) + noise * rng.gaussian(),
      errors: editDistance(words, reference),
    }));
    return { reference, hypotheses };
  });
}

/** Phoneme edits between the pronunciations of two word sequences of equal length. */
function phonemeEdits(
  words: Int32Array,
  reference: Int32Array,
  sounds: AcousticNeighbours,
): number {
  let edits = 0;
  words.forEach((w, i) => {
    if (w !== reference[i]) {
      edits += editDistance(sounds.pronunciations[w]!, sounds.pronunciations[reference[i]]!);
    }
  });
  return edits;
}

/** The outcome of rescoring n-best lists. */
export interface RescoringResult {
  /** Word errors of the chosen hypotheses over the reference words. */
  readonly wer: number;
  /** Word errors of the chosen hypotheses. */
  readonly errors: number;
  /** Reference words. */
  readonly words: number;
  /** The language-model weight used. */
  readonly lmWeight: number;
}

/**
 * Chooses in each list the hypothesis with the best `acoustic + lmWeight·lm`
 * (`lmScores[i][j]`: the language model's log-probability of list i's
 * hypothesis j; weight 0: the acoustics alone) and counts its word errors.
 *
 * @example
 * ```ts
 * import { rescoreNBest } from "./wer_simulation.ts";
 * const list = { reference: Int32Array.of(1, 2), hypotheses: [
 *   { words: Int32Array.of(1, 2), acoustic: -1, errors: 0 },
 *   { words: Int32Array.of(3, 2), acoustic: 0, errors: 1 },
 * ] };
 * console.assert(rescoreNBest([list], [[-5, -9]], 0).wer === 0.5); // acoustics pick the wrong one
 * console.assert(rescoreNBest([list], [[-5, -9]], 1).wer === 0); // the model corrects it
 * ```
 */
export function rescoreNBest(
  lists: readonly NBestList[],
  lmScores: readonly ArrayLike<number>[],
  lmWeight: number,
): RescoringResult {
  if (lmScores.length !== lists.length) {
    throw new RangeError(
      `rescoreNBest: ${lmScores.length} score lists for ${lists.length} n-best lists`,
    );
  }
  let errors = 0, words = 0;
  lists.forEach((list, i) => {
    if (lmScores[i].length !== list.hypotheses.length) {
      throw new RangeError(
        `rescoreNBest: list ${i} has ${list.hypotheses.length} hypotheses, ${
          lmScores[i].length
        } scores`,
      );
    }
    let best = 0, bestScore = -Infinity;
    list.hypotheses.forEach((h, j) => {
      const score = h.acoustic + lmWeight * lmScores[i][j];
      if (score > bestScore) [best, bestScore] = [j, score];
    });
    errors += list.hypotheses[best].errors;
    words += list.reference.length;
  });
  return { wer: words > 0 ? errors / words : 0, errors, words, lmWeight };
}

/**
 * The language-model weight (from `grid`) with the fewest errors on `lists`
 * (tune it on held-out lists, then rescore the test lists with it).
 *
 * @example
 * ```ts
 * import { tuneLmWeight } from "./wer_simulation.ts";
 * const list = { reference: Int32Array.of(1), hypotheses: [
 *   { words: Int32Array.of(1), acoustic: -1, errors: 0 },
 *   { words: Int32Array.of(2), acoustic: 0, errors: 1 },
 * ] };
 * console.assert(tuneLmWeight([list], [[-1, -3]], [0, 1]) === 1);
 * ```
 */
export function tuneLmWeight(
  lists: readonly NBestList[],
  lmScores: readonly ArrayLike<number>[],
  grid: readonly number[] = Array.from({ length: 81 }, (_, i) => i / 10),
): number {
  let best = grid[0], fewest = Infinity;
  for (const w of grid) {
    const { errors } = rescoreNBest(lists, lmScores, w);
    if (errors < fewest) [best, fewest] = [w, errors];
  }
  return best;
}
