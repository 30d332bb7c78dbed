/**
 * The perplexity rows of `deno task paper`, from every model's per-token
 * log-probabilities: the models alone, each RNN with KN5 (λ = 0.75 and λ
 * tuned on validation), dynamic evaluation, and ensembles (weights tuned on
 * validation by EM, applied unchanged to test).
 *
 * @module
 */

import {
  interpolateLogProbs,
  type LambdaPoint,
  lambdaSweep,
  perplexityOf,
  type PerplexityRow,
  tuneWeights,
} from "../../lib/mod.ts";
import type { JobResult } from "./protocol.ts";
import { type PaperSettings, REFERENCES } from "./setup.ts";

/** Per-token log-probabilities of valid and test. */
export interface Scores {
  /** Validation. */
  valid: Float64Array;
  /** Test. */
  test: Float64Array;
}

/** The table, the λ sweep of the first RNN with KN5, and the tuned weights. */
export interface PerplexityResults {
  /** One row per model or mixture. */
  rows: PerplexityRow[];
  /** Validation perplexity of RNN + KN5 against λ. */
  sweep: LambdaPoint[];
  /** The weights of every tuned mixture, by row name. */
  weights: Record<string, number[]>;
}

/** Builds every row. */
export function perplexityRows(
  settings: PaperSettings,
  kn5: Scores,
  results: Map<string, JobResult>,
): PerplexityResults {
  const rows: PerplexityRow[] = [], weights: Record<string, number[]> = {};
  const references = settings.mode === "full" ? REFERENCES : {};
  const add = (model: string, s: Scores, note?: string) =>
    rows.push({
      model,
      valid: perplexityOf(s.valid),
      test: perplexityOf(s.test),
      referenceValid: references[model]?.valid ?? null,
      referenceTest: references[model]?.test ?? null,
      note,
    });
  const mix = (model: string, parts: Scores[], fixed?: number[], note?: string) => {
    const w = fixed ?? tuneWeights(parts.map((p) => p.valid));
    if (!fixed) weights[model] = w;
    const tuned = fixed ? "" : `weights ${fmt(w)} (EM on valid)`;
    const at = (split: "valid" | "test") => interpolateLogProbs(parts.map((p) => p[split]), w);
    add(model, { valid: at("valid"), test: at("test") }, [note, tuned].filter(Boolean).join("; "));
  };
  const jobs = settings.jobs.map((spec) => ({ spec, result: results.get(spec.key)! }));
  const scores = (r: JobResult, dynamic = false): Scores =>
    dynamic ? { valid: r.validDynamic!, test: r.testDynamic! } : { valid: r.valid, test: r.test };
  add("KN5", kn5, "interpolated modified Kneser–Ney, order 5 (lib/ngram)");
  for (const { spec, result } of jobs) add(spec.name, scores(result), trainingNote(result));
  const { lambda } = settings;
  for (const dynamic of [false, true]) {
    for (
      const { spec, result } of jobs.filter((j) =>
        j.spec.recipe.seed === 1 && !j.spec.rareThreshold
      )
    ) {
      const name = spec.name + (dynamic ? " dynamic" : "");
      if (dynamic) {
        add(name, scores(result, true), `learning while scoring, α = ${settings.dynamicRate}`);
      }
      mix(`${name} + KN5 (λ = ${lambda})`, [scores(result, dynamic), kn5], [lambda, 1 - lambda]);
      const tuned = tuneWeights([scores(result, dynamic).valid, kn5.valid])[0];
      mix(
        `${name} + KN5 (λ tuned)`,
        [scores(result, dynamic), kn5],
        [tuned, 1 - tuned],
        `λ = ${tuned.toFixed(3)} (on valid)`,
      );
    }
  }
  const ensemble = jobs.filter((j) => !j.spec.rareThreshold);
  const members = ensemble.map((j) => j.spec.name).join(", ");
  for (const dynamic of [false, true]) {
    const parts = ensemble.map((j) => scores(j.result, dynamic));
    const label = `${ensemble.length} RNNs${dynamic ? " dynamic" : ""}`;
    mix(label, parts, undefined, members);
    mix(`${label} + KN5`, [...parts, kn5]);
  }
  const first = jobs.find((j) => j.spec.recipe.seed === 1 && !j.spec.rareThreshold)!;
  return { rows, sweep: lambdaSweep(first.result.valid, kn5.valid), weights };
}

function trainingNote(r: JobResult): string {
  return `${r.epochs.length} epochs, ${
    Math.round(r.wordsPerSecond).toLocaleString("en-US")
  } words/s`;
}

function fmt(weights: readonly number[]): string {
  return weights.map((w) => w.toFixed(2)).join("/");
}
