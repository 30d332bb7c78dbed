import { assert, assertEquals, assertThrows } from "@std/assert";
import { Adam, checkGradients, relativeError } from "../../lib/mod.ts";
import { gatherLast } from "../../lib/layers/sequence.ts";
import { Seq2Seq, seq2seqBatches } from "../../lib/models/seq2seq.ts";
import { phonemeErrorRate } from "../../lib/models/edit_distance.ts";
import { fit } from "../../lib/models/fit.ts";
import {
  assertModelGradients,
  assertSameLossAndGradients,
  repad,
  repadValues,
} from "./_sequence_helpers.ts";

// Target vocabulary: 0 = <s>, 1 = </s>, 2… = symbols.
const BOS = 0, EOS = 1;
const sources = [[1, 2, 3], [2], [3, 1], [0, 0, 2, 1]];
const targets = [[4, 2], [3, 3, 4], [2], [4]];
const [batch] = seq2seqBatches(sources, targets, {
  batchSize: 4,
  bos: BOS,
  eos: EOS,
  shuffle: false,
});

Deno.test("seq2seqBatches builds teacher forcing: <s> + target in, target + </s> out", () => {
  const [b] = seq2seqBatches([[7, 8]], [[4, 5, 6]], { batchSize: 1, bos: BOS, eos: EOS });
  assertEquals(Array.from(b.source.ids), [7, 8]);
  assertEquals(Array.from(b.decoderInputs.ids), [BOS, 4, 5, 6]);
  assertEquals(Array.from(b.decoderTargets), [4, 5, 6, EOS]);
  // With padding, inputs and targets share the lengths (n + 1) and the mask.
  assertEquals(Array.from(batch.decoderInputs.lengths), [3, 4, 2, 2]);
  assertEquals(Array.from(batch.source.lengths), [3, 1, 2, 4]);
});

for (
  const [kind, options] of [
    ["one-hot", {}],
    ["embedding", { embeddingSize: 3 }],
    ["embedding, 2-layer encoder", { embeddingSize: 3, encoderLayers: 2 }],
  ] as const
) {
  Deno.test(`Seq2Seq (${kind}): gradients with padding on both sides match numerical ones`, () => {
    const model = new Seq2Seq({
      sourceVocabSize: 4,
      targetVocabSize: 5,
      bos: BOS,
      eos: EOS,
      hiddenSize: 3,
      seed: 5,
      ...options,
    });
    assertModelGradients(model, batch);
  });
}

Deno.test("Seq2Seq: the decoder's dh0 is ∂loss/∂C, and C is the last real encoder state", () => {
  const model = new Seq2Seq({
    sourceVocabSize: 4,
    targetVocabSize: 5,
    bos: BOS,
    eos: EOS,
    hiddenSize: 3,
  });
  // ∂loss/∂C numerically, by perturbing the context the decoder starts from.
  const C = model.encode(batch.source);
  const lossFrom = () => {
    const xs = model.decoderInput.forward(batch.decoderInputs.ids);
    const ss = model.decoder.forward(xs, 4, C);
    return model.loss.forward(
      model.head.forward(ss),
      batch.decoderTargets,
      batch.decoderInputs.mask,
    );
  };
  model.forward(batch);
  model.backward();
  const dC = model.decoder.dh0!.clone();
  const [numeric] = checkGradients([{ name: "C", value: C, grad: dC }], lossFrom, () => {
    lossFrom();
    dC.copyFrom(model.decoder.dh0!);
  });
  assert(numeric.error <= 1e-7, `dC error ${numeric.error}`);
  // C is the last real encoder state of each source.
  const hs = model.encoder.forward(
    model.encoderInput.forward(batch.source.ids),
    4,
    batch.source.lengths,
  );
  assert(relativeError(gatherLast(hs, batch.source.lengths).data, C.data) === 0);
});

Deno.test("Seq2Seq: extra padding of sources and targets changes neither loss nor gradients", () => {
  const model = new Seq2Seq({
    sourceVocabSize: 4,
    targetVocabSize: 5,
    bos: BOS,
    eos: EOS,
    hiddenSize: 3,
    embeddingSize: 2,
  });
  const padded = {
    source: repad(batch.source, 7, 3),
    decoderInputs: repad(batch.decoderInputs, 6, 2),
    decoderTargets: repadValues(batch.decoderTargets, batch.decoderInputs.lengths, 6),
  };
  assertSameLossAndGradients(model, batch, padded);
});

Deno.test("Seq2Seq learns to reverse short sequences (greedy decoding until </s>)", () => {
  // Sources over symbols 0..2; targets are the reversal, shifted by 2 into the target vocabulary.
  const all: number[][] = [];
  for (let n = 1; n <= 3; n++) {
    for (let code = 0; code < 3 ** n; code++) {
      all.push(Array.from({ length: n }, (_, i) => Math.floor(code / 3 ** i) % 3));
    }
  }
  const reversed = all.map((s) => s.toReversed().map((x) => x + 2));
  const model = new Seq2Seq({
    sourceVocabSize: 3,
    targetVocabSize: 5,
    bos: BOS,
    eos: EOS,
    hiddenSize: 24,
    embeddingSize: 8,
    seed: 2,
  });
  const batches = seq2seqBatches(all, reversed, { batchSize: 8, bos: BOS, eos: EOS, seed: 1 });
  const before = phonemeErrorRate(model.translate(all, { maxLength: 6 }), reversed);
  fit(model, batches, { epochs: 60, optimizer: new Adam({ lr: 0.02 }), clipNorm: 5 });
  const output = model.translate(all, { maxLength: 6 });
  const exact = output.filter((o, i) => o.join() === reversed[i].join()).length / all.length;
  const per = phonemeErrorRate(output, reversed);
  assert(exact >= 0.9, `exact matches ${exact}, error rate ${per} (before training ${before})`);
  assert(per < 0.05 && per < before, `error rate ${per}, before training ${before}`);
});

Deno.test("Seq2Seq rejects bad special tokens and mismatched batches", () => {
  const options = { sourceVocabSize: 4, targetVocabSize: 5, hiddenSize: 3 };
  assertThrows(
    () => new Seq2Seq({ ...options, bos: 1, eos: 1 }),
    RangeError,
    "must differ, both are 1",
  );
  assertThrows(
    () => new Seq2Seq({ ...options, bos: 0, eos: 5 }),
    RangeError,
    "label 5 of example 1 is outside [0, 5)",
  );
  const model = new Seq2Seq({ ...options, bos: BOS, eos: EOS });
  const [other] = seq2seqBatches([[1]], [[2]], { batchSize: 1, bos: BOS, eos: EOS });
  assertThrows(
    () => model.forward({ ...batch, source: other.source }),
    RangeError,
    "1 sources but 4 decoder sequences",
  );
  assertThrows(() => model.translate([[1, 9]]), RangeError, "id 9");
  assertThrows(
    () => model.translate([[1]], { maxLength: 0 }),
    RangeError,
    "maxLength must be a positive integer, got 0",
  );
});
