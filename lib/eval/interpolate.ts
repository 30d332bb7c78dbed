/**
 * Linear interpolation of language models, token by token, as the paper
 * combines its RNN with the KN5 backoff model and several RNNs with each
 * other:
 *
 * ```
 * P(w | h) = Σ_m λ_m · P_m(w | h)        λ_m ≥ 0, Σ_m λ_m = 1
 * ```
 *
 * It needs each model's probability of every token of the same text (the
 * same tokens, the same `</s>`), not just their perplexities: the mixture's
 * perplexity is not a mixture of perplexities. The weights can be fixed (the
 * paper's λ = 0.75 for the RNN) or tuned on held-out text by EM, which never
 * lowers the likelihood and converges to the best weights (the
 * log-likelihood is concave in them).
 *
 * @module
 */

/**
 * `log Σ_m λ_m·exp(logP_m[t])` for every token t, computed stably.
 *
 * @example
 * ```ts
 * import { interpolateLogProbs } from "./interpolate.ts";
 * const mix = interpolateLogProbs([[Math.log(0.2)], [Math.log(0.6)]], [0.75, 0.25]);
 * console.assert(Math.abs(Math.exp(mix[0]) - 0.3) < 1e-12);
 * ```
 */
export function interpolateLogProbs(
  components: readonly ArrayLike<number>[],
  weights: readonly number[],
): Float64Array {
  const n = checkComponents(components, weights);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let max = -Infinity;
    for (let m = 0; m < components.length; m++) {
      if (weights[m] > 0) max = Math.max(max, components[m][t]);
    }
    let sum = 0;
    for (let m = 0; m < components.length; m++) {
      if (weights[m] > 0) sum += weights[m] * Math.exp(components[m][t] - max);
    }
    out[t] = max + Math.log(sum);
  }
  return out;
}

/**
 * The perplexity of per-token natural-log probabilities: `exp(−mean)`.
 *
 * @example
 * ```ts
 * import { perplexityOf } from "./interpolate.ts";
 * console.assert(Math.abs(perplexityOf([Math.log(0.5), Math.log(0.125)]) - 4) < 1e-12);
 * ```
 */
export function perplexityOf(logProbs: ArrayLike<number>): number {
  if (logProbs.length === 0) throw new RangeError("perplexityOf: no tokens");
  let sum = 0;
  for (let t = 0; t < logProbs.length; t++) sum += logProbs[t];
  return Math.exp(-sum / logProbs.length);
}

/** Options of {@link tuneWeights}. */
export interface TuneWeightsOptions {
  /** Stop when an iteration changes the mean log-likelihood by less (default 1e-9). */
  tolerance?: number;
  /** At most this many EM iterations (default 500). */
  maxIterations?: number;
}

/**
 * The interpolation weights that maximise the likelihood of the tokens, by
 * EM from equal weights: each step sets `λ_m` to the mean over tokens of
 * model m's share of the mixture's probability.
 *
 * @example
 * ```ts
 * import { interpolateLogProbs, perplexityOf, tuneWeights } from "./interpolate.ts";
 * // model a is right on the first two tokens, model b on the last one
 * const a = [Math.log(0.9), Math.log(0.9), Math.log(0.1)];
 * const b = [Math.log(0.1), Math.log(0.1), Math.log(0.9)];
 * const weights = tuneWeights([a, b]);
 * console.assert(weights[0] > 0.5 && Math.abs(weights[0] + weights[1] - 1) < 1e-12);
 * const tuned = perplexityOf(interpolateLogProbs([a, b], weights));
 * console.assert(tuned < perplexityOf(interpolateLogProbs([a, b], [0.5, 0.5])));
 * ```
 */
export function tuneWeights(
  components: readonly ArrayLike<number>[],
  options: TuneWeightsOptions = {},
): number[] {
  const M = components.length;
  if (M === 0) throw new RangeError("tuneWeights: no models");
  const { tolerance = 1e-9, maxIterations = 500 } = options;
  let weights = new Array(M).fill(1 / M);
  const n = checkComponents(components, weights);
  let previous = -Infinity;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const share = new Array(M).fill(0);
    let likelihood = 0;
    for (let t = 0; t < n; t++) {
      let max = -Infinity;
      for (let m = 0; m < M; m++) max = Math.max(max, components[m][t]);
      const parts = weights.map((w, m) => w * Math.exp(components[m][t] - max));
      const total = parts.reduce((a, b) => a + b);
      parts.forEach((p, m) => share[m] += p / total);
      likelihood += max + Math.log(total);
    }
    weights = share.map((s) => s / n);
    if (likelihood / n - previous < tolerance) break;
    previous = likelihood / n;
  }
  return weights;
}

/** One point of {@link lambdaSweep}. */
export interface LambdaPoint {
  /** The weight of the first model. */
  lambda: number;
  /** The mixture's perplexity. */
  perplexity: number;
}

/**
 * The perplexity of `λ·P_a + (1 − λ)·P_b` for each λ (default 0, 0.05, …, 1):
 * the curve the paper's choice λ = 0.75 sits on.
 *
 * @example
 * ```ts
 * import { lambdaSweep } from "./interpolate.ts";
 * const a = [Math.log(0.5)], b = [Math.log(0.25)];
 * const sweep = lambdaSweep(a, b, [0, 1]);
 * console.assert(Math.abs(sweep[0].perplexity - 4) < 1e-12 && Math.abs(sweep[1].perplexity - 2) < 1e-12);
 * ```
 */
export function lambdaSweep(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  lambdas: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20),
): LambdaPoint[] {
  return lambdas.map((lambda) => ({
    lambda,
    perplexity: perplexityOf(interpolateLogProbs([a, b], [lambda, 1 - lambda])),
  }));
}

function checkComponents(
  components: readonly ArrayLike<number>[],
  weights: readonly number[],
): number {
  if (components.length === 0) throw new RangeError("interpolation: no models");
  if (weights.length !== components.length) {
    throw new RangeError(
      `interpolation: ${weights.length} weights for ${components.length} models`,
    );
  }
  let total = 0;
  weights.forEach((w, m) => {
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new RangeError(`interpolation: weight ${m} is ${w}, expected a number ≥ 0`);
    }
    total += w;
  });
  if (Math.abs(total - 1) > 1e-9) {
    throw new RangeError(`interpolation: the weights sum to ${total}, expected 1`);
  }
  const n = components[0].length;
  components.forEach((c, m) => {
    if (c.length !== n) {
      throw new RangeError(
        `interpolation: model ${m} scores ${c.length} tokens, model 0 scores ${n}: ` +
          "every model must score the same tokens",
      );
    }
  });
  return n;
}
