/**
 * Duplicate keys in JSON text. `JSON.parse` keeps the last of two equal keys
 * without a word; a safetensors header with two entries for one tensor name is
 * ambiguous, so the reader looks for them first. Private to the io modules.
 *
 * @module
 */

/** Where a duplicate key was found: the key and the keys of the objects around it. */
export interface DuplicateKey {
  /** The key that appears twice (unescaped). */
  readonly key: string;
  /** The keys leading to the object that holds it, outermost first (`[]`: the top level). */
  readonly path: readonly string[];
}

interface Frame {
  /** Keys seen in this object (undefined for an array). */
  readonly keys: Set<string> | undefined;
  /** The key under which this value sits in its parent (undefined at the top or in an array). */
  readonly under: string | undefined;
}

/**
 * The first key that appears twice in one object of `text`, or undefined.
 * `text` must be valid JSON (parse it first); keys are compared after
 * unescaping, so `"a"` and `"\u0061"` are the same key.
 *
 * @example
 * ```ts
 * import { findDuplicateKey } from "./_json_keys.ts";
 * console.assert(findDuplicateKey('{"a": 1, "b": {"a": 2}}') === undefined);
 * console.assert(findDuplicateKey('{"w": {"x": 1, "x": 2}}')?.path[0] === "w");
 * ```
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  let lastKey: string | undefined; // the key whose value comes next
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          const path = stack.map((f) => f.under).filter((k) => k !== undefined);
          return { key, path };
        }
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      const parent = stack[stack.length - 1];
      stack.push({
        keys: c === "{" ? new Set() : undefined,
        under: parent?.keys ? lastKey : undefined,
      });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      expectKey = stack[stack.length - 1]?.keys !== undefined;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  throw new SyntaxError(`unterminated string at ${start}`); // unreachable for valid JSON
}
