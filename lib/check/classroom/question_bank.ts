/**
 * The questions of notebooks 01–04 and 08 whose answer is a number, a yes/no or a
 * choice. Each expected value is computed from the engine or the data (or
 * stored as a hash, for choices), never written out.
 *
 * @module
 */

import { RNNCell } from "../../layers/rnn_cell.ts";
import { countParams } from "../../layers/param.ts";
import { jacobianProductNorms, scaledOrthogonal } from "../../analysis/jacobians.ts";
import { SequenceBatch } from "../../core/sequence_batch.ts";
import { SuffixBaseline } from "../../eval/baselines.ts";
import { bpttStepByStep, frobeniusNorm } from "../../analysis/bptt_walk.ts";
import { LanguageModel } from "../../models/language_model.ts";
import { Random } from "../../random.ts";
import { needs, type Question } from "./question.ts";
import { GATED_QUESTIONS } from "./question_bank_gated.ts";
import { RNNLM } from "../../models/rnnlm.ts";
import { WordClasses } from "../../layers/word_classes.ts";
import { interpolateLogProbs, perplexityOf } from "../../eval/interpolate.ts";
import { RareWords } from "../../data/rare_words.ts";

/** The lowest mean loss (nats per step) of a model that sees only the current symbol, on `text`. */
export function memorylessFloor(text: string): number {
  const follows = new Map<string, Map<string, number>>();
  for (let i = 0; i + 1 < text.length; i++) {
    const next = follows.get(text[i]) ?? new Map<string, number>();
    next.set(text[i + 1], (next.get(text[i + 1]) ?? 0) + 1);
    follows.set(text[i], next);
  }
  let total = 0;
  for (const next of follows.values()) {
    const n = [...next.values()].reduce((a, b) => a + b, 0);
    for (const c of next.values()) total -= c * Math.log(c / n);
  }
  return total / (text.length - 1);
}

/** The entropy in nats of a distribution given by its probabilities. */
function entropy(p: readonly number[]): number {
  return -p.reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0);
}

interface Sampler {
  sample(label: number, options: { temperature: number; rng: Random }): number[];
}

/** Every question, by notebook. */
export const QUESTIONS: readonly Question[] = [
  {
    id: "01.cell_parameters",
    kind: "number",
    hint: "count the entries of Wxh, Whh and b",
    expected: () =>
      countParams(new RNNCell({ inputSize: 10, hiddenSize: 20, rng: new Random(0) }).params),
  },
  {
    id: "01.relu_range",
    kind: "choice",
    hint: "ReLU passes any positive number through unchanged",
    answerHash: "ddddde684cef794a4eeaf9b724fe2ca7b9efd25baa4334bd88771f212b9f082b",
  },
  {
    id: "01.states_per_batch",
    kind: "number",
    hint: "steps × sequences × hidden units",
    expected(context) {
      const id = "01.states_per_batch";
      const model = needs<LanguageModel>(context, id, "model");
      const sequences = needs<number>(context, id, "sequences");
      const steps = needs<number>(context, id, "steps");
      const batch = SequenceBatch.tokens(new Int32Array(sequences * steps), sequences);
      return model.scores(batch, model.zeroState(sequences)).hidden.trace.h.size;
    },
  },
  {
    id: "02.greedy_names",
    kind: "number",
    hint: "at temperature 0 the most likely symbol is taken: does the generator rng play a part?",
    expected(context) {
      const generator = needs<Sampler>(context, "02.greedy_names", "generator");
      const label = (context.label as number | undefined) ?? 0;
      const names = new Set<string>();
      for (let seed = 0; seed < 20; seed++) {
        names.add(generator.sample(label, { temperature: 0, rng: new Random(seed) }).join(","));
      }
      return names.size;
    },
  },
  {
    id: "02.suffix_beats_rnn",
    kind: "boolean",
    hint: "fit SuffixBaseline with suffixLength 2 and compare its test accuracy with the RNN's",
    expected(context) {
      const id = "02.suffix_beats_rnn";
      const baseline = SuffixBaseline.fit(
        needs<string[]>(context, id, "trainNames"),
        needs<ArrayLike<number>>(context, id, "trainLabels"),
        { numClasses: 2, suffixLength: 2 },
      );
      const accuracy = baseline.accuracy(
        needs<string[]>(context, id, "testNames"),
        needs<ArrayLike<number>>(context, id, "testLabels"),
      );
      return accuracy > needs<number>(context, id, "rnnAccuracy");
    },
  },
  {
    id: "02.context_size",
    kind: "number",
    hint: "C is the encoder's last hidden state",
    expected: (context) =>
      needs<{ decoder: { cell: { hiddenSize: number } } }>(context, "02.context_size", "model")
        .decoder.cell.hiddenSize,
  },
  {
    id: "03.lollipop_floor",
    kind: "number",
    tolerance: 1e-3,
    hint: "for every input letter, which next letters follow it, and how often?",
    expected: () => memorylessFloor("lollipop"),
  },
  {
    id: "04.first_zero_contribution",
    kind: "number",
    hint: "which hidden state multiplies δ at the first step?",
    expected() {
      const walk = bpttStepByStep(new LanguageModel({ vocabSize: 3, hiddenSize: 4, seed: 1 }), [
        0,
        1,
        2,
        1,
      ], [1, 2, 1, 0]);
      return walk.contributions.findIndex((c) => frobeniusNorm(c) === 0) + 1;
    },
  },
  {
    id: "04.jacobian_no_input",
    kind: "number",
    tolerance: 1e-6,
    hint: "with h = 0 every Jacobian is 0.9·Qᵀ, and Q keeps lengths",
    expected: () =>
      jacobianProductNorms({
        hiddenSize: 16,
        steps: 21,
        Whh: scaledOrthogonal(16, 0.9, new Random(0)),
        inputScale: 0,
      })[20],
  },
  {
    id: "04.mean_backprop_distance",
    kind: "number",
    hint: "the term j steps into its chunk goes back j + 1 steps",
    expected(context) {
      const k = (context.k as number | undefined) ?? 16;
      const distances = Array.from({ length: k }, (_, j) => j + 1);
      return distances.reduce((a, b) => a + b, 0) / k;
    },
  },
  {
    // Delay 2 with input bits that are 1 with probability 0.9: the bit the network needs is
    // independent of everything it sees, so the best it can do is predict the bit's distribution.
    id: "04.delay_floor",
    kind: "number",
    tolerance: 1e-3,
    hint: "the bit it needs is independent of everything the network sees: what is the best " +
      "prediction of such a bit, and its cross-entropy?",
    expected: () => entropy([0.9, 0.1]),
  },
  {
    id: "08.u_weights",
    kind: "number",
    hint: "U maps the V + H numbers of x(t) to H hidden units",
    expected() {
      // One class per word of a 10,001-word vocabulary; only U's two blocks are counted.
      const classes = WordClasses.fromCounts(new Array(10_001).fill(1), 100);
      const lm = new RNNLM({ classes, hiddenSize: 100, dtype: "float32" });
      return countParams([lm.Wxh, lm.Whh]);
    },
  },
  {
    id: "08.walk_steps",
    kind: "number",
    hint: "the toolkit adds 1 to -bptt, then walks bptt + bptt_block − 2 steps",
    expected: () =>
      new RNNLM({ classes: new WordClasses([0]), hiddenSize: 1, bptt: 4, bpttBlock: 10 })
        .walkSteps,
  },
  {
    id: "08.mixture_probability",
    kind: "number",
    tolerance: 1e-9,
    hint: "the mixture mixes probabilities, not log-probabilities",
    expected: () =>
      Math.exp(interpolateLogProbs([[Math.log(0.01)], [Math.log(0.05)]], [0.75, 0.25])[0]),
  },
  {
    id: "08.rare_word_probability",
    kind: "number",
    tolerance: 1e-12,
    hint: "P(rare | h) is shared equally by the words merged into it",
    expected() {
      const rare = RareWords.fromCounts([100, ...new Array(2000).fill(1)], 2);
      return Math.exp(rare.expand([Math.log(0.1)], [1])[0]);
    },
  },
  {
    id: "08.uniform_perplexity",
    kind: "number",
    tolerance: 1e-9,
    hint: "perplexity is the geometric mean of 1/P",
    expected: () => perplexityOf(new Float64Array(4).fill(-Math.log(250))),
  },
  ...GATED_QUESTIONS,
];
