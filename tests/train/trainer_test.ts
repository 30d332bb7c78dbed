import {
  assert,
  assertEquals,
  assertGreater,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import {
  Adam,
  type AlignedBatch,
  classificationBatches,
  HalveOnPlateau,
  LanguageModel,
  type LanguageModelPass,
  Momentum,
  Progress,
  SequenceClassifier,
  SGD,
  StepDecay,
  StreamBatcher,
  train,
  TrainingDivergedError,
} from "../../lib/mod.ts";

const text = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1];

const lm = (seed = 1) => new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed });
const stream = () => new StreamBatcher(text, { batchSize: 2, seqLength: 4 });

Deno.test("train: the loss falls, one record per step, tokens and epochs counted", async () => {
  const model = lm();
  const history = await train(model, stream(), {
    steps: 60,
    optimizer: new Adam({ lr: 0.05 }),
    clipNorm: 5,
  });
  assertEquals(history.steps.length, 60);
  assert(history.steps.at(-1)!.loss < history.steps[0].loss / 4, "the loss should fall a lot");
  // 17 tokens → 2 streams of 8 → 2 batches of 4 steps per epoch: 8 tokens per step.
  assertEquals(history.steps.map((r) => r.tokens).slice(0, 3), [8, 16, 24]);
  assertEquals(history.steps[5].epoch, 3);
  assertEquals(history.epochs.length, 30);
  assertEquals(history.epochs[0].steps, 2);
  assert(history.steps.every((r) => r.lr === 0.05 && r.gradNorm > 0));
});

Deno.test("train: same seed, same numbers; a list of batches is reshuffled every epoch", async () => {
  const batches = classificationBatches([[0, 1], [2], [1, 2, 2], [3, 0], [1]], [0, 1, 1, 0, 1], {
    batchSize: 2,
  });
  const run = async (seed: number) => {
    const model = new SequenceClassifier({ vocabSize: 4, numClasses: 2, hiddenSize: 5 });
    const h = await train(model, batches, { epochs: 4, optimizer: new Adam({ lr: 0.01 }), seed });
    return h.steps.map((r) => r.loss);
  };
  const [a, b, c] = [await run(0), await run(0), await run(1)];
  assertEquals(a, b);
  assert(a.join() !== c.join(), "another shuffling seed visits the batches in another order");
  assertEquals(a.length, 4 * batches.length);
});

Deno.test("train: exactly one of steps and epochs; a generator has no epochs", async () => {
  const optimizer = new SGD({ lr: 0.1 });
  const batch: AlignedBatch = stream().next();
  await assertRejects(
    () => train(lm(), stream(), { optimizer }),
    RangeError,
    "give either steps or epochs",
  );
  await assertRejects(
    () => train(lm(), stream(), { optimizer, steps: 2, epochs: 1 }),
    RangeError,
    "exactly one",
  );
  await assertRejects(
    () => train(lm(), () => batch, { optimizer, epochs: 1 }),
    RangeError,
    "give steps instead",
  );
  await assertRejects(
    () => train(lm(), stream(), { optimizer, steps: 2.5 }),
    RangeError,
    "steps must be an integer ≥ 1, got 2.5",
  );
  await assertRejects(() => train(lm(), stream(), { optimizer, steps: -1 }), RangeError, "got -1");
  await assertRejects(
    () => train(lm(), [], { optimizer, epochs: 1 }),
    RangeError,
    "the list of batches is empty",
  );
  await assertRejects(
    () => train(lm(), stream(), { optimizer, steps: 1, clipNorm: 0 }),
    RangeError,
    "clipNorm must be a finite number > 0",
  );
});

Deno.test("train stops at the step where the loss or gradient stops being finite, before the update", async () => {
  const model = lm();
  model.head.W.value.data[3] = NaN;
  const before = model.params.map((p) => Array.from(p.value.data));
  const error = await assertRejects(
    () => train(model, stream(), { steps: 5, optimizer: new SGD({ lr: 0.1 }) }),
    TrainingDivergedError,
  );
  assertEquals(error.step, 1);
  assertStringIncludes(error.message, "training diverged at step 1: the loss is NaN");
  assertStringIncludes(
    error.message,
    "Try clipping gradients (clipNorm: 5) or a lower learning rate (now 0.1)",
  );
  // Nothing was updated: the bad step never touched the weights.
  model.params.forEach((p, i) => assertEquals(Array.from(p.value.data), before[i], p.name));
});

Deno.test("train stops a run whose loss explodes while every number stays finite", async () => {
  // A learning rate of 1e37 with momentum: finite losses near 1e37, caught as divergence.
  const model = lm();
  const error = await assertRejects(
    () => train(model, stream(), { steps: 30, optimizer: new Momentum({ lr: 1e37 }) }),
    TrainingDivergedError,
  );
  assert(error.step > 1 && error.step <= 30, `step ${error.step}`);
  assertStringIncludes(error.message, "over 100× its start");
});

Deno.test("train validates every n steps or every epoch, and schedules read it", async () => {
  const model = lm();
  let calls = 0;
  const h = await train(model, stream(), {
    steps: 10,
    optimizer: new Adam({ lr: 0.05 }),
    validate: { every: 4, run: () => ++calls },
  });
  assertEquals(h.validation.map((v) => [v.step, v.metrics.loss]), [[4, 1], [8, 2]]);

  // HalveOnPlateau halves after the first flat epoch and stops training at the second.
  const sgd = new SGD({ lr: 1 });
  const flat = [3, 2, 1.9999, 1.9998, 1, 1];
  let epoch = 0;
  const stopped = await train(lm(), stream(), {
    epochs: 6,
    optimizer: sgd,
    validate: { run: () => flat[epoch++] },
    schedule: new HalveOnPlateau(sgd),
  });
  assertEquals(stopped.epochs.length, 4);
  assertEquals(stopped.epochs.map((e) => e.validation?.loss), [3, 2, 1.9999, 1.9998]);
  assertEquals(sgd.lr, 0.5);

  // StepDecay per step: the rate a step used is recorded with it.
  const adam = new Adam({ lr: 0.1 });
  const decayed = await train(lm(), stream(), {
    steps: 4,
    optimizer: adam,
    schedule: new StepDecay(adam, { gamma: 0.5, every: 2, per: "step" }),
  });
  assertEquals(decayed.steps.map((r) => r.lr), [0.1, 0.1, 0.05, 0.05]);
});

Deno.test("train: HalveOnPlateau without validation says what to add", async () => {
  const sgd = new SGD({ lr: 1 });
  await assertRejects(
    () => train(lm(), stream(), { epochs: 2, optimizer: sgd, schedule: new HalveOnPlateau(sgd) }),
    RangeError,
    "give train() a validate option",
  );
});

Deno.test("train resets a stateful model's carried state at each epoch start, and onStep can stop it", async () => {
  const model = lm();
  let resets = 0;
  const reset = model.resetState.bind(model);
  model.resetState = () => (resets++, reset());
  const h = await train(model, stream(), {
    steps: 10,
    optimizer: new SGD({ lr: 0.1 }),
    onStep: (r) => r.step < 7,
  });
  assertEquals(h.steps.length, 7);
  assertEquals(resets, 4, "steps 1, 3, 5, 7 start an epoch");
});

Deno.test("train: prepare changes the batch the model sees, not the targets it is scored on", async () => {
  const model = lm();
  const seen: number[][] = [];
  const forward = model.forward.bind(model);
  model.forward = (batch: AlignedBatch): LanguageModelPass => {
    seen.push([...batch.inputs.data, ...batch.targets.data]);
    return forward(batch);
  };
  await train(model, stream(), {
    steps: 1,
    optimizer: new SGD({ lr: 0.1 }),
    prepare: (b) => ({ ...b, inputs: b.inputs.with(new Int32Array(b.inputs.rows)) }),
  });
  assertEquals(seen[0], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 0, 0]);
});

Deno.test("train waits for each progress update to leave while training runs (live in Jupyter)", async () => {
  // A display that, like the kernel's, is sent when the event loop runs: the
  // step at which each update arrives shows whether the loop let it out.
  let stepNow = 0;
  const arrivedAt: number[] = [];
  const sink = {
    display: () =>
      new Promise<void>((resolve) => setTimeout(() => (arrivedAt.push(stepNow), resolve()), 0)),
  };
  const progress = new Progress({ total: 20, sink, intervalMs: 0 });
  await train(lm(), stream(), {
    steps: 20,
    optimizer: new SGD({ lr: 0.1 }),
    progress,
    onStep: (r) => void (stepNow = r.step),
  });
  assertEquals(arrivedAt.length, 21, "one update per step, and the final one");
  // Each update arrived within the step that drew it (before that step's onStep), not at the end.
  assertEquals(arrivedAt.slice(0, 5), [0, 1, 2, 3, 4]);
  assertGreater(new Set(arrivedAt).size, 15);
});
