/**
 * A worker of `deno task paper`: trains one RNNLM with the paper's recipe and
 * scores the validation and test texts (statically, dynamically) and the
 * n-best hypotheses with it. Progress lines go to the main thread.
 *
 * @module
 */

import {
  dynamicLogProbs,
  Progress,
  RareWords,
  type RNNLM,
  scoreHypotheses,
  trainRNNLM,
  WordClasses,
} from "../../lib/mod.ts";
import type { JobData, JobResult, JobSpec, WorkerMessage } from "./protocol.ts";

/** The worker's global scope, as far as this file uses it. */
const scope = self as unknown as {
  postMessage(message: WorkerMessage, transfer: ArrayBuffer[]): void;
  onmessage: (event: MessageEvent<{ spec: JobSpec; data: JobData }>) => void;
};
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  scope.postMessage(message, transfer);

scope.onmessage = async (event) => {
  const { spec, data } = event.data;
  try {
    const result = await runJob(spec, data);
    const arrays = [result.valid, result.test, result.validDynamic, result.testDynamic];
    if (result.nbest) arrays.push(result.nbest.valid, result.nbest.test);
    post(
      { type: "done", result },
      arrays.filter((a) => a !== undefined).map((a) => a!.buffer as ArrayBuffer),
    );
  } catch (error) {
    post({
      type: "error",
      key: spec.key,
      message: error instanceof Error ? error.stack ?? error.message : String(error),
    });
  }
};

async function runJob(spec: JobSpec, data: JobData): Promise<JobResult> {
  const start = performance.now();
  const numClasses = data.classOf[data.classOf.length - 1] + 1;
  const rare = spec.rareThreshold
    ? RareWords.fromCounts(data.counts, spec.rareThreshold)
    : undefined;
  const encode = (stream: Int32Array) => rare ? rare.encode(stream) : stream;
  const classes = rare
    ? WordClasses.fromCounts(rare.counts, numClasses)
    : new WordClasses(data.classOf);
  // Full-vocabulary log-probabilities: a rare word gets P(rare)/C_rare.
  const full = (stream: Int32Array, lp: Float64Array) =>
    rare ? rare.expand(lp, stream.subarray(1)) : lp;
  const score = (model: RNNLM, stream: Int32Array) => full(stream, model.logProbs(encode(stream)));
  const { maxEpochs = 30, stepWords = 10_000 } = spec.recipe;
  const progress = new Progress({
    total: maxEpochs * Math.ceil((data.train.length - 1) / stepWords),
    title: spec.name,
    write: (text) => post({ type: "progress", key: spec.key, text }),
    isTTY: true,
    intervalMs: 1000,
  });
  const run = await trainRNNLM(encode(data.train), encode(data.valid), classes, spec.recipe, {
    progress,
    validLoss: (model) => -mean(score(model, data.valid)),
  });
  const result: JobResult = {
    key: spec.key,
    epochs: [...run.epochs],
    trainingSeconds: run.trainingSeconds,
    wordsPerSecond: run.wordsPerSecond,
    seconds: 0,
    valid: score(run.model, data.valid),
    test: score(run.model, data.test),
  };
  if (spec.dynamicRate) {
    const dynamic = (stream: Int32Array) =>
      full(stream, dynamicLogProbs(run.model, encode(stream), { learningRate: spec.dynamicRate }));
    result.validDynamic = dynamic(data.valid);
    result.testDynamic = dynamic(data.test);
  }
  if (spec.nbest && data.nbest) {
    result.nbest = {
      valid: scoreHypotheses(data.nbest.valid, (s) => score(run.model, s)),
      test: scoreHypotheses(data.nbest.test, (s) => score(run.model, s)),
    };
  }
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
