/**
 * A vocabulary renumbered by frequency, the way the RNNLM toolkit numbers
 * its own: `</s>` first, then every other word from the most to the least
 * frequent in the training text. Frequency-binned word classes
 * (`WordClasses.fromCounts`) need this order: each class is then a range of
 * ids.
 *
 * @module
 */

import { requireIds } from "../core/guards.ts";
import { Vocabulary } from "./vocab.ts";

/** A renumbering of a vocabulary by training frequency. */
export interface FrequencyOrder {
  /** The symbols in the new order. */
  readonly vocabulary: Vocabulary;
  /** Training count of each new id. */
  readonly counts: Int32Array;
  /** The new id of each old id. */
  readonly newIds: Int32Array;
  /** Old ids → new ids. */
  encode(ids: ArrayLike<number>): Int32Array;
}

/**
 * Renumbers `vocabulary` by the counts of `trainIds` (old ids): `first`
 * (default `</s>`, when the vocabulary has it) keeps id 0, the rest follow
 * from most to least frequent, ties in their old order.
 *
 * @example
 * ```ts
 * import { frequencyOrder, Vocabulary } from "../mod.ts";
 * const vocabulary = new Vocabulary(["</s>", "a", "b", "c"]);
 * const order = frequencyOrder([2, 3, 3, 0, 3, 1], vocabulary);
 * console.assert(order.vocabulary.symbols.join(" ") === "</s> c a b");
 * console.assert(order.counts.join() === "1,3,1,1" && order.encode([3, 1]).join() === "1,2");
 * ```
 */
export function frequencyOrder(
  trainIds: ArrayLike<number>,
  vocabulary: Vocabulary,
  first = "</s>",
): FrequencyOrder {
  const V = vocabulary.size;
  const ids = requireIds("frequencyOrder trainIds", trainIds, V);
  const counts = new Int32Array(V);
  for (const id of ids) counts[id]++;
  const head = vocabulary.has(first) ? vocabulary.id(first) : -1;
  const rest = Array.from({ length: V }, (_, i) => i).filter((i) => i !== head);
  rest.sort((a, b) => counts[b] - counts[a] || a - b);
  const order = head >= 0 ? [head, ...rest] : rest;
  const newIds = new Int32Array(V);
  order.forEach((old, i) => newIds[old] = i);
  return {
    vocabulary: new Vocabulary(order.map((old) => vocabulary.symbols[old])),
    counts: Int32Array.from(order, (old) => counts[old]),
    newIds,
    encode: (old) => Int32Array.from(requireIds("frequencyOrder.encode", old, V), (i) => newIds[i]),
  };
}
