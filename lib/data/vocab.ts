/**
 * Vocabularies: symbols (characters or words) ↔ integer ids.
 *
 * @module
 */

/** A fixed list of symbols, each with the id of its position. */
export class Vocabulary {
  /** The symbols, `symbols[id]`. */
  readonly symbols: readonly string[];
  readonly #ids: Map<string, number>;

  /** A vocabulary of the given distinct symbols, in that order. */
  constructor(symbols: readonly string[]) {
    if (symbols.length === 0) throw new RangeError("Vocabulary needs at least one symbol");
    this.symbols = [...symbols];
    this.#ids = new Map();
    symbols.forEach((s, i) => {
      if (this.#ids.has(s)) {
        throw new RangeError(`Vocabulary: symbol ${JSON.stringify(s)} appears twice`);
      }
      this.#ids.set(s, i);
    });
  }

  /**
   * The characters of `text` in order of first appearance (so "hello" gives
   * `[h, e, l, o]`), or sorted with `{ sort: true }`.
   *
   * @example
   * ```ts
   * import { Vocabulary } from "./vocab.ts";
   * console.assert(Vocabulary.fromText("hello").symbols.join("") === "helo");
   * ```
   */
  static fromText(text: string, options: { sort?: boolean } = {}): Vocabulary {
    const chars = [...new Set(Array.from(text))];
    if (options.sort) chars.sort();
    return new Vocabulary(chars);
  }

  /** Number of symbols. */
  get size(): number {
    return this.symbols.length;
  }

  /** Whether `symbol` is in the vocabulary. */
  has(symbol: string): boolean {
    return this.#ids.has(symbol);
  }

  /** The id of one symbol; throws naming it when unknown. */
  id(symbol: string): number {
    const id = this.#ids.get(symbol);
    if (id === undefined) {
      throw new RangeError(`symbol ${JSON.stringify(symbol)} is not in the vocabulary`);
    }
    return id;
  }

  /**
   * Ids of the characters of `text`. Throws naming every character that is
   * not in the vocabulary.
   */
  encode(text: string): Int32Array {
    return this.encodeSymbols(Array.from(text));
  }

  /** Ids of a list of symbols (e.g. words). Throws naming every unknown one. */
  encodeSymbols(symbols: readonly string[]): Int32Array {
    const ids = new Int32Array(symbols.length);
    const unknown = new Set<string>();
    symbols.forEach((s, i) => {
      const id = this.#ids.get(s);
      if (id === undefined) unknown.add(s);
      else ids[i] = id;
    });
    if (unknown.size > 0) {
      const list = [...unknown].map((s) => JSON.stringify(s)).join(", ");
      throw new RangeError(
        `${
          unknown.size === 1 ? "symbol" : "symbols"
        } ${list} not in the vocabulary of ${this.size} (${this.preview()})`,
      );
    }
    return ids;
  }

  /** The symbols of `ids`, joined with `separator` (default: none, for characters). */
  decode(ids: ArrayLike<number>, separator = ""): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const s = this.symbols[ids[i]];
      if (s === undefined) {
        throw new RangeError(
          `id ${ids[i]} at position ${i} is outside the vocabulary [0, ${this.size})`,
        );
      }
      out.push(s);
    }
    return out.join(separator);
  }

  /** The first few symbols, for messages. */
  preview(count = 12): string {
    const shown = this.symbols.slice(0, count).map((s) => JSON.stringify(s)).join(" ");
    return this.size > count ? `${shown} …` : shown;
  }
}
