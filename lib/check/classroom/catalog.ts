/**
 * The catalog of coding exercises: for each, its id, the notebook that asks
 * for it, the learner's file and function, the engine imports it may use,
 * and its public tests. The grader adds hidden tests kept by the teacher.
 *
 * @module
 */

import type { AnySuite } from "./harness.ts";
import * as gated from "./public/gated.ts";
import * as lm from "./public/lm.ts";
import * as losses from "./public/losses.ts";
import * as rnn from "./public/rnn.ts";

/** Names a learner's file may import from one engine module (`"*"`: any). */
export interface ImportRule {
  /** The module's path from the course root, e.g. `lib/core/ops.ts`. */
  readonly module: string;
  /** The value names it may import, or `"*"` for all. Type-only imports are always allowed. */
  readonly names: readonly string[] | "*";
}

/** One coding exercise. */
export interface ExerciseSpec {
  /** Its id, used by check cells and the grader, e.g. `rnn_step_forward`. */
  readonly id: string;
  /** A short title. */
  readonly title: string;
  /** The notebook that asks for it (file name without `.ipynb`). */
  readonly notebook: string;
  /** The learner's file, relative to `exercises/`. */
  readonly file: string;
  /** The function the file exports. */
  readonly exportName: string;
  /** Engine imports it may use besides {@link BASE_ALLOWED}. */
  readonly allow: readonly ImportRule[];
  /** Its public tests (shipped to learners). */
  readonly tests: AnySuite;
}

/** Imports every exercise may use: matrices and the stub's error. Type-only imports are always allowed. */
export const BASE_ALLOWED: readonly ImportRule[] = [
  { module: "lib/core/matrix.ts", names: "*" },
  { module: "lib/check/not_implemented.ts", names: ["NotImplementedError"] },
  { module: "lib/check/exercise_types.ts", names: "*" },
];

// Exercises that share a file share one list, since the file is checked as a whole.
const STEP_OPS: ImportRule = {
  module: "lib/core/ops.ts",
  names: ["matmul", "addBias", "addScaled", "transpose", "sumRowsInto"],
};
const BPTT_OPS: ImportRule = {
  module: "lib/core/ops.ts",
  names: ["matmul", "addScaled", "transpose"],
};

/** Every coding exercise, in course order. */
export const EXERCISES: readonly ExerciseSpec[] = [
  {
    id: "rnn_step_forward",
    title: "RNN step forward",
    notebook: "01_rnn_basics",
    file: "rnn_step.ts",
    exportName: "rnnStepForward",
    allow: [STEP_OPS],
    tests: rnn.rnnStepForwardTests,
  },
  {
    id: "rnn_forward",
    title: "RNN over a sequence",
    notebook: "02_rnn_types",
    file: "rnn_forward.ts",
    exportName: "rnnForward",
    allow: [],
    tests: rnn.rnnForwardTests,
  },
  {
    id: "softmax_cross_entropy",
    title: "softmax cross-entropy",
    notebook: "03_hello_char_lm",
    file: "softmax_loss.ts",
    exportName: "softmaxCrossEntropy",
    allow: [],
    tests: losses.softmaxCrossEntropyTests,
  },
  {
    id: "softmax_cross_entropy_backward",
    title: "softmax cross-entropy gradient",
    notebook: "03_hello_char_lm",
    file: "softmax_loss.ts",
    exportName: "softmaxCrossEntropyBackward",
    allow: [],
    tests: losses.softmaxCrossEntropyBackwardTests,
  },
  {
    id: "perplexity",
    title: "perplexity from log-probabilities",
    notebook: "03_hello_char_lm",
    file: "perplexity.ts",
    exportName: "perplexity",
    allow: [],
    tests: losses.perplexityTests,
  },
  {
    id: "rnn_step_backward",
    title: "RNN step backward",
    notebook: "04_backpropagation_through_time",
    file: "rnn_step.ts",
    exportName: "rnnStepBackward",
    allow: [STEP_OPS],
    tests: rnn.rnnStepBackwardTests,
  },
  {
    id: "bptt",
    title: "backpropagation through time",
    notebook: "04_backpropagation_through_time",
    file: "bptt.ts",
    exportName: "bptt",
    allow: [BPTT_OPS],
    tests: rnn.bpttTests,
  },
  {
    id: "clip_grad_norm",
    title: "clipping by global norm",
    notebook: "04_backpropagation_through_time",
    file: "clip.ts",
    exportName: "clipGradNorm",
    allow: [],
    tests: losses.clipGradNormTests,
  },
  {
    id: "lstm_step_forward",
    title: "LSTM step forward",
    notebook: "06_lstm",
    file: "lstm_step.ts",
    exportName: "lstmStepForward",
    allow: [STEP_OPS],
    tests: gated.lstmStepForwardTests,
  },
  {
    id: "lstm_step_backward",
    title: "LSTM step backward",
    notebook: "06_lstm",
    file: "lstm_step.ts",
    exportName: "lstmStepBackward",
    allow: [STEP_OPS],
    tests: gated.lstmStepBackwardTests,
  },
  {
    id: "gru_step_forward",
    title: "GRU step forward",
    notebook: "07_gru",
    file: "gru_step.ts",
    exportName: "gruStepForward",
    allow: [STEP_OPS],
    tests: gated.gruStepForwardTests,
  },
  {
    id: "gru_step_backward",
    title: "GRU step backward",
    notebook: "07_gru",
    file: "gru_step.ts",
    exportName: "gruStepBackward",
    allow: [STEP_OPS],
    tests: gated.gruStepBackwardTests,
  },
  {
    id: "kn_discounts",
    title: "modified Kneser–Ney discounts",
    notebook: "08_mikolov_2010_rnnlm",
    file: "kn_discounts.ts",
    exportName: "knDiscounts",
    allow: [],
    tests: lm.knDiscountsTests,
  },
  {
    id: "dynamic_evaluation",
    title: "dynamic evaluation",
    notebook: "08_mikolov_2010_rnnlm",
    file: "dynamic_evaluation.ts",
    exportName: "dynamicEvaluation",
    allow: [],
    tests: lm.dynamicEvaluationTests,
  },
];

/** The exercise with id `id`; throws naming the known ids otherwise. */
export function exerciseById(id: string): ExerciseSpec {
  const spec = EXERCISES.find((e) => e.id === id);
  if (!spec) {
    throw new RangeError(
      `unknown exercise "${id}"; the exercises are ${EXERCISES.map((e) => e.id).join(", ")}`,
    );
  }
  return spec;
}
