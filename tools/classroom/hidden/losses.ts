/**
 * Hidden tests of the loss and training exercises (teacher only: never copied
 * into a student release). Points are beside each test.
 *
 * @module
 */

import { fromArray } from "../../../lib/core/matrix.ts";
import type {
  ClipGradNormFn,
  PerplexityFn,
  SoftmaxCrossEntropyBackwardFn,
  SoftmaxCrossEntropyFn,
} from "../../../lib/check/exercise_types.ts";
import {
  expectMatrix,
  expectNumber,
  expectUnchanged,
} from "../../../lib/check/classroom/expect.ts";
import { suite } from "../../../lib/check/classroom/harness.ts";
import * as oracle from "../../../lib/check/classroom/oracle.ts";
import { checkClip, lossProblem, randomGrads } from "../../../lib/check/classroom/public/losses.ts";

/** A problem whose masked rows have an invalid target (-1), which must not be read. */
function maskedWithBadTargets(rng: Parameters<typeof lossProblem>[0]) {
  const p = lossProblem(rng, 6, 4, { masked: true });
  const targets = p.targets.map((y, r) => (p.mask![r] === 0 ? -1 : y));
  return { ...p, targets };
}

/** Hidden tests of `softmax_cross_entropy`. */
export const softmaxCrossEntropyHidden = suite<SoftmaxCrossEntropyFn>("softmax_cross_entropy", [
  {
    name: "large logits (hundreds) give a finite loss equal to the engine's",
    points: 2,
    run(f, rng) {
      const p = lossProblem(rng, 5, 4, { scale: 800 });
      const expected = oracle.softmaxCrossEntropy(p.logits, p.targets);
      expectNumber(
        `loss ${p.where} with logits in the hundreds`,
        f(p.logits.clone(), p.targets),
        expected,
      );
    },
  },
  {
    name: "rows whose mask is 0 are ignored, whatever their target",
    points: 1,
    run(f, rng) {
      const p = maskedWithBadTargets(rng);
      const expected = oracle.softmaxCrossEntropy(p.logits, p.targets, p.mask);
      expectNumber(
        `loss ${p.where}, masked rows with target -1`,
        f(p.logits.clone(), p.targets, p.mask),
        expected,
      );
    },
  },
  {
    name: "mask weights other than 0 and 1",
    points: 1,
    run(f, rng) {
      const p = lossProblem(rng, 5, 3);
      const mask = [0.5, 2, 1, 0, 3];
      const expected = oracle.softmaxCrossEntropy(p.logits, p.targets, mask);
      expectNumber(
        `loss ${p.where}, mask ${mask.join(", ")}`,
        f(p.logits.clone(), p.targets, mask),
        expected,
      );
    },
  },
]);

/** Hidden tests of `softmax_cross_entropy_backward`. */
export const softmaxCrossEntropyBackwardHidden = suite<SoftmaxCrossEntropyBackwardFn>(
  "softmax_cross_entropy_backward",
  [
    {
      name: "large logits (hundreds) give the engine's gradient",
      points: 2,
      run(f, rng) {
        const p = lossProblem(rng, 5, 4, { scale: 800 });
        const expected = oracle.softmaxCrossEntropyBackward(p.logits, p.targets);
        expectMatrix(
          `∂loss/∂logits ${p.where} with logits in the hundreds`,
          f(p.logits.clone(), p.targets),
          expected,
        );
      },
    },
    {
      name: "rows whose mask is 0 get a zero gradient, whatever their target",
      points: 1,
      run(f, rng) {
        const p = maskedWithBadTargets(rng);
        const expected = oracle.softmaxCrossEntropyBackward(p.logits, p.targets, p.mask);
        expectMatrix(
          `∂loss/∂logits ${p.where}, masked rows with target -1`,
          f(p.logits.clone(), p.targets, p.mask),
          expected,
        );
      },
    },
    {
      name: "does not change the logits",
      points: 1,
      run(f, rng) {
        const p = lossProblem(rng, 3, 4);
        const before = p.logits.clone();
        f(p.logits, p.targets);
        expectUnchanged("logits", p.logits, before);
      },
    },
  ],
);

/** Hidden tests of `perplexity`. */
export const perplexityHidden = suite<PerplexityFn>("perplexity", [
  {
    name: "10 000 tokens",
    points: 1,
    run(f, rng) {
      const logProbs = Array.from(
        { length: 10_000 },
        () => Math.log(0.001 + 0.999 * rng.uniform()),
      );
      expectNumber("perplexity of 10 000 tokens", f(logProbs), oracle.perplexity(logProbs));
    },
  },
  {
    name: "a Float32Array of log-probabilities",
    points: 1,
    run(f, rng) {
      const logProbs = Float32Array.from(
        { length: 50 },
        () => Math.log(0.05 + 0.95 * rng.uniform()),
      );
      expectNumber("perplexity of a Float32Array", f(logProbs), oracle.perplexity(logProbs));
    },
  },
  {
    name: "a model that is always sure and right",
    points: 1,
    run(f) {
      const logProbs = new Array(12).fill(0);
      expectNumber(
        "perplexity when every token has probability 1",
        f(logProbs),
        oracle.perplexity(logProbs),
      );
    },
  },
  {
    name: "is per token: the same text twice has the same perplexity",
    points: 1,
    run(f, rng) {
      const once = Array.from({ length: 20 }, () => Math.log(0.1 + 0.9 * rng.uniform()));
      expectNumber(
        "perplexity of a text repeated twice",
        f([...once, ...once]),
        oracle.perplexity(once),
      );
    },
  },
]);

/** Hidden tests of `clip_grad_norm`. */
export const clipGradNormHidden = suite<ClipGradNormFn>("clip_grad_norm", [
  {
    name: "leaves gradients under the limit untouched",
    points: 2,
    run(f, rng) {
      const grads = randomGrads(rng, 4, 3);
      const before = grads.map((g) => g.clone());
      expectNumber(
        "returned norm (norm 3, maxNorm 5)",
        f(grads, 5),
        oracle.clipGradNorm(before, 5).norm,
        1e-12,
      );
      grads.forEach((g, i) =>
        expectMatrix(`gradient ${i} under the limit (it must stay as it was)`, g, before[i], 0)
      );
    },
  },
  {
    name: "one gradient, and ten gradients",
    points: 1,
    run(f, rng) {
      checkClip(f, randomGrads(rng, 1, 7), 2, "(1 gradient, norm 7, maxNorm 2)");
      checkClip(f, randomGrads(rng, 10, 40), 1, "(10 gradients, norm 40, maxNorm 1)");
    },
  },
  {
    name: "returns the norm before clipping, not after",
    points: 1,
    run(f) {
      const g = fromArray([[30, 40]]);
      expectNumber("returned norm (gradient [30, 40], maxNorm 1)", f([g], 1), 50, 1e-12);
    },
  },
]);
