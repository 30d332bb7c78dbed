/**
 * Edit (Levenshtein) distance and the error rate built on it, for judging
 * generated sequences such as phoneme strings.
 *
 * @module
 */

/**
 * The least number of insertions, deletions and substitutions that turn `a`
 * into `b` (elements compared with `===`).
 *
 * @example
 * ```ts
 * import { editDistance } from "./edit_distance.ts";
 * console.assert(editDistance("kitten", "sitting") === 3);
 * console.assert(editDistance(["K", "AE1", "T"], ["K", "AE1", "T", "S"]) === 1);
 * ```
 */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  // One row of the dynamic programme: prev[j] = distance(a[0..i), b[0..j)).
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(substitute, prev[j] + 1, row[j - 1] + 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Σ editDistance(prediction, reference) / Σ |reference| over all pairs: the
 * phoneme error rate when the symbols are phonemes (0 is perfect; it can
 * exceed 1 when predictions are much longer than the references).
 *
 * @example
 * ```ts
 * import { phonemeErrorRate } from "./edit_distance.ts";
 * console.assert(phonemeErrorRate([[1, 2], [3]], [[1, 2, 4], [3]]) === 0.25);
 * ```
 */
export function phonemeErrorRate<T>(
  predictions: readonly ArrayLike<T>[],
  references: readonly ArrayLike<T>[],
): number {
  if (predictions.length !== references.length) {
    throw new RangeError(
      `phonemeErrorRate: ${predictions.length} predictions but ${references.length} references`,
    );
  }
  let edits = 0, total = 0;
  predictions.forEach((p, i) => {
    edits += editDistance(p, references[i]);
    total += references[i].length;
  });
  if (total === 0) throw new RangeError("phonemeErrorRate: the references are all empty");
  return edits / total;
}
