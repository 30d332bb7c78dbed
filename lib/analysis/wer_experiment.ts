/**
 * The simulated word-error-rate experiment of the reproduction
 * (`wer_simulation.ts` says what it can and cannot show): n-best lists for
 * validation sentences (to tune each model's weight against the acoustics)
 * and test sentences (to measure), rescored by KN5, the RNNs and their
 * mixtures. `deno task paper` and notebook 08 both run it.
 *
 * @module
 */

import { cmuDict, type CmuEntry } from "../data/corpora/cmudict.ts";
import { EOS } from "../data/sentence_ids.ts";
import { interpolateLogProbs } from "../eval/interpolate.ts";
import type { KneserNeyLM } from "../ngram/kneser_ney.ts";
import { acousticNeighbours } from "./acoustic_neighbours.ts";
import type { PaperCorpus } from "./paper_corpus.ts";
import {
  type NBestList,
  type NBestOptions,
  rescoreNBest,
  simulateNBest,
  tuneLmWeight,
} from "./wer_simulation.ts";

/** Hypotheses laid end to end: hypothesis i is `tokens[starts[i] … starts[i+1])`. */
export interface HypothesisStreams {
  /** The tokens. */
  tokens: Int32Array;
  /** Where each hypothesis starts (one more entry than hypotheses). */
  starts: Int32Array;
}

/** Options of {@link werSetup}: the n-best lists, and how many sentences of each split. */
export interface WerSetupOptions extends NBestOptions {
  /** Validation sentences (3 to 40 words) to tune on (default 500). */
  validSentences?: number;
  /** Test sentences (3 to 40 words) to measure on (default 1000). */
  testSentences?: number;
  /** The pronunciations (default: the CMU Pronouncing Dictionary, `cmuDict()`). */
  dictionary?: readonly CmuEntry[];
}

/** The lists and what each model needs to score them. */
export interface WerSetup {
  /** Lists to tune on (validation sentences). */
  valid: NBestList[];
  /** Lists to measure on (test sentences). */
  test: NBestList[];
  /** The hypotheses as RNN streams (`</s> words </s>`, the toolkit's ids). */
  rnnStreams: { valid: HypothesisStreams; test: HypothesisStreams };
  /** KN5's per-token log-probabilities of every hypothesis (its words and `</s>`), end to end. */
  kn5: { valid: Float64Array; test: Float64Array };
}

/** One row of the WER table. */
export interface WerRow {
  /** The language model used for rescoring ("acoustics only": none). */
  model: string;
  /** Its weight against the acoustic score, tuned on the validation lists. */
  lmWeight: number;
  /** Word error rate on the validation lists. */
  validWer: number;
  /** Word error rate on the test lists. */
  testWer: number;
}

/**
 * Builds the n-best lists (their words in the corpus's ids), the RNN's view
 * of them, and KN5's scores.
 *
 * @example
 * ```ts
 * import { KneserNeyLM, paperCorpus, werSetup } from "../mod.ts";
 * const corpus = paperCorpus({ trainTokens: 3000, evalSentences: 20 });
 * const kn5 = KneserNeyLM.train(corpus.ids.train, { vocabSize: corpus.vocabulary.size, eos: 0, order: 2 });
 * // two words that sound alike (the full experiment uses the whole CMU dictionary)
 * const dictionary = [["THE", "DH AH0"], ["A", "AH0"]].map(([word, p]) => ({ word, variant: 0, phonemes: p.split(" ") }));
 * const setup = werSetup(corpus, kn5, { validSentences: 5, testSentences: 5, size: 4, dictionary });
 * console.assert(setup.valid.length === 5 && setup.rnnStreams.test.starts.length > 5);
 * ```
 */
export function werSetup(
  corpus: PaperCorpus,
  kn5: KneserNeyLM,
  options: WerSetupOptions = {},
): WerSetup {
  const { vocabulary, order } = corpus;
  const sounds = acousticNeighbours(vocabulary.symbols, options.dictionary ?? cmuDict());
  const prior = new Float64Array(vocabulary.size);
  for (const id of corpus.ids.train) prior[id]++;
  const eos = vocabulary.id(EOS);
  const references = (sentences: string[][], n: number) =>
    sentences.filter((s) => s.length >= 3 && s.length <= 40).slice(0, n)
      .map((s) =>
        Int32Array.from(s, (w) => vocabulary.has(w) ? vocabulary.id(w) : vocabulary.id("<unk>"))
      );
  const { validSentences = 500, testSentences = 1000, seed = 0, dictionary: _, ...nbest } = options;
  const lists = (sentences: string[][], n: number, offset: number) =>
    simulateNBest(references(sentences, n), sounds, { ...nbest, prior, seed: seed + offset });
  const valid = lists(corpus.sentences.valid, validSentences, 1);
  const test = lists(corpus.sentences.test, testSentences, 2);
  const streams = (lists: NBestList[]): HypothesisStreams => {
    const all = lists.flatMap((l) => l.hypotheses.map((h) => order.encode([eos, ...h.words, eos])));
    const starts = new Int32Array(all.length + 1);
    all.forEach((s, i) => starts[i + 1] = starts[i] + s.length);
    const tokens = new Int32Array(starts[all.length]);
    all.forEach((s, i) => tokens.set(s, starts[i]));
    return { tokens, starts };
  };
  const kn5Scores = (lists: NBestList[]) =>
    concat(lists.flatMap((l) => l.hypotheses.map((h) => kn5.logProbs([...h.words, eos]))));
  return {
    valid,
    test,
    rnnStreams: { valid: streams(valid), test: streams(test) },
    kn5: { valid: kn5Scores(valid), test: kn5Scores(test) },
  };
}

/**
 * Rows for the acoustics alone, KN5, each RNN, and each RNN mixed with KN5
 * at λ; `rnns` give per-token log-probabilities of every hypothesis, laid end
 * to end as {@link scoreHypotheses} returns them.
 *
 * @example
 * ```ts
 * import { werRows } from "./wer_experiment.ts";
 * // one list of two one-word hypotheses; the acoustics prefer the wrong one
 * const list = { reference: Int32Array.of(1), hypotheses: [
 *   { words: Int32Array.of(1), acoustic: -1, errors: 0 },
 *   { words: Int32Array.of(2), acoustic: 0, errors: 1 },
 * ] };
 * const tokens = { tokens: new Int32Array(0), starts: new Int32Array(0) };
 * const setup = { valid: [list], test: [list], rnnStreams: { valid: tokens, test: tokens },
 *   kn5: { valid: Float64Array.of(-2, -1, -9, -1), test: Float64Array.of(-2, -1, -9, -1) } };
 * const rows = werRows(setup, [], 0.75); // per token: word, </s> of each hypothesis
 * console.assert(rows[0].testWer === 1 && rows[1].testWer === 0); // KN5 picks the right one
 * ```
 */
export function werRows(
  setup: WerSetup,
  rnns: { name: string; valid: Float64Array; test: Float64Array }[],
  lambda: number,
): WerRow[] {
  const row = (model: string, tokens?: { valid: Float64Array; test: Float64Array }): WerRow => {
    const valid = tokens ? sentenceScores(setup.valid, tokens.valid) : zeros(setup.valid);
    const test = tokens ? sentenceScores(setup.test, tokens.test) : zeros(setup.test);
    const lmWeight = tokens ? tuneLmWeight(setup.valid, valid) : 0;
    return {
      model,
      lmWeight,
      validWer: rescoreNBest(setup.valid, valid, lmWeight).wer,
      testWer: rescoreNBest(setup.test, test, lmWeight).wer,
    };
  };
  const mixed = (a: Float64Array, b: Float64Array) =>
    interpolateLogProbs([a, b], [lambda, 1 - lambda]);
  return [
    row("acoustics only"),
    row("KN5", setup.kn5),
    ...rnns.map((r) => row(r.name, r)),
    ...rnns.map((r) =>
      row(`${r.name} + KN5 (λ = ${lambda})`, {
        valid: mixed(r.valid, setup.kn5.valid),
        test: mixed(r.test, setup.kn5.test),
      })
    ),
  ];
}

/** Per-hypothesis sums of per-token log-probabilities laid end to end (words + `</s>` each). */
function sentenceScores(lists: NBestList[], tokens: Float64Array): Float64Array[] {
  let at = 0;
  return lists.map((l) =>
    Float64Array.from(l.hypotheses, (h) => {
      let sum = 0;
      for (let t = 0; t <= h.words.length; t++) sum += tokens[at + t];
      at += h.words.length + 1;
      return sum;
    })
  );
}

function zeros(lists: NBestList[]): Float64Array[] {
  return lists.map((l) => new Float64Array(l.hypotheses.length));
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Each hypothesis `</s> words… </s>` scored alone by `score` (per-token
 * log-probabilities of everything after the first `</s>`), laid end to end.
 *
 * @example
 * ```ts
 * import { scoreHypotheses } from "./wer_experiment.ts";
 * const streams = { tokens: Int32Array.of(0, 5, 0, 0, 6, 7, 0), starts: Int32Array.of(0, 3, 7) };
 * const out = scoreHypotheses(streams, (s) => new Float64Array(s.length - 1).fill(-1));
 * console.assert(out.length === 5 && out.every((x) => x === -1));
 * ```
 */
export function scoreHypotheses(
  streams: HypothesisStreams,
  score: (stream: Int32Array) => Float64Array,
): Float64Array {
  const count = streams.starts.length - 1;
  const out = new Float64Array(streams.tokens.length - count);
  for (let i = 0, at = 0; i < count; i++) {
    const lp = score(streams.tokens.subarray(streams.starts[i], streams.starts[i + 1]));
    out.set(lp, at);
    at += lp.length;
  }
  return out;
}
