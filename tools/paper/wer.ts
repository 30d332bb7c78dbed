/**
 * The simulated word-error-rate experiment of `deno task paper`
 * (`lib/analysis/wer_simulation.ts` says what it can and cannot show):
 * n-best lists for validation sentences (to tune each model's weight against
 * the acoustics) and test sentences (to measure), rescored by KN5, the RNNs
 * and their mixtures.
 *
 * @module
 */

import {
  acousticNeighbours,
  cmuDict,
  EOS,
  interpolateLogProbs,
  type KneserNeyLM,
  type NBestList,
  type PaperCorpus,
  rescoreNBest,
  simulateNBest,
  tuneLmWeight,
} from "../../lib/mod.ts";
import type { HypothesisStreams } from "./protocol.ts";
import type { PaperSettings } from "./setup.ts";

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

/** Builds the n-best lists and scores them with KN5. */
export function werSetup(corpus: PaperCorpus, settings: PaperSettings, kn5: KneserNeyLM): WerSetup {
  const { vocabulary, order } = corpus;
  const sounds = acousticNeighbours(vocabulary.symbols, cmuDict());
  const prior = new Float64Array(vocabulary.size);
  for (const id of corpus.ids.train) prior[id]++;
  const eos = vocabulary.id(EOS);
  const references = (sentences: string[][], n: number) =>
    sentences.filter((s) => s.length >= 3 && s.length <= 40).slice(0, n)
      .map((s) =>
        Int32Array.from(s, (w) => vocabulary.has(w) ? vocabulary.id(w) : vocabulary.id("<unk>"))
      );
  const { validSentences, testSentences, ...options } = settings.nbest;
  const valid = simulateNBest(references(corpus.sentences.valid, validSentences), sounds, {
    ...options,
    prior,
    seed: 1,
  });
  const test = simulateNBest(references(corpus.sentences.test, testSentences), sounds, {
    ...options,
    prior,
    seed: 2,
  });
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

/** Rows for the acoustics alone, KN5, each RNN, and each RNN mixed with KN5 at λ. */
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
