/**
 * Every model of the course with every cell type that exists (`CELLS`): the
 * gradient of the whole model is right in float64, a pending backward is not
 * disturbed by predictions or evaluations in between, and a few training
 * steps lower the loss. A new cell type is tested here without a line of code.
 */

import { assert, assertEquals } from "@std/assert";
import {
  Adam,
  cellNames,
  checkGradients,
  classificationBatches,
  ConditionalGenerator,
  evaluateLoss,
  generationBatches,
  LanguageModel,
  type Model,
  type ModelPass,
  Seq2Seq,
  seq2seqBatches,
  SequenceBatch,
  SequenceClassifier,
  SequenceTagger,
  StreamBatcher,
  taggingBatches,
  train,
} from "../../lib/mod.ts";
import { assertGradientsMatch } from "../_helpers.ts";

const sequences = [[1, 2, 3, 4], [3, 1], [2, 2, 4], [4, 3, 2, 1, 1]];

interface Case {
  name: string;
  // deno-lint-ignore no-explicit-any
  make: (cell: string) => Model<any, ModelPass> & { predict(inputs: any): unknown };
  batch: unknown;
  other: unknown;
  predictInput: unknown;
}

const cases: Case[] = [
  {
    name: "language model, 2 layers",
    make: (cell) =>
      new LanguageModel({
        vocabSize: 5,
        hiddenSize: 4,
        embeddingSize: 3,
        numLayers: 2,
        cell,
        stateful: false,
      }),
    batch: new StreamBatcher([0, 1, 2, 3, 4, 0, 2, 4, 1, 3, 0], { batchSize: 2, seqLength: 5 })
      .next(),
    other: new StreamBatcher([4, 3, 2, 1, 0, 4, 3], { batchSize: 3, seqLength: 2 }).next(),
    predictInput: SequenceBatch.tokens([1, 2, 3], 1),
  },
  {
    name: "classifier, 2 layers",
    make: (cell) =>
      new SequenceClassifier({ vocabSize: 5, numClasses: 3, hiddenSize: 4, numLayers: 2, cell }),
    batch: classificationBatches(sequences, [0, 2, 1, 2], { batchSize: 4, shuffle: false })[0],
    other: classificationBatches([[1], [2, 3]], [1, 0], { batchSize: 2 })[0],
    predictInput: [[1, 2], [3]],
  },
  {
    name: "tagger, bidirectional",
    make: (cell) =>
      new SequenceTagger({ vocabSize: 5, numTags: 3, hiddenSize: 4, bidirectional: true, cell }),
    batch: taggingBatches(sequences, sequences.map((s) => s.map((t) => t % 3)), {
      batchSize: 4,
      shuffle: false,
    })[0],
    other: taggingBatches([[1, 2]], [[0, 1]], { batchSize: 1 })[0],
    predictInput: [[1, 2, 4]],
  },
  {
    name: "encoder–decoder, 2-layer encoder",
    make: (cell) =>
      new Seq2Seq({
        sourceVocabSize: 5,
        targetVocabSize: 6,
        bos: 0,
        eos: 1,
        hiddenSize: 4,
        encoderLayers: 2,
        cell,
      }),
    batch: seq2seqBatches(sequences, [[2, 3], [4], [5, 5, 2], [3]], {
      batchSize: 4,
      bos: 0,
      eos: 1,
      shuffle: false,
    })[0],
    other: seq2seqBatches([[1, 2]], [[3, 4, 5]], { batchSize: 1, bos: 0, eos: 1 })[0],
    predictInput: [[1, 2, 3]],
  },
  {
    name: "conditional generator",
    make: (cell) =>
      new ConditionalGenerator({ vocabSize: 5, eos: 0, numLabels: 2, hiddenSize: 4, cell }),
    batch: generationBatches(sequences, [0, 1, 1, 0], { batchSize: 4, eos: 0, shuffle: false })[0],
    other: generationBatches([[3]], [1], { batchSize: 1, eos: 0 })[0],
    predictInput: [0, 1],
  },
];

for (const cell of cellNames()) {
  for (const c of cases) {
    Deno.test(`${c.name}, ${cell}: the model's gradient matches numerical gradients`, () => {
      const model = c.make(cell);
      const loss = () => model.forward(c.batch).loss;
      // floor 1e-5: entries of a mean loss's gradient can be ~1e-7 while round-off of the
      // loss alone moves a numerical derivative by ~2e-13; entries below 1e-5 must then agree
      // to 1e-12 absolute (see GradCheckOptions.floor). Layer tests keep the default floor.
      const backward = () => model.backward(model.forward(c.batch));
      assertGradientsMatch(checkGradients(model.params, loss, backward, { floor: 1e-5 }));
    });

    Deno.test(`${c.name}, ${cell}: predictions and evaluations between forward and backward change nothing`, () => {
      const model = c.make(cell);
      model.backward(model.forward(c.batch));
      const expected = model.params.map((p) => Array.from(p.grad.data));
      for (const p of model.params) p.grad.zero();
      const pending = model.forward(c.batch);
      model.predict(c.predictInput);
      evaluateLoss(model, [c.other]);
      model.backward(pending);
      model.params.forEach((p, i) => assertEquals(Array.from(p.grad.data), expected[i], p.name));
    });

    Deno.test(`${c.name}, ${cell}: a few training steps lower the loss`, async () => {
      const model = c.make(cell);
      const before = model.forward(c.batch).loss;
      await train(model, [c.batch], { steps: 30, optimizer: new Adam({ lr: 0.05 }), clipNorm: 5 });
      const after = model.forward(c.batch).loss;
      assert(after < 0.8 * before, `loss ${before} → ${after}`);
    });
  }
}
