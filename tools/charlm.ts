/**
 * `deno task charlm`: a longer character-LM run on Moby-Dick than a notebook
 * can afford, with live progress, a checkpoint after every improving epoch,
 * and a result file that notebook 06 loads.
 *
 * Usage: `deno task charlm [--cell lstm|gru|rnn] [--hidden 256] [--embedding 32]
 * [--epochs 12] [--batch 32] [--seq 64] [--lr 0.002] [--seed 1] [--out out/charlm]
 * [--result FILE] [--resume CHECKPOINT]`
 *
 * Training: Adam with global-norm clipping at 5, truncated BPTT over parallel
 * streams of the first 90 % of the novel (the split of notebook 03), held-out
 * bits per character after every epoch. The learning rate is halved once an
 * epoch improves the validation loss by less than 0.3 %, and training stops
 * at the next such epoch (the schedule of Mikolov et al. 2010, see
 * `HalveOnPlateau`) or after `--epochs`. The best epoch's weights are saved
 * to `<out>/<cell>-<hidden>.safetensors`; at the end they are scored on the
 * whole validation and test texts and everything is written to `--result`
 * (default `<out>/<cell>-<hidden>.json`).
 *
 * `--resume` starts from a checkpoint of the same shape instead of new
 * weights (e.g. to go on with a lower `--lr`); the result file then lists the
 * earlier run's epochs too, read from the result file next to the checkpoint,
 * and the checkpoint is only replaced by an epoch that beats the earlier best.
 *
 * @module
 */

import { join } from "node:path";
import {
  checkpointBytes,
  evaluateLanguageModel,
  HalveOnPlateau,
  loadCheckpointBytes,
  makeCharLM,
  mobyDickCorpus,
  trainCharLM,
} from "../lib/mod.ts";

/** The command line, parsed. */
export interface CharLMArgs {
  cell: string;
  hidden: number;
  embedding: number;
  epochs: number;
  batch: number;
  seq: number;
  lr: number;
  seed: number;
  out: string;
  result?: string;
  resume?: string;
}

const TEXT_OPTIONS = ["cell", "out", "result", "resume"];

/** Parses `--name value` pairs; throws naming an unknown option or a bad value. */
export function parseCharLMArgs(args: readonly string[]): CharLMArgs {
  const parsed: Record<string, string | number> = {
    cell: "lstm",
    hidden: 256,
    embedding: 32,
    epochs: 12,
    batch: 32,
    seq: 64,
    lr: 0.002,
    seed: 1,
    out: "out/charlm",
  };
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, ""), value = args[i + 1];
    if (!args[i].startsWith("--") || !(name in parsed || ["result", "resume"].includes(name))) {
      throw new RangeError(`charlm: unknown option ${args[i]}`);
    }
    if (value === undefined) throw new RangeError(`charlm: ${args[i]} needs a value`);
    if (TEXT_OPTIONS.includes(name)) parsed[name] = value;
    else {
      const n = Number(value);
      if (!(n > 0) || !Number.isFinite(n)) {
        throw new RangeError(`charlm: ${args[i]} must be a positive number, got ${value}`);
      }
      parsed[name] = n;
    }
  }
  return parsed as unknown as CharLMArgs;
}

/** One line of the result's validation curve. */
interface EpochLine {
  epoch: number;
  tokens: number;
  seconds: number;
  validationBpc: number;
  nextLr: number;
}

function saveAtomically(path: string, bytes: Uint8Array): void {
  Deno.writeFileSync(`${path}.partial`, bytes);
  Deno.renameSync(`${path}.partial`, path);
}

/** What a resumed run starts from: the weights, and the earlier run's record if there is one. */
interface Earlier {
  commands: string[];
  epochs: EpochLine[];
  best: { bpc: number; epoch: number; bytes: Uint8Array };
  trainSeconds: number;
}

async function resumeFrom(
  path: string,
  params: Parameters<typeof checkpointBytes>[0],
): Promise<Earlier> {
  const bytes = await Deno.readFile(path);
  loadCheckpointBytes(bytes, params);
  const previous = path.replace(/\.safetensors$/, ".json");
  let record:
    | {
      command?: string;
      commands?: string[];
      epochs: EpochLine[];
      bestEpoch: number;
      trainSeconds: number;
    }
    | undefined;
  try {
    record = JSON.parse(await Deno.readTextFile(previous));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const epochs = record?.epochs ?? [];
  const bestLine = epochs.find((e) => e.epoch === record?.bestEpoch);
  return {
    commands: record?.commands ?? (record?.command ? [record.command] : []),
    epochs,
    best: { bpc: bestLine?.validationBpc ?? Infinity, epoch: bestLine?.epoch ?? 0, bytes },
    trainSeconds: record?.trainSeconds ?? 0,
  };
}

/** Trains, saves the best checkpoint, scores it and writes the result file. */
async function main(args: CharLMArgs): Promise<void> {
  const corpus = mobyDickCorpus();
  const shape = { cell: args.cell, hiddenSize: args.hidden, embeddingSize: args.embedding };
  const model = makeCharLM({ ...shape, vocabSize: corpus.vocab.size }, args.seed);
  const name = `${args.cell}-${args.hidden}`;
  await Deno.mkdir(args.out, { recursive: true });
  const checkpoint = join(args.out, `${name}.safetensors`);
  const loadBefore = Deno.loadavg();
  const earlier: Earlier = args.resume ? await resumeFrom(args.resume, model.params) : {
    commands: [],
    epochs: [],
    best: { bpc: Infinity, epoch: 0, bytes: new Uint8Array() },
    trainSeconds: 0,
  };
  const epochs: EpochLine[] = [...earlier.epochs];
  const offset = earlier.epochs.at(-1)?.epoch ?? 0;
  const tokenOffset = earlier.epochs.at(-1)?.tokens ?? 0;
  const secondOffset = earlier.epochs.at(-1)?.seconds ?? 0;
  let best = earlier.best;
  let optimizerLr = () => args.lr;
  const run = await trainCharLM({
    ...shape,
    corpus,
    model,
    epochs: args.epochs,
    batchSize: args.batch,
    seqLength: args.seq,
    lr: args.lr,
    validateEvery: "epoch",
    schedule: (optimizer) => {
      optimizerLr = () => optimizer.lr;
      return new HalveOnPlateau(optimizer);
    },
    progress: `Moby-Dick char LM: ${args.cell}, ${args.hidden} units`,
    onEpoch: (record) => {
      const bpc = record.validation!.bpc, epoch = offset + record.epoch;
      epochs.push({
        epoch,
        tokens: tokenOffset + record.steps * args.batch * args.seq,
        seconds: secondOffset + record.seconds,
        validationBpc: bpc,
        nextLr: optimizerLr(),
      });
      console.log(`epoch ${epoch}: validation ${bpc.toFixed(4)} bpc, next lr ${optimizerLr()}`);
      if (bpc < best.bpc) {
        const bytes = checkpointBytes(model.params, { epoch: String(epoch) });
        saveAtomically(checkpoint, bytes);
        best = { bpc, epoch, bytes };
      }
    },
  });
  loadCheckpointBytes(best.bytes, model.params);
  const score = (ids: Int32Array) =>
    evaluateLanguageModel(model, ids, { batchSize: 16, seqLength: 256 }).bitsPerToken;
  const result = {
    commands: [...earlier.commands, `deno task charlm ${Deno.args.join(" ")}`.trim()],
    settings: { ...args, clipNorm: 5, optimizer: "Adam", schedule: "HalveOnPlateau" },
    params: run.params,
    epochs,
    bestEpoch: best.epoch,
    validationBpc: score(corpus.validation),
    testBpc: score(corpus.test),
    tokensPerSecond: Math.round(run.tokensPerSecond),
    trainSeconds: Math.round(earlier.trainSeconds + run.trainSeconds),
    resumedFrom: args.resume,
    loadAverage: { before: loadBefore, after: Deno.loadavg() },
    checkpoint,
    date: new Date().toISOString().slice(0, 10),
    deno: Deno.version.deno,
  };
  const resultPath = args.result ?? join(args.out, `${name}.json`);
  await Deno.writeTextFile(resultPath, JSON.stringify(result, null, 2) + "\n");
  console.log(
    `best epoch ${best.epoch}: validation ${result.validationBpc.toFixed(4)} bpc, test ${
      result.testBpc.toFixed(4)
    } bpc; ${result.tokensPerSecond} characters/s; wrote ${resultPath} and ${checkpoint}`,
  );
}

if (import.meta.main) await main(parseCharLMArgs(Deno.args));
