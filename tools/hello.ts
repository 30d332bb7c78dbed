/**
 * `deno task hello`: trains the classic "hello" model and shows what it spells.
 *
 * @module
 */

import { CharLM, generate, trainHello } from "../lib/mod.ts";

const { vocab, history, spelled, model } = trainHello({
  onStep: ({ step, loss }) => {
    if (step === 1 || step % 50 === 0) {
      console.log(`step ${String(step).padStart(3)}  loss ${loss.toFixed(4)}`);
    }
  },
});
console.log(`vocabulary: [${vocab.symbols.join(", ")}] (one-hot inputs)`);
console.log(
  `trained ${history.length} steps; final loss ${history.at(-1)!.loss.toFixed(5)} nats/char`,
);
console.log(`given "h" and fed its own predictions, it spells: "${spelled}"`);
const untrained = new CharLM({
  vocabSize: vocab.size,
  hiddenSize: model.rnn.cell.hiddenSize,
  seed: 1,
});
console.log(
  `(the same model before training spells "h${
    vocab.decode(generate(untrained, [0], { length: 4, temperature: 0 }))
  }")`,
);
