/**
 * Reading an ARPA backoff n-gram model (any toolkit's) and scoring with it:
 * the check that an exported model means what the model computes, and the
 * way to compare with a reference toolkit's output.
 *
 * @module
 */

/** One n-gram of an ARPA file. */
export interface ArpaEntry {
  /** log10 P(last word | the words before it). */
  log10Prob: number;
  /** log10 of the backoff weight of the n-gram as a context (0 when absent). */
  log10Backoff: number;
}

/** A backoff n-gram model read from an ARPA file. */
export class ArpaModel {
  /** The highest order. */
  readonly order: number;
  /** The number of n-grams of each order, as the header states (index 0 unused). */
  readonly counts: readonly number[];
  readonly #entries: Map<string, ArpaEntry>;

  private constructor(order: number, counts: number[], entries: Map<string, ArpaEntry>) {
    this.order = order;
    this.counts = counts;
    this.#entries = entries;
  }

  /**
   * Parses an ARPA file. Throws naming the line when a section's n-grams do
   * not match the header's count or a line is malformed.
   *
   * @example
   * ```ts
   * import { ArpaModel } from "./arpa_read.ts";
   * const arpa = "\\data\\\nngram 1=3\nngram 2=1\n\n\\1-grams:\n-1\t<s>\t-0.5\n-0.3\ta\t-0.2\n" +
   *   "-0.4\t</s>\n\n\\2-grams:\n-0.1\t<s> a\n\n\\end\\\n";
   * const model = ArpaModel.parse(arpa);
   * console.assert(model.log10Prob(["<s>"], "a") === -0.1);
   * console.assert(model.log10Prob(["a"], "</s>") === -0.2 + -0.4); // backoff(a) + P(</s>)
   * ```
   */
  static parse(text: string): ArpaModel {
    const lines = text.split("\n");
    const counts = [0];
    let i = lines.indexOf("\\data\\");
    if (i < 0) throw new RangeError("ArpaModel.parse: no \\data\\ header");
    for (i++; i < lines.length && lines[i].startsWith("ngram "); i++) {
      const [order, count] = lines[i].slice(6).split("=").map(Number);
      if (order !== counts.length) {
        throw new RangeError(`ArpaModel.parse: line ${i + 1}: expected ngram ${counts.length}=…`);
      }
      counts.push(count);
    }
    const entries = new Map<string, ArpaEntry>();
    for (let order = 1; order < counts.length; order++) {
      while (i < lines.length && lines[i] !== `\\${order}-grams:`) i++;
      const start = ++i;
      for (; i < lines.length && lines[i] !== "" && !lines[i].startsWith("\\"); i++) {
        entries.set(...parseLine(lines[i], order, i + 1));
      }
      if (i - start !== counts[order]) {
        throw new RangeError(
          `ArpaModel.parse: ${counts[order]} ${order}-grams announced, ${i - start} found`,
        );
      }
    }
    return new ArpaModel(counts.length - 1, counts, entries);
  }

  /** The entry of an n-gram (words in reading order), if the file has it. */
  entry(ngram: readonly string[]): ArpaEntry | undefined {
    return this.#entries.get(ngram.join(" "));
  }

  /**
   * log10 P(word | context) by the backoff rule: the probability of the
   * longest n-gram `h_k … h_1 word` in the file, plus the log backoff
   * weights of the longer contexts `h_j … h_1` (j > k, 0 when absent). Only
   * the last `order − 1` words of `context` matter; a word missing from the
   * unigrams is scored as `<unk>`.
   */
  log10Prob(context: readonly string[], word: string): number {
    const w = this.#entries.has(word) ? word : "<unk>";
    const unigram = this.#entries.get(w);
    if (unigram === undefined) {
      throw new RangeError(
        `ArpaModel.log10Prob: ${JSON.stringify(word)} is not in the model, nor <unk>`,
      );
    }
    let score = unigram.log10Prob;
    const m = Math.min(context.length, this.order - 1);
    for (let k = 1; k <= m; k++) {
      const h = context.slice(context.length - k).join(" ");
      const hw = this.#entries.get(`${h} ${w}`);
      score = hw !== undefined ? hw.log10Prob : score + (this.#entries.get(h)?.log10Backoff ?? 0);
    }
    return score;
  }
}

function parseLine(line: string, order: number, lineNumber: number): [string, ArpaEntry] {
  const fields = line.split(/\s+/);
  const hasBackoff = fields.length === order + 2;
  if (fields.length !== order + 1 && !hasBackoff) {
    throw new RangeError(
      `ArpaModel.parse: line ${lineNumber}: expected a ${order}-gram, got ${JSON.stringify(line)}`,
    );
  }
  const log10Prob = Number(fields[0]);
  const log10Backoff = hasBackoff ? Number(fields[order + 1]) : 0;
  if (Number.isNaN(log10Prob) || Number.isNaN(log10Backoff)) {
    throw new RangeError(
      `ArpaModel.parse: line ${lineNumber}: bad number in ${JSON.stringify(line)}`,
    );
  }
  return [fields.slice(1, order + 1).join(" "), { log10Prob, log10Backoff }];
}
