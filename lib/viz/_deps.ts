/**
 * The engine's only npm dependencies, pinned here with explicit `npm:`
 * specifiers (not through the repository's import map) so that `lib/` also
 * works when a script or notebook elsewhere imports it by path or URL.
 *
 * @module
 */

export * as Plot from "npm:@observablehq/plot@0.6.17";
export { DOMParser } from "npm:linkedom@0.18.13";
