/**
 * Train / validation / test splits: shuffled for collections of independent
 * items (names, sentences, dictionary entries), contiguous for running text
 * (where a shuffled split would leak the same passage into every part).
 *
 * @module
 */

import { Random } from "../random.ts";

/** The three parts of a split. */
export interface Split<T> {
  /** Items to fit the model on. */
  train: T;
  /** Items to choose hyperparameters and stop on. */
  validation: T;
  /** Items to report the final number on, once. */
  test: T;
}

/** Fractions of the whole for the validation and test parts (the rest is training). */
export interface SplitFractions {
  /** Fraction for validation, in [0, 1) (default 0.1). */
  validation?: number;
  /** Fraction for test, in [0, 1) (default 0.1). */
  test?: number;
}

function partSizes(n: number, options: SplitFractions, what: string): [number, number, number] {
  const validation = options.validation ?? 0.1;
  const test = options.test ?? 0.1;
  for (const [name, f] of [["validation", validation], ["test", test]] as const) {
    if (!(f >= 0 && f < 1)) {
      throw new RangeError(`${what}: ${name} must be a fraction in [0, 1), got ${f}`);
    }
  }
  if (validation + test >= 1) {
    throw new RangeError(
      `${what}: validation + test must be below 1 to leave training data, got ${validation} + ${test}`,
    );
  }
  const nValidation = Math.round(n * validation);
  const nTest = Math.round(n * test);
  return [n - nValidation - nTest, nValidation, nTest];
}

/**
 * Shuffles a copy of `items` with a seeded generator and cuts it into
 * train, validation and test parts (sizes `round(n · fraction)` for
 * validation and test, the rest for training). The same items and seed give
 * the same split; the input is not modified.
 *
 * @example
 * ```ts
 * import { splitDataset } from "./split.ts";
 * const { train, validation, test } = splitDataset([..."abcdefghij"], { validation: 0.2, test: 0.1, seed: 1 });
 * console.assert(train.length === 7 && validation.length === 2 && test.length === 1);
 * ```
 */
export function splitDataset<T>(
  items: readonly T[],
  options: SplitFractions & { seed?: number } = {},
): Split<T[]> {
  const [nTrain, nValidation] = partSizes(items.length, options, "splitDataset");
  const order = new Random(options.seed ?? 0).permutation(items.length);
  const shuffled = order.map((i) => items[i]);
  return {
    train: shuffled.slice(0, nTrain),
    validation: shuffled.slice(nTrain, nTrain + nValidation),
    test: shuffled.slice(nTrain + nValidation),
  };
}

/**
 * Cuts a sequence (a string, an array or a typed array of ids) into three
 * consecutive pieces: the first `1 − validation − test` for training, then
 * validation, then test. Default fractions 0.05 and 0.05 (Moby-Dick: the
 * first 90 % of the novel trains, the next 5 % validates, the last 5 % tests).
 *
 * @example
 * ```ts
 * import { splitContiguous } from "./split.ts";
 * const { train, validation, test } = splitContiguous("abcdefghijklmnopqrst");
 * console.assert(train === "abcdefghijklmnopqr" && validation === "s" && test === "t");
 * ```
 */
export function splitContiguous<
  S extends { readonly length: number; slice(a: number, b?: number): S },
>(
  sequence: S,
  options: SplitFractions = {},
): Split<S> {
  const [nTrain, nValidation] = partSizes(
    sequence.length,
    { validation: options.validation ?? 0.05, test: options.test ?? 0.05 },
    "splitContiguous",
  );
  return {
    train: sequence.slice(0, nTrain),
    validation: sequence.slice(nTrain, nTrain + nValidation),
    test: sequence.slice(nTrain + nValidation),
  };
}
