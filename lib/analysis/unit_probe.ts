/**
 * Looking for units that track something a reader can name: features of a
 * text computed from the characters alone (position in the line, inside a
 * quotation, inside parentheses, position in the word), and the unit of a
 * language model whose state correlates best with each, chosen on one text
 * and checked on another (so that a lucky correlation on the text it was
 * chosen on does not pass for a finding).
 *
 * @module
 */

import { SequenceBatch } from "../core/sequence_batch.ts";
import type { Matrix } from "../core/matrix.ts";
import type { Vocabulary } from "../data/vocab.ts";
import type { LanguageModel } from "../models/language_model.ts";

/** A number per character of a text. */
export interface TextFeature {
  /** What it measures, e.g. `"position in the line"`. */
  readonly name: string;
  /** Its value after each character. */
  readonly values: Float64Array;
}

/**
 * Features of `text`, each read after the character at that position:
 * - **position in the line**: characters since the last newline (0 right after it);
 * - **inside a quotation**: 1 from an opening “ up to its closing ”, else 0;
 * - **inside parentheses**: 1 from ( up to ), else 0;
 * - **position in the word**: letters since the last character that is not a letter.
 *
 * @example
 * ```ts
 * import { textFeatures } from "./unit_probe.ts";
 * const [line, quote, , word] = textFeatures("ab\n“c d”");
 * console.assert(line.values.join() === "1,2,0,1,2,3,4,5" && quote.values.join() === "0,0,0,1,1,1,1,0");
 * console.assert(word.values.join() === "1,2,0,0,1,0,1,0");
 * ```
 */
export function textFeatures(text: string): TextFeature[] {
  const chars = [...text];
  const n = chars.length;
  const line = new Float64Array(n), quote = new Float64Array(n);
  const paren = new Float64Array(n), word = new Float64Array(n);
  let sinceNewline = 0, inQuote = 0, inParen = 0, inWord = 0;
  chars.forEach((c, t) => {
    sinceNewline = c === "\n" ? 0 : sinceNewline + 1;
    if (c === "“") inQuote = 1;
    if (c === "(") inParen = 1;
    inWord = /\p{L}/u.test(c) ? inWord + 1 : 0;
    line[t] = sinceNewline;
    quote[t] = inQuote;
    paren[t] = inParen;
    word[t] = inWord;
    if (c === "”") quote[t] = inQuote = 0;
    if (c === ")") paren[t] = inParen = 0;
  });
  return [
    { name: "position in the line", values: line },
    { name: "inside a quotation", values: quote },
    { name: "inside parentheses", values: paren },
    { name: "position in the word", values: word },
  ];
}

/** Pearson's correlation of two equally long series (0 when either is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`pearson: lengths ${n} and ${b.length} differ`);
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/**
 * `(x − mean) / standard deviation` of each value (all 0 when they are
 * constant), to draw series of different ranges on one axis.
 *
 * @example
 * ```ts
 * import { standardize } from "./unit_probe.ts";
 * console.assert(standardize([1, 2, 3]).map((v) => v.toFixed(3)).join() === "-1.225,0.000,1.225");
 * ```
 */
export function standardize(values: ArrayLike<number>): number[] {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2;
  const sd = Math.sqrt(variance / n);
  return Array.from(values, (v) => (sd === 0 ? 0 : (v - mean) / sd));
}

/** One feature's best unit, from {@link findTrackingUnits}. */
export interface TrackingUnit {
  /** The feature. */
  readonly feature: string;
  /** The part of the state, e.g. `"c"` or `"h"`. */
  readonly state: string;
  /** The unit. */
  readonly unit: number;
  /** Its correlation with the feature on the text it was chosen on. */
  readonly chosenOn: number;
  /** Its correlation on the other text (the honest number). */
  readonly heldOut: number;
}

/** The trace of `model` over `text` from a zero state (one sequence). */
export function traceOver(
  model: LanguageModel,
  vocab: Vocabulary,
  text: string,
): Readonly<Record<string, Matrix>> {
  const ids = vocab.encode(text);
  return model.scores(SequenceBatch.tokens(ids, 1, model.vocabSize), model.zeroState(1)).hidden
    .trace;
}

function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let t = 0; t < m.rows; t++) out[t] = m.data[t * m.cols + j];
  return out;
}

/**
 * For every feature of {@link textFeatures}: the unit (of the state parts
 * `states`, default `["c", "h"]` where present) whose value correlates most
 * strongly (either sign) with the feature over `searchText`, and that unit's
 * correlation over `checkText`.
 */
export function findTrackingUnits(
  model: LanguageModel,
  vocab: Vocabulary,
  searchText: string,
  checkText: string,
  states: readonly string[] = ["c", "h"],
): TrackingUnit[] {
  const search = traceOver(model, vocab, searchText), check = traceOver(model, vocab, checkText);
  const checkFeatures = textFeatures(checkText);
  return textFeatures(searchText).map((feature, k) => {
    let best = { state: "", unit: -1, r: 0 };
    for (const state of states.filter((s) => s in search)) {
      for (let j = 0; j < search[state].cols; j++) {
        const r = pearson(column(search[state], j), feature.values);
        if (Math.abs(r) > Math.abs(best.r)) best = { state, unit: j, r };
      }
    }
    const heldOut = best.unit < 0
      ? 0
      : pearson(column(check[best.state], best.unit), checkFeatures[k].values);
    return {
      feature: feature.name,
      state: best.state,
      unit: best.unit,
      chosenOn: best.r,
      heldOut,
    };
  });
}
