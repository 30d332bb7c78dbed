/**
 * `deno task hello`: trains the classic "hello" model and shows what it spells.
 *
 * @module
 */

import { generate, LanguageModel, trainHello } from "../lib/mod.ts";

const { vocab, history, spelled, model } = await trainHello({ steps: 200, progress: "hello" });
console.log(`vocabulary: [${vocab.symbols.join(", ")}] (one-hot inputs)`);
console.log(
  `trained ${history.length} steps: loss ${history[0].loss.toFixed(4)} → ${
    history.at(-1)!.loss.toFixed(5)
  } nats/char`,
);
console.log(`given "h" and fed its own predictions, it spells: "${spelled}"`);
const untrained = new LanguageModel({ ...model.options, seed: 1 });
const before = vocab.decode(generate(untrained, [0], { length: 4, temperature: 0 }));
console.log(`(the same model before training spells "h${before}")`);
