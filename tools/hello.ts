/**
 * `deno task hello`: trains the classic "hello" model and shows what it spells.
 *
 * @module
 */

import { CharLM, generate, Progress, trainHello } from "../lib/mod.ts";

const steps = 200;
const progress = new Progress({ total: steps, title: "hello" });
const { vocab, history, spelled, model } = trainHello({
  steps,
  onStep: (r) => progress.update(r),
});
progress.done();
console.log(`vocabulary: [${vocab.symbols.join(", ")}] (one-hot inputs)`);
console.log(
  `trained ${history.length} steps: loss ${history[0].loss.toFixed(4)} → ${
    history.at(-1)!.loss.toFixed(5)
  } nats/char`,
);
console.log(`given "h" and fed its own predictions, it spells: "${spelled}"`);
const untrained = new CharLM({
  vocabSize: vocab.size,
  hiddenSize: model.rnn.cell.hiddenSize,
  seed: 1,
});
const before = vocab.decode(generate(untrained, [0], { length: 4, temperature: 0 }));
console.log(`(the same model before training spells "h${before}")`);
