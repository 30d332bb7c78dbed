/**
 * Small formatting helpers of the benchmark tables.
 *
 * @module
 */

/** Pads `s` to `width` (on the left when `right`, for numbers). */
export function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) : s.padEnd(width);
}

/** The median of some numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A rate as a rounded number with thousands separators, e.g. `41,250`. */
export function rate(x: number | null | undefined): string {
  return x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en");
}

/** A ratio as e.g. `0.82×`. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  return a === null || a === undefined || !b ? "–" : `${(a / b).toFixed(2)}×`;
}
