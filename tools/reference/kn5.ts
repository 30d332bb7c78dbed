/**
 * The course's KN5 on the SOTU PTB-style files, for comparison with the
 * reference toolkits (`bench/reference_toolkits.md`): trains
 * `KneserNeyLM` (order 5) on `data/sotu/train.txt`, prints the training time
 * and the validation and test perplexities, and with `--out DIR` writes
 * `DIR/kn5.arpa` and `DIR/{valid,test}.kn5prob` (one probability per token,
 * `</s>` included: the file `rnnlm -lm-prob` reads).
 *
 * Usage: `deno run --allow-read --allow-write tools/reference/kn5.ts [--out DIR]`
 *
 * @module
 */

import { sotuPTB } from "../../lib/data/corpora/sotu_ptb.ts";
import { encodeSentences } from "../../lib/data/sentence_ids.ts";
import { arpaLines } from "../../lib/ngram/arpa_write.ts";
import { KneserNeyLM } from "../../lib/ngram/kneser_ney.ts";

const outIndex = Deno.args.indexOf("--out");
const out = outIndex >= 0 ? Deno.args[outIndex + 1] : undefined;

let start = performance.now();
const corpus = sotuPTB();
const ids = (split: "train" | "valid" | "test") =>
  encodeSentences(corpus[split], corpus.vocabulary);
const train = ids("train");
console.log(`read and encoded in ${((performance.now() - start) / 1000).toFixed(2)} s`);
start = performance.now();
const model = KneserNeyLM.train(train, { vocabSize: corpus.vocabulary.size, eos: 0, order: 5 });
console.log(
  `KN5 trained on ${train.length} tokens in ${((performance.now() - start) / 1000).toFixed(2)} s`,
);
for (let o = 1; o <= 5; o++) {
  const d = model.discounts(o).map((x) => x.toFixed(6)).join(" ");
  console.log(`  ${o}-grams ${model.types(o)}  D1 D2 D3+ ${d}`);
}
for (const split of ["valid", "test"] as const) {
  const stream = ids(split);
  const evaluation = model.evaluate(stream);
  console.log(
    `${split}: ${evaluation.tokens} tokens, perplexity ${evaluation.perplexity.toFixed(3)}`,
  );
  if (out !== undefined) {
    const probs = Array.from(model.logProbs(stream), (lp) => Math.exp(lp).toExponential(6));
    Deno.writeTextFileSync(`${out}/${split}.kn5prob`, probs.join("\n") + "\n");
  }
}
if (out !== undefined) {
  start = performance.now();
  const file = Deno.openSync(`${out}/kn5.arpa`, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let chunk = "";
  for (const line of arpaLines(model, corpus.vocabulary.symbols)) {
    chunk += line + "\n";
    if (chunk.length > 1 << 20) {
      file.writeSync(encoder.encode(chunk));
      chunk = "";
    }
  }
  file.writeSync(encoder.encode(chunk));
  file.close();
  console.log(`wrote ${out}/kn5.arpa in ${((performance.now() - start) / 1000).toFixed(2)} s`);
}
