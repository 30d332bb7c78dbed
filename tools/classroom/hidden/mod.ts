/**
 * The hidden tests of every exercise, by exercise id (teacher only).
 *
 * @module
 */

import type { AnySuite } from "../../../lib/check/classroom/harness.ts";
import * as gated from "./gated.ts";
import * as lm from "./lm.ts";
import * as losses from "./losses.ts";
import * as rnn from "./rnn.ts";

/** Hidden suites by exercise id. */
export const HIDDEN: Readonly<Record<string, AnySuite>> = Object.fromEntries(
  [
    rnn.rnnStepForwardHidden,
    rnn.rnnStepBackwardHidden,
    rnn.rnnForwardHidden,
    rnn.bpttHidden,
    losses.softmaxCrossEntropyHidden,
    losses.softmaxCrossEntropyBackwardHidden,
    losses.perplexityHidden,
    losses.clipGradNormHidden,
    gated.lstmStepForwardHidden,
    gated.lstmStepBackwardHidden,
    gated.gruStepForwardHidden,
    gated.gruStepBackwardHidden,
    lm.knDiscountsHidden,
    lm.dynamicEvaluationHidden,
  ].map((s) => [s.exercise, s as AnySuite]),
);
