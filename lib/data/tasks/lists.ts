/**
 * Small data-shaping steps of the supervised sequence tasks: examples from
 * several labelled lists (first names → female / male) with the items found
 * in more than one list set aside, and a prefix of a corpus holding a given
 * number of tokens.
 *
 * @module
 */

/** Examples built from labelled lists by {@link labelledLists}. */
export interface LabelledLists {
  /** The items that occur in exactly one list, list by list, each once. */
  items: string[];
  /** The list index of each item. */
  labels: Int32Array;
  /** Items in more than one list (left out of `items`), in order of first appearance. */
  shared: string[];
}

/**
 * Turns lists into `(item, list index)` examples. An item that occurs in two
 * or more lists has no single right answer, so it is left out of the
 * examples and returned in `shared`; duplicates within one list are kept once.
 *
 * @example
 * ```ts
 * import { labelledLists } from "./lists.ts";
 * const { items, labels, shared } = labelledLists([["ann", "alex"], ["bob", "alex"]]);
 * console.assert(items.join() === "ann,bob" && labels.join() === "0,1" && shared.join() === "alex");
 * ```
 */
export function labelledLists(lists: readonly (readonly string[])[]): LabelledLists {
  if (lists.length === 0) throw new RangeError("labelledLists: no lists given");
  const listsOf = new Map<string, Set<number>>();
  lists.forEach((list, k) => {
    for (const item of list) {
      let where = listsOf.get(item);
      if (where === undefined) listsOf.set(item, where = new Set());
      where.add(k);
    }
  });
  const items: string[] = [], labels: number[] = [], shared: string[] = [];
  const seen = new Set<string>();
  lists.forEach((list, k) => {
    for (const item of list) {
      if (seen.has(item)) continue;
      seen.add(item);
      if (listsOf.get(item)!.size > 1) shared.push(item);
      else {
        items.push(item);
        labels.push(k);
      }
    }
  });
  return { items, labels: Int32Array.from(labels), shared };
}

/**
 * The first sequences of `sequences` whose lengths add up to at least
 * `tokens` (all of them if there are not that many tokens): a corpus subset
 * of a given size in tokens, e.g. 40,000 training words.
 *
 * @example
 * ```ts
 * import { takeTokens } from "./lists.ts";
 * console.assert(takeTokens([[1, 2], [3], [4, 5, 6]], 3).length === 2);
 * ```
 */
export function takeTokens<S extends { readonly length: number }>(
  sequences: readonly S[],
  tokens: number,
): S[] {
  if (!(tokens >= 0)) throw new RangeError(`takeTokens: tokens must be ≥ 0, got ${tokens}`);
  const out: S[] = [];
  let count = 0;
  for (const s of sequences) {
    if (count >= tokens) break;
    out.push(s);
    count += s.length;
  }
  return out;
}
