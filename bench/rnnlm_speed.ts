/**
 * Training speed of the course's RNNLM beside the original toolkit's, on
 * the same machine, the same text and the same settings (`-class 100 -bptt 4
 * -bptt-block 10`, one core each, one after the other, several rounds).
 * Not part of CI: it needs rnnlm 0.4b built outside the repository (see
 * `tools/reference/reference_toolkits.sh`); run it when the machine is quiet.
 *
 * Both are timed on one training epoch over the first `--words` tokens of
 * `data/sotu/train.txt`: the toolkit's own words/s (it divides by `clock()`,
 * its CPU time) and its wall time; ours by CPU time (`process.cpuUsage`) and
 * wall time around `RNNLM.learn`. The load average is printed beside each
 * round, since a busy machine slows both.
 *
 * Usage: `deno run -A bench/rnnlm_speed.ts [--hidden 100] [--words 300000] [--rounds 3]`
 * (`RNNLM=/path/to/rnnlm` to point at the binary; default /work/ref/rnnlm/rnnlm).
 *
 * @module
 */

import process from "node:process";
import { frequencyOrder, RNNLM, SequenceBatch, SGD, Vocabulary, WordClasses } from "../lib/mod.ts";

const arg = (flag: string, fallback: number) => {
  const i = Deno.args.indexOf(flag);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const hidden = arg("--hidden", 100), words = arg("--words", 300_000), rounds = arg("--rounds", 3);
const toolkit = Deno.env.get("RNNLM") ?? "/work/ref/rnnlm/rnnlm";

/** The first whole lines of the training file holding about `words` tokens. */
function slice(): string {
  const lines = Deno.readTextFileSync(new URL("../data/sotu/train.txt", import.meta.url)).split(
    "\n",
  );
  const out: string[] = [];
  let n = 0;
  for (const line of lines) {
    if (n >= words || line === "") break;
    out.push(line);
    n += line.split(" ").length + 1;
  }
  return out.join("\n") + "\n";
}

/** One epoch of the toolkit: its words/s (CPU) and the wall time of the whole run. */
async function runToolkit(dir: string): Promise<{ cpu: number; wall: number }> {
  await Deno.remove(`${dir}/model`).catch(() => {});
  const args = [
    "-train",
    `${dir}/train.txt`,
    "-valid",
    `${dir}/valid.txt`,
    "-rnnlm",
    `${dir}/model`,
  ];
  args.push("-hidden", String(hidden), "-class", "100", "-bptt", "4", "-bptt-block", "10");
  args.push("-rand-seed", "1", "-debug", "2", "-max-iter", "1");
  const start = performance.now();
  const { stdout } = await new Deno.Command(toolkit, { args, stdout: "piped", stderr: "null" })
    .output();
  const wall = (performance.now() - start) / 1000;
  const text = new TextDecoder().decode(stdout).replaceAll("\r", "\n");
  const rates = [...text.matchAll(/Words\/sec: ([0-9.]+)/g)].map((m) => Number(m[1]));
  return { cpu: rates.at(-1) ?? NaN, wall };
}

/** One epoch of ours over the same tokens: words/s by CPU time and by wall time. */
function runOurs(text: string): { cpu: number; wall: number } {
  const sentences = text.trim().split("\n").map((l) => l.split(" "));
  const symbols = ["</s>", ...new Set(sentences.flat())];
  const vocabulary = new Vocabulary(symbols);
  const ids = [0];
  for (const s of sentences) ids.push(...s.map((w) => vocabulary.id(w)), 0);
  const order = frequencyOrder(ids.slice(1), vocabulary);
  const stream = order.encode(ids);
  const lm = new RNNLM({
    classes: WordClasses.fromCounts(order.counts, 100),
    hiddenSize: hidden,
    dtype: "float32",
  });
  const batch = {
    inputs: SequenceBatch.tokens(stream.subarray(0, stream.length - 1), 1),
    targets: SequenceBatch.tokens(stream.subarray(1), 1),
    resetState: true,
  };
  const cpu0 = process.cpuUsage(), start = performance.now();
  lm.learn(batch, new SGD({ lr: 0.1, weightDecay: 1e-7 }));
  const wall = (performance.now() - start) / 1000, used = process.cpuUsage(cpu0);
  const n = stream.length - 1;
  return { cpu: n / ((used.user + used.system) / 1e6), wall: n / wall };
}

const dir = await Deno.makeTempDir({ prefix: "rnnlm_speed_" });
const text = slice();
await Deno.writeTextFile(`${dir}/train.txt`, text);
await Deno.writeTextFile(`${dir}/valid.txt`, text.split("\n").slice(0, 200).join("\n") + "\n");
const tokens = text.trim().split("\n").reduce((n, l) => n + l.split(" ").length + 1, 0);
console.log(
  `hidden ${hidden}, ${tokens} training tokens, ${rounds} rounds, ${navigator.hardwareConcurrency} cpus`,
);
const fmt = (x: number) => Math.round(x).toLocaleString("en-US").padStart(8);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const load = Deno.loadavg()[0].toFixed(2);
  const theirs = await runToolkit(dir);
  const ours = runOurs(text);
  ratios.push(ours.cpu / theirs.cpu);
  console.log(
    `round ${round} (load ${load}): rnnlm ${fmt(theirs.cpu)} words/s (CPU; run ${
      theirs.wall.toFixed(1)
    } s wall), ` +
      `ours ${fmt(ours.cpu)} words/s (CPU), ${fmt(ours.wall)} (wall): ${
        (ours.cpu / theirs.cpu).toFixed(2)
      }×`,
  );
}
ratios.sort((a, b) => a - b);
console.log(
  `median: ours ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}× the toolkit's words/s`,
);
await Deno.remove(dir, { recursive: true });
