import { assert, assertEquals, assertThrows } from "@std/assert";
import { Adam, Random, RNNLM, SequenceBatch, SGD, WordClasses } from "../../lib/mod.ts";
import type { RNNLMOptions } from "../../lib/mod.ts";

// 60 words in 9 classes, a Zipf-like stream of 1,500 words: enough for three BPTT walks of
// every kind (clipped errors included: errorClip 0.05 clips often).
const V = 60;
const classes = WordClasses.fromCounts(Array.from({ length: V }, (_, i) => 600 / (i + 1)), 9);
const rng = new Random(11);
const stream = Int32Array.from(
  { length: 1500 },
  () => Math.min(V - 1, Math.floor(rng.uniform() ** 3 * V)),
);

function trained(options: Partial<RNNLMOptions>, chunk: number, lr = 0.1): RNNLM {
  const lm = new RNNLM({ classes, hiddenSize: 12, seed: 3, ...options });
  const sgd = new SGD({ lr, weightDecay: 1e-3 });
  for (let t = 0; t + 1 < stream.length; t += chunk) {
    const end = Math.min(stream.length - 1, t + chunk);
    const batch = {
      inputs: SequenceBatch.tokens(stream.subarray(t, end), 1),
      targets: SequenceBatch.tokens(stream.subarray(t + 1, end + 1), 1),
      resetState: t === 0,
    };
    lm.learn(batch, sgd);
  }
  return lm;
}

function largestDifference(a: RNNLM, b: RNNLM): number {
  let worst = 0;
  a.params.forEach((p, i) => {
    const q = b.params[i].value.data;
    p.value.data.forEach((w, k) => worst = Math.max(worst, Math.abs(w - q[k])));
  });
  return worst;
}

Deno.test("RNNLM online: the WebAssembly kernel follows the TypeScript reference (float32)", () => {
  for (const errorClip of [15, 0.05]) {
    const kernel = trained({ dtype: "float32", errorClip }, 250);
    const reference = trained({ dtype: "float32", errorClip, engine: "reference" }, 250);
    const exact = trained({ dtype: "float64", errorClip }, 250);
    assert(kernel.usesKernel && !reference.usesKernel);
    assert(
      largestDifference(kernel, reference) < 1e-5,
      `kernel vs reference: ${largestDifference(kernel, reference)}`,
    );
    assert(largestDifference(reference, exact) < 1e-5);
    assert(
      largestDifference(exact, new RNNLM({ classes, hiddenSize: 12, seed: 3 })) > 0.01,
      "it learned",
    );
    const a = kernel.logProbs(stream), b = exact.logProbs(stream);
    a.forEach((lp, t) => assert(Math.abs(lp - b[t]) < 1e-4, `token ${t}: ${lp} vs ${b[t]}`));
  }
});

Deno.test("RNNLM online: cutting the stream into batches changes nothing", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const whole = trained({ dtype }, 5000);
    for (const chunk of [1, 7, 333]) {
      assertEquals(largestDifference(whole, trained({ dtype }, chunk)), 0);
    }
  }
});

Deno.test("RNNLM online: same seed, same numbers; plain backprop (bptt 0) and walks of other lengths", () => {
  assertEquals(
    largestDifference(trained({ dtype: "float32" }, 100), trained({ dtype: "float32" }, 100)),
    0,
  );
  for (const [bptt, bpttBlock] of [[0, 10], [2, 3], [8, 1]]) {
    const kernel = trained({ dtype: "float32", bptt, bpttBlock }, 400);
    const exact = trained({ bptt, bpttBlock }, 400);
    assert(largestDifference(kernel, exact) < 1e-5, `bptt ${bptt} block ${bpttBlock}`);
  }
});

Deno.test("RNNLM dynamic evaluation: learns while scoring, on the model it is given", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const lm = trained({ dtype }, 1000);
    const copy = lm.clone();
    // A text that repeats itself: a model that adapts as it reads finds the repeats likelier.
    const text = Int32Array.from({ length: 400 }, (_, t) => stream[t % 40]);
    const fixed = lm.logProbs(text), again = lm.logProbs(text);
    assertEquals(Array.from(fixed), Array.from(again), "static scoring changes nothing");
    const dynamic = copy.logProbs(text, { learningRate: 0.1 });
    assert(largestDifference(lm, copy) > 1e-3, "the copy learned");
    assertEquals(fixed[0], dynamic[0], "the first word is scored before any update");
    const sum = (x: Float64Array) => x.reduce((a, b) => a + b);
    assert(sum(dynamic) > sum(fixed), "the text it adapts to gets likelier");
  }
});

Deno.test("RNNLM online: the kernel and the reference agree on dynamic evaluation too", () => {
  const kernel = trained({ dtype: "float32" }, 1000), exact = trained({}, 1000);
  const a = kernel.logProbs(stream, { learningRate: 0.1 }),
    b = exact.logProbs(stream, { learningRate: 0.1 });
  a.forEach((lp, t) => assert(Math.abs(lp - b[t]) < 1e-4, `token ${t}`));
});

Deno.test("RNNLM.learn: one stream, plain SGD; other input is named", () => {
  const lm = new RNNLM({ classes, hiddenSize: 4 });
  const batch = {
    inputs: SequenceBatch.tokens([1, 2, 3, 4], 2),
    targets: SequenceBatch.tokens([2, 3, 4, 5], 2),
  };
  assertThrows(() => lm.learn(batch, new SGD({ lr: 0.1 })), RangeError, "batch size 1");
  const one = { inputs: lm.tokens([1, 2]), targets: lm.tokens([2, 3]) };
  assertThrows(() => lm.learn(one, new Adam({ lr: 0.1 })), TypeError, "plain SGD; got Adam");
  assertThrows(() => lm.logProbs([0, V]), RangeError, `position 1 holds ${V}`);
  assertEquals(lm.logProbs([3]).length, 0);
});
