/**
 * Preloaded by `deno task test`: makes `console.assert` throw, so the
 * `console.assert` lines in the JSDoc examples (run by `deno test --doc`) fail
 * the test when they are false instead of only printing.
 *
 * @module
 */

console.assert = (condition?: boolean, ...data: unknown[]) => {
  if (!condition) throw new Error(`Assertion failed${data.length ? `: ${data.join(" ")}` : ""}`);
};
