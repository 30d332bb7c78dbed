/** Private shape helpers shared by the io modules. @module */

/** The number of elements of a shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Formats a shape as `[2, 3]`, for messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
