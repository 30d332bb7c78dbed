import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  HalveOnPlateau,
  type ModelPass,
  Random,
  RNNLM,
  SGD,
  StreamBatcher,
  train,
  WordClasses,
} from "../../lib/mod.ts";

const classes = WordClasses.fromCounts([9, 8, 7, 6, 5, 4, 3, 2], 3);
const text = Array.from({ length: 121 }, (_, t) => [0, 3, 1, 4, 1, 5, 2, 6, 5, 3, 7][t % 11]);
const stream = () => new StreamBatcher(text, { batchSize: 1, seqLength: 20 });

Deno.test("train: a model that learns online is called with the batch and the optimizer", async () => {
  const model = new RNNLM({ classes, hiddenSize: 6, seed: 1 });
  const calls: { lr: number; reset: boolean | undefined }[] = [];
  const learn = model.learn.bind(model);
  model.learn = (batch, optimizer): ModelPass => {
    calls.push({ lr: optimizer.lr, reset: batch.resetState });
    return learn(batch, optimizer);
  };
  model.backward = () => {
    throw new Error("backward is not called for a model that learns online");
  };
  const h = await train(model, stream(), { epochs: 3, optimizer: new SGD({ lr: 0.2 }) });
  assertEquals(calls.length, 18);
  assertEquals(calls.filter((c) => c.reset).length, 3, "each epoch starts fresh");
  assert(h.epochs[2].loss < h.epochs[0].loss, "it learned");
  assert(h.steps.every((s) => Number.isNaN(s.gradNorm)), "no one gradient: NaN");
  assertEquals(h.steps.at(-1)!.tokens, 3 * 120);
});

Deno.test("train: the toolkit's schedule on an online model: halving, stop, worse epochs undone", async () => {
  const model = new RNNLM({ classes, hiddenSize: 6, seed: 2 });
  const sgd = new SGD({ lr: 0.5, weightDecay: 1e-7 });
  const schedule = new HalveOnPlateau(sgd, { restoreWeights: model });
  // Held-out text unlike the training text: the model soon stops getting better at it.
  const rng = new Random(5);
  const valid = Int32Array.from({ length: 60 }, () => rng.int(8));
  const h = await train(model, stream(), {
    epochs: 50,
    optimizer: sgd,
    schedule,
    validate: { run: () => -model.logProbs(valid).reduce((a, b) => a + b) / (valid.length - 1) },
  });
  assert(schedule.done && h.epochs.length < 50, `stopped after ${h.epochs.length} epochs`);
  assert(sgd.lr < 0.5);
  const losses = h.epochs.map((e) => e.validation!.loss);
  const kept = -model.logProbs(valid).reduce((a, b) => a + b) / (valid.length - 1);
  assert(losses.some((loss, i) => i > 0 && loss > losses[i - 1]), "some epoch was worse (undone)");
  const last = losses.at(-1)!, before = losses.at(-2)!;
  assertEquals(kept, last <= before ? last : before, "a worse last epoch is undone");
});

Deno.test("train: gradient clipping options are refused for a model that learns online", async () => {
  const model = new RNNLM({ classes, hiddenSize: 4 });
  for (const clip of [{ clipNorm: 5 }, { clipValue: 15 }]) {
    await assertRejects(
      () => train(model, stream(), { steps: 1, optimizer: new SGD({ lr: 0.1 }), ...clip }),
      RangeError,
      "learns online",
    );
  }
});
