/**
 * Public tests of the loss and training exercises (shipped to learners):
 * `softmax_cross_entropy`, `softmax_cross_entropy_backward`, `perplexity`,
 * `clip_grad_norm`. Points are beside each test. Expected values come from the
 * engine (the oracle) on seeded random inputs.
 *
 * @module
 */

import type { Matrix } from "../../../core/matrix.ts";
import { sumOfSquares } from "../../../core/ops.ts";
import type { Random } from "../../../random.ts";
import type {
  ClipGradNormFn,
  PerplexityFn,
  SoftmaxCrossEntropyBackwardFn,
  SoftmaxCrossEntropyFn,
} from "../../exercise_types.ts";
import { expectGradient, expectMatrix, expectNumber } from "../expect.ts";
import { suite } from "../harness.ts";
import { numericGrad, randn, randomTargets } from "../inputs.ts";
import * as oracle from "../oracle.ts";

/** A classification problem: logits [rows × classes] (times `scale`), targets, and a 0/1 mask when asked. */
export function lossProblem(
  rng: Random,
  rows: number,
  classes: number,
  options: { scale?: number; masked?: boolean } = {},
): { logits: Matrix; targets: number[]; mask: number[] | undefined; where: string } {
  const logits = randn(rng, rows, classes, options.scale ?? 2);
  const targets = randomTargets(rng, rows, classes);
  const mask = options.masked ? targets.map((_, r) => (r % 3 === 1 ? 0 : 1)) : undefined;
  const where = `(${rows}×${classes} logits${mask ? ", masked" : ""})`;
  return { logits, targets, mask, where };
}

/** The gradient of the learner's backward against the numerical gradient of the engine's loss. */
export function checkLossGradient(
  f: SoftmaxCrossEntropyBackwardFn,
  p: ReturnType<typeof lossProblem>,
  tolerance = 1e-6,
): void {
  const loss = () => oracle.softmaxCrossEntropy(p.logits, p.targets, p.mask);
  const numeric = numericGrad(loss, p.logits);
  const got = f(p.logits.clone(), p.targets.slice(), p.mask?.slice());
  expectGradient(`∂loss/∂logits ${p.where}`, got, numeric, tolerance);
}

/** Random gradients: `count` matrices of random shapes, scaled so their global norm is about `norm`. */
export function randomGrads(rng: Random, count: number, norm: number): Matrix[] {
  const gs = Array.from({ length: count }, () => randn(rng, 1 + rng.int(4), 1 + rng.int(5)));
  const total = Math.sqrt(gs.reduce((s, g) => s + sumOfSquares(g), 0));
  for (const g of gs) for (let i = 0; i < g.data.length; i++) g.data[i] *= norm / total;
  return gs;
}

/** Clips copies of `grads` with the learner's function and compares norm and results with the engine. */
export function checkClip(f: ClipGradNormFn, grads: Matrix[], maxNorm: number, what: string): void {
  const mine = grads.map((g) => g.clone());
  const expected = oracle.clipGradNorm(grads, maxNorm);
  const norm = f(mine, maxNorm);
  expectNumber(`returned norm ${what}`, norm, expected.norm, 1e-12);
  expected.clipped.forEach((e, i) =>
    expectMatrix(`gradient ${i} after clipping ${what}`, mine[i], e, 1e-12)
  );
}

/** Public tests of `softmax_cross_entropy`. */
export const softmaxCrossEntropyTests = suite<SoftmaxCrossEntropyFn>("softmax_cross_entropy", [
  {
    name: "the mean loss matches the engine (1×2, 4×5 and 7×3 logits)",
    points: 3,
    run(f, rng) {
      for (const [rows, classes] of [[1, 2], [4, 5], [7, 3]]) {
        const p = lossProblem(rng, rows, classes);
        const expected = oracle.softmaxCrossEntropy(p.logits, p.targets);
        expectNumber(`loss ${p.where}`, f(p.logits.clone(), p.targets.slice()), expected);
      }
    },
  },
  {
    name: "with a mask, the mean is over the rows whose mask is not 0",
    points: 3,
    run(f, rng) {
      const p = lossProblem(rng, 6, 4, { masked: true });
      const expected = oracle.softmaxCrossEntropy(p.logits, p.targets, p.mask);
      expectNumber(`loss ${p.where}`, f(p.logits.clone(), p.targets.slice(), p.mask), expected);
    },
  },
]);

/** Public tests of `softmax_cross_entropy_backward`. */
export const softmaxCrossEntropyBackwardTests = suite<SoftmaxCrossEntropyBackwardFn>(
  "softmax_cross_entropy_backward",
  [
    {
      name: "matches the numerical gradient of the loss (4×5 logits)",
      points: 3,
      run: (f, rng) => checkLossGradient(f, lossProblem(rng, 4, 5)),
    },
    {
      name: "matches the numerical gradient with a mask (6×3 logits)",
      points: 3,
      run: (f, rng) => checkLossGradient(f, lossProblem(rng, 6, 3, { masked: true })),
    },
  ],
);

/** Public tests of `perplexity`. */
export const perplexityTests = suite<PerplexityFn>("perplexity", [
  {
    name: "matches the definition for texts of 1, 10 and 100 tokens",
    points: 4,
    run(f, rng) {
      for (const n of [1, 10, 100]) {
        const logProbs = Array.from({ length: n }, () => Math.log(0.02 + 0.98 * rng.uniform()));
        expectNumber(`perplexity of ${n} tokens`, f(logProbs.slice()), oracle.perplexity(logProbs));
      }
    },
  },
  {
    name: "a model that spreads probability evenly over V tokens has perplexity V",
    points: 2,
    run(f, rng) {
      const V = 2 + rng.int(80);
      const logProbs = Array.from({ length: 25 }, () => -Math.log(V));
      expectNumber(
        `perplexity of a uniform model over ${V} tokens`,
        f(logProbs),
        oracle.perplexity(logProbs),
      );
    },
  },
]);

/** Public tests of `clip_grad_norm`. */
export const clipGradNormTests = suite<ClipGradNormFn>("clip_grad_norm", [
  {
    name: "returns the global norm of several gradients",
    points: 2,
    run(f, rng) {
      const grads = randomGrads(rng, 3, 2.5);
      const expected = oracle.clipGradNorm(grads, 100).norm;
      expectNumber(
        "returned norm (3 gradients, no clipping)",
        f(grads.map((g) => g.clone()), 100),
        expected,
        1e-12,
      );
    },
  },
  {
    name: "rescales all gradients in place when the norm is above maxNorm",
    points: 4,
    run: (f, rng) => checkClip(f, randomGrads(rng, 3, 12), 5, "(norm 12, maxNorm 5)"),
  },
]);
