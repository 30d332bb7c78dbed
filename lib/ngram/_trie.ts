/**
 * The n-gram counts of both n-gram models: a trie whose paths read each
 * n-gram backwards (last token first). The parent of `x g` is `g`, so
 * counting a new `x g` is exactly one more distinct token seen before `g`
 * (its continuation count), and the n-grams that end at one position are one
 * walk down from the root. Nodes are rows of growable typed arrays, found
 * through one open-addressing hash table keyed by (parent, token).
 *
 * @module
 */

/** "No node". */
export const EMPTY = -1;

/** Counts of all n-grams up to some order, as a backward trie (node 0 = the empty n-gram). */
export class NGramTrie {
  /** Number of nodes, the root included. */
  size = 1;
  /** g without its first token (the lower-order n-gram). */
  parent: Int32Array;
  /** g's first token. */
  token: Int32Array;
  /** g without its last token (the context the n-gram's last token follows). */
  context: Int32Array;
  /** c(g): occurrences. */
  count: Int32Array;
  /** N₁₊(• g): distinct tokens seen just before g. */
  continuation: Int32Array;
  /** |g|. */
  depth: Uint8Array;
  /** (parent, token) → node, open addressing, at most half full. */
  table: Int32Array;

  constructor(capacity = 1024) {
    this.parent = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.context = new Int32Array(capacity);
    this.count = new Int32Array(capacity);
    this.continuation = new Int32Array(capacity);
    this.depth = new Uint8Array(capacity);
    this.table = new Int32Array(tableSize(capacity)).fill(EMPTY);
    this.parent[0] = this.token[0] = this.context[0] = EMPTY;
  }

  /** The node of `w g` (`g` a node), or EMPTY. */
  child(g: number, w: number): number {
    return this.table[this.#slot(g, w)];
  }

  /**
   * Counts one occurrence of the n-gram `w g` whose context (all but its
   * last token) is the node `context`, creating its node (and so one more
   * continuation of `g`) on first sight. Returns the node.
   */
  add(g: number, w: number, context: number): number {
    let slot = this.#slot(g, w);
    let node = this.table[slot];
    if (node === EMPTY) {
      if (this.size === this.parent.length) {
        this.#grow();
        slot = this.#slot(g, w);
      }
      node = this.size++;
      this.table[slot] = node;
      this.parent[node] = g;
      this.token[node] = w;
      this.context[node] = context;
      this.depth[node] = this.depth[g] + 1;
      this.continuation[g]++;
    }
    this.count[node]++;
    return node;
  }

  /** The node of an n-gram given in reading order (root for the empty one), or EMPTY. */
  find(ngram: ArrayLike<number>): number {
    let g = 0;
    for (let j = ngram.length - 1; j >= 0 && g !== EMPTY; j--) g = this.child(g, ngram[j]);
    return g;
  }

  /** The n-gram of a node, in reading order. */
  ngram(node: number): number[] {
    const out: number[] = [];
    for (let g = node; g > 0; g = this.parent[g]) out.push(this.token[g]);
    return out;
  }

  /** The one probe loop: the slot of (g, w), or the empty slot where it would go. */
  #slot(g: number, w: number): number {
    const table = this.table, mask = table.length - 1;
    let slot = hash(g, w) & mask;
    for (let node = table[slot]; node !== EMPTY; node = table[slot]) {
      if (this.parent[node] === g && this.token[node] === w) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  #grow(): void {
    const capacity = Math.ceil(this.parent.length * 1.5);
    for (const key of ["parent", "token", "context", "count", "continuation"] as const) {
      const bigger = new Int32Array(capacity);
      bigger.set(this[key]);
      this[key] = bigger;
    }
    const depth = new Uint8Array(capacity);
    depth.set(this.depth);
    this.depth = depth;
    if (tableSize(capacity) > this.table.length) {
      this.table = new Int32Array(tableSize(capacity)).fill(EMPTY);
      for (let g = 1; g < this.size; g++) this.table[this.#slot(this.parent[g], this.token[g])] = g;
    }
  }
}

/** A power of two at least twice the capacity. */
function tableSize(capacity: number): number {
  let size = 1024;
  while (size < 2 * capacity) size *= 2;
  return size;
}

function hash(parent: number, token: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(token + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
