/**
 * A cross-check of the course's RNNLM against the original toolkit: reads a
 * model that rnnlm 0.4b trained and saved in its text format (`-rnnlm FILE`
 * without `-binary`), puts its weights into an `RNNLM` with the toolkit's own
 * vocabulary order and classes, and scores `data/sotu` validation and test
 * with them, statically and with dynamic evaluation (`-dynamic 0.1`), for
 * comparison with what `rnnlm -test` prints for the same file.
 *
 * The toolkit computes `exp` with a fast approximation (`fasterexp`, a few
 * per cent off) and we with the exact one, so the two agree closely but not
 * to the last digit.
 *
 * Usage: `deno run --allow-read tools/paper/import_rnnlm.ts MODEL_FILE [--no-dynamic]`
 *
 * @module
 */

import { perplexityOf, RNNLM, sotuPTB, WordClasses } from "../../lib/mod.ts";

/** The parts of a toolkit model file this check needs. */
interface ToolkitModel {
  words: string[];
  classOf: number[];
  hidden: number;
  /** "Weights 0->1": for each hidden unit, its weights from every input (words, then state). */
  syn0: Float64Array;
  /** "Weights 1->2": for each output (words, then classes), its weights from every hidden unit. */
  syn1: Float64Array;
}

function parseModel(text: string): ToolkitModel {
  const lines = text.split("\n");
  const field = (name: string) => Number(lines.find((l) => l.startsWith(name))!.split(":")[1]);
  const V = field("vocabulary size"), H = field("hidden layer size"), C = field("class size");
  if (field("compression layer size") !== 0 || field("direct connections") !== 0) {
    throw new Error("import_rnnlm: only models without compression layer and direct connections");
  }
  let at = lines.indexOf("Vocabulary:") + 1;
  const words: string[] = [], classOf: number[] = [];
  for (let i = 0; i < V; i++, at++) {
    const [, , word, cls] = lines[at].trim().split(/\s+/);
    words.push(word);
    classOf.push(Number(cls));
  }
  const numbers = (header: string, count: number) => {
    let i = lines.indexOf(header) + 1;
    const out = new Float64Array(count);
    for (let k = 0; k < count; i++) if (lines[i] !== "") out[k++] = Number(lines[i]);
    return out;
  };
  const syn0 = numbers("Weights 0->1:", (V + H) * H);
  const syn1 = numbers("Weights 1->2:", (V + C) * H);
  return { words, classOf, hidden: H, syn0, syn1 };
}

function toRNNLM(model: ToolkitModel): RNNLM {
  const { words, classOf, hidden: H, syn0, syn1 } = model;
  const V = words.length, layer0 = V + H;
  const classes = new WordClasses(classOf);
  const C = classes.numClasses;
  // The toolkit's -bptt 4 -bptt-block 10 are in the file as bptt 5, block 10: walks of 13 steps.
  const lm = new RNNLM({ classes, hiddenSize: H, dtype: "float32" });
  const { Wxh, Whh } = lm, { Vc, Vw } = lm.output;
  for (let j = 0; j < H; j++) {
    for (let w = 0; w < V; w++) Wxh.value.data[w * H + j] = syn0[w + j * layer0];
    for (let i = 0; i < H; i++) Whh.value.data[i * H + j] = syn0[V + i + j * layer0];
  }
  for (let a = 0; a < H; a++) {
    for (let w = 0; w < V; w++) Vw.value.data[w * H + a] = syn1[a + w * H];
    for (let c = 0; c < C; c++) Vc.value.data[c * H + a] = syn1[a + (V + c) * H];
  }
  return lm;
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (!path) throw new Error("usage: import_rnnlm.ts MODEL_FILE [--no-dynamic]");
  const model = parseModel(await Deno.readTextFile(path));
  const lm = toRNNLM(model);
  const index = new Map(model.words.map((w, i) => [w, i]));
  const corpus = sotuPTB();
  for (const split of ["valid", "test"] as const) {
    const ids = [0];
    for (const sentence of corpus[split]) ids.push(...sentence.map((w) => index.get(w)!), 0);
    const stream = Int32Array.from(ids);
    let line = `${split}: static ${perplexityOf(lm.logProbs(stream)).toFixed(3)}`;
    if (!Deno.args.includes("--no-dynamic")) {
      line += `, dynamic 0.1 ${
        perplexityOf(lm.clone().logProbs(stream, { learningRate: 0.1 })).toFixed(3)
      }`;
    }
    console.log(`${line} (${stream.length - 1} tokens)`);
  }
}
