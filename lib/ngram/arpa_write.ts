/**
 * Writing a {@link KneserNeyLM} as an ARPA file, the text format every
 * n-gram toolkit reads (SRILM, KenLM's `query` and `build_binary`, `rnnlm`'s
 * `-lm-prob` pipeline through SRILM): for each order, one line per n-gram
 * with its log10 probability and, for contexts, its log10 backoff weight.
 * The interpolated model is written in backoff form as KenLM writes it: the
 * probability of a seen n-gram is its interpolated P(w | h), the backoff
 * weight of a context is its interpolation weight γ(h), and
 * `P(w | h) = γ(h) · P(w | h′)` for an unseen `h w` — the same numbers.
 *
 * @module
 */

import type { KneserNeyLM } from "./kneser_ney.ts";

/**
 * The lines of the ARPA file of `model`, given a name for every id
 * (`symbols[id]`, `</s>` at `model.eos`; `<s>` is added), generated one at
 * a time so that a large model can be streamed to a file. Numbers have 8
 * significant digits.
 */
export function* arpaLines(model: KneserNeyLM, symbols: readonly string[]): Generator<string> {
  if (symbols.length !== model.vocabSize) {
    throw new RangeError(
      `arpaLines: need a symbol for each of the ${model.vocabSize} ids, got ${symbols.length}`,
    );
  }
  const name = (id: number) => id === model.bos ? "<s>" : symbols[id];
  yield "";
  yield "\\data\\";
  // Every id of the vocabulary and <s> are unigrams; the higher orders hold what training saw.
  for (let o = 1; o <= model.order; o++) {
    yield `ngram ${o}=${o === 1 ? model.vocabSize + 1 : model.types(o)}`;
  }
  let order = 0;
  for (const { ngram, log10Prob, log10Backoff } of model.entries()) {
    if (ngram.length !== order) {
      order = ngram.length;
      yield "";
      yield `\\${order}-grams:`;
    }
    const words = ngram.map(name).join(" ");
    yield order < model.order
      ? `${number(log10Prob)}\t${words}\t${number(log10Backoff)}`
      : `${number(log10Prob)}\t${words}`;
  }
  yield "";
  yield "\\end\\";
}

/**
 * The whole ARPA file of `model` as one string (see {@link arpaLines}).
 *
 * @example
 * ```ts
 * import { KneserNeyLM } from "./kneser_ney.ts";
 * import { toArpa } from "./arpa_write.ts";
 * const model = KneserNeyLM.train([1, 2, 0, 2, 0], {
 *   vocabSize: 3, eos: 0, order: 2, discountFallback: [0.5, 1, 1.5],
 * });
 * const arpa = toArpa(model, ["</s>", "a", "b"]);
 * console.assert(arpa.includes("ngram 1=4") && arpa.includes("\ta b"));
 * ```
 */
export function toArpa(model: KneserNeyLM, symbols: readonly string[]): string {
  let text = "";
  for (const line of arpaLines(model, symbols)) text += line + "\n";
  return text;
}

function number(x: number): string {
  return x === 0 ? "0" : String(Number(x.toPrecision(8)));
}
