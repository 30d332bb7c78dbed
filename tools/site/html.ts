/**
 * HTML escaping.
 *
 * @module
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes `text` for use in HTML text and attribute values.
 *
 * @example
 * ```ts
 * console.log(escapeHtml("a < b")); // "a &lt; b"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
