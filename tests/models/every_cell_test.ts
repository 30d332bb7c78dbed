/**
 * Every model with every cell type that exists (`cellNames()`): a new cell
 * registered in `layers/cells.ts` is checked in every model with no new test.
 */
import { assert } from "@std/assert";
import {
  cellNames,
  ConditionalGenerator,
  generationBatches,
  LanguageModel,
  Seq2Seq,
  seq2seqBatches,
  SequenceBatch,
  SequenceClassifier,
  SequenceTagger,
  taggingBatches,
} from "../../lib/mod.ts";
import { assertModelGradients } from "./_helpers.ts";

const V = 4, H = 3;
const sequences = [[1, 2, 3], [2], [3, 1]];
const common = { hiddenSize: H, embeddingSize: 2, seed: 7 };

for (const cell of cellNames()) {
  Deno.test(`cell "${cell}": every model's gradients match numerical ones`, async (t) => {
    await t.step("LanguageModel, 2 layers", () => {
      const lm = new LanguageModel({
        ...common,
        vocabSize: V,
        cell,
        numLayers: 2,
        stateful: false,
      });
      assert(lm.rnn.kind.includes(cell), lm.rnn.kind);
      const batch = {
        inputs: SequenceBatch.tokens([0, 1, 2, 3, 2, 1], 2),
        targets: SequenceBatch.tokens([1, 2, 3, 2, 1, 0], 2),
      };
      assertModelGradients(lm, batch);
    });
    await t.step("SequenceClassifier", () => {
      const model = new SequenceClassifier({ ...common, vocabSize: V, numClasses: 2, cell });
      assertModelGradients(model, {
        inputs: SequenceBatch.pad(sequences),
        labels: Int32Array.of(0, 1, 1),
      });
    });
    await t.step("SequenceTagger, bidirectional", () => {
      const model = new SequenceTagger({
        ...common,
        vocabSize: V,
        numTags: 3,
        cell,
        bidirectional: true,
      });
      assert(model.rnn.kind.includes(cell), model.rnn.kind);
      const [batch] = taggingBatches(sequences, [[0, 1, 2], [2], [1, 0]], { batchSize: 3 });
      assertModelGradients(model, batch);
    });
    await t.step("Seq2Seq, 2-layer encoder", () => {
      const model = new Seq2Seq({
        ...common,
        sourceVocabSize: V,
        targetVocabSize: 5,
        bos: 0,
        eos: 1,
        cell,
        encoderLayers: 2,
      });
      const [batch] = seq2seqBatches(sequences, [[4], [2, 3], [3]], {
        batchSize: 3,
        bos: 0,
        eos: 1,
      });
      assertModelGradients(model, batch);
    });
    await t.step("ConditionalGenerator", () => {
      const model = new ConditionalGenerator({
        vocabSize: V,
        eos: 0,
        numLabels: 2,
        hiddenSize: H,
        cell,
      });
      const [batch] = generationBatches(sequences, [0, 1, 1], { batchSize: 3, eos: 0 });
      assertModelGradients(model, batch);
    });
  });
}
