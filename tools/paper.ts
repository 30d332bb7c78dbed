/**
 * `deno task paper`: the reproduction of Mikolov, Karafiát, Burget, Černocký
 * & Khudanpur, "Recurrent neural network based language model" (Interspeech
 * 2010) on the State of the Union PTB-style corpus (`data/sotu`), from the
 * command line.
 *
 * It trains KN5 and the RNN language models (two hidden sizes, two seeds
 * each, and one with the paper's rare-word token) with the toolkit's
 * algorithm, on two workers, with a progress line per model; then prints
 * and writes (`out/paper/results.{json,md}`, or `out/paper/quick/` with
 * `--quick`) the perplexity table — each model alone, with KN5 (λ = 0.75 and
 * tuned), with dynamic evaluation, and in ensembles — the simulated WER
 * table, and each model's training speed in words per second.
 *
 * Usage:
 * ```sh
 * deno task paper                 # the whole table (tens of minutes)
 * deno task paper --quick         # a slice of the data, small models (minutes)
 * deno task paper --workers 1     # one core
 * deno task paper --out DIR       # write somewhere else
 * ```
 *
 * @module
 */

import {
  KneserNeyLM,
  markdownTable,
  paperCorpus,
  perplexityOf,
  type PerplexityRow,
  textTable,
  type WerRow,
  werRows,
  werSetup,
  werTable,
} from "../lib/mod.ts";
import { ProgressBoard, runJobs } from "./paper/pool.ts";
import type { JobResult } from "./paper/protocol.ts";
import { perplexityRows } from "./paper/results.ts";
import { type PaperSettings, paperSettings } from "./paper/setup.ts";

/** Parsed command line. */
interface Args {
  quick: boolean;
  workers: number;
  out: string;
}

function parseArgs(args: string[]): Args {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes("--quick");
  const workers = Number(value("--workers") ?? 2);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`--workers must be a positive integer, got ${value("--workers")}`);
  }
  return { quick, workers, out: value("--out") ?? (quick ? "out/paper/quick" : "out/paper") };
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const log = (text: string) => console.error(`[${elapsed()}] ${text}`);

async function main(args: Args): Promise<void> {
  const settings = paperSettings(args.quick);
  const loadBefore = Deno.loadavg();
  log(`${settings.mode} run, ${args.workers} worker(s); reading data/sotu`);
  const corpus = paperCorpus(settings.corpus);
  log(
    `${corpus.ids.train.length} training tokens, ${corpus.ids.valid.length} valid, ${corpus.ids.test.length} test; training KN5`,
  );
  const kn5 = KneserNeyLM.train(corpus.ids.train, {
    vocabSize: corpus.vocabulary.size,
    eos: 0,
    order: 5,
  });
  const kn5Scores = { valid: kn5.logProbs(corpus.ids.valid), test: kn5.logProbs(corpus.ids.test) };
  log(
    `KN5: valid ${perplexityOf(kn5Scores.valid).toFixed(1)}, test ${
      perplexityOf(kn5Scores.test).toFixed(1)
    }; simulating n-best lists`,
  );
  const wer = werSetup(corpus, kn5, settings.nbest);
  log(`${settings.jobs.length} RNN language models to train`);
  const data = {
    train: corpus.streams.train,
    valid: corpus.streams.valid,
    test: corpus.streams.test,
    classOf: corpus.classes.classOf,
    counts: corpus.order.counts,
    nbest: wer.rnnStreams,
  };
  const results = await runJobs(
    settings.jobs.map((spec) => ({ spec, data })),
    args.workers,
    new ProgressBoard(),
  );
  log("combining");
  const perplexity = perplexityRows(settings, kn5Scores, results);
  const withNbest = settings.jobs.filter((j) => j.nbest).map((j) => ({
    name: j.name,
    ...results.get(j.key)!.nbest!,
  }));
  const werTable = werRows(wer, withNbest, settings.lambda);
  const seconds = (performance.now() - started) / 1000;
  const report = {
    mode: settings.mode,
    generated: new Date().toISOString(),
    seconds,
    machine: {
      cpus: navigator.hardwareConcurrency,
      loadBefore,
      loadAfter: Deno.loadavg(),
      deno: Deno.version.deno,
    },
    corpus: {
      trainTokens: corpus.ids.train.length,
      validTokens: corpus.ids.valid.length,
      testTokens: corpus.ids.test.length,
      vocabulary: corpus.vocabulary.size,
      classes: corpus.classes.numClasses,
    },
    perplexity: perplexity.rows,
    weights: perplexity.weights,
    sweep: perplexity.sweep,
    wer: werTable,
    werSettings: { ...settings.nbest, validLists: wer.valid.length, testLists: wer.test.length },
    training: trainingRecords(settings, results),
  };
  await writeReport(args.out, report);
  printReport(report.perplexity, werTable, report.training);
  log(`done in ${seconds.toFixed(0)} s; wrote ${args.out}/results.json and results.md`);
}

/** What each training did. */
function trainingRecords(settings: PaperSettings, results: Map<string, JobResult>) {
  return settings.jobs.map((spec) => {
    const r = results.get(spec.key)!;
    return {
      key: spec.key,
      name: spec.name,
      hiddenSize: spec.recipe.hiddenSize,
      seed: spec.recipe.seed,
      rareThreshold: spec.rareThreshold ?? null,
      epochs: r.epochs,
      wordsPerSecond: r.wordsPerSecond,
      trainingSeconds: r.trainingSeconds,
      seconds: r.seconds,
    };
  });
}

type Training = ReturnType<typeof trainingRecords>;

function speedText(training: Training): string {
  return training.map((t) =>
    `${t.name.padEnd(24)} ${String(t.epochs.length).padStart(3)} epochs  ` +
    `${Math.round(t.wordsPerSecond).toLocaleString("en-US").padStart(8)} words/s  ${
      t.trainingSeconds.toFixed(0).padStart(5)
    } s learning`
  ).join("\n");
}

function printReport(rows: PerplexityRow[], wer: WerRow[], training: Training): void {
  console.log("\nPerplexity (data/sotu; references: rnnlm 0.4b and KenLM on the same files)\n");
  console.log(textTable(rows));
  console.log(
    "\nSimulated word error rate (n-best rescoring; see lib/analysis/wer_simulation.ts)\n",
  );
  console.log(werTable(wer, { text: true }));
  console.log("\nTraining speed (one core per model, validation excluded)\n");
  console.log(speedText(training));
}

async function writeReport(dir: string, report: {
  mode: string;
  generated: string;
  seconds: number;
  perplexity: PerplexityRow[];
  wer: WerRow[];
  training: Training;
}): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/results.json`, JSON.stringify(report, null, 1) + "\n");
  const md = [
    `# Mikolov et al. (2010) on data/sotu (${report.mode} run, ${report.generated})`,
    "",
    `Written by \`deno task paper${report.mode === "quick" ? " --quick" : ""}\` in ${
      report.seconds.toFixed(0)
    } s.`,
    "",
    "## Perplexity",
    "",
    markdownTable(report.perplexity),
    "",
    "## Simulated word error rate",
    "",
    werTable(report.wer),
    "",
    "## Training speed",
    "",
    "```",
    speedText(report.training),
    "```",
    "",
  ];
  await Deno.writeTextFile(`${dir}/results.md`, md.join("\n"));
}

if (import.meta.main) await main(parseArgs(Deno.args));
