import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  checkGradients,
  gatherLast,
  phonemeErrorRate,
  Seq2Seq,
  seq2seqBatches,
  type Seq2SeqOptions,
} from "../../lib/mod.ts";
import {
  assertBackwardSurvives,
  assertModelGradients,
  assertSameLossAndGradients,
  repad,
  trainModel,
} from "./_helpers.ts";

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
const small = { sourceVocabSize: 4, targetVocabSize: 5, bos: BOS, eos: EOS, hiddenSize: 3 };

const shapes: [string, Partial<Seq2SeqOptions>][] = [
  ["one-hot", {}],
  ["embedding", { embeddingSize: 3 }],
  ["embedding, 2-layer encoder", { embeddingSize: 3, encoderLayers: 2 }],
];

for (const [kind, options] of shapes) {
  Deno.test(`Seq2Seq (${kind}): gradients with padding on both sides match numerical ones`, () => {
    const model = new Seq2Seq({ ...small, seed: 5, ...options });
    assertModelGradients(model, batch);
  });
}

Deno.test("Seq2Seq: the decoder's dInitial is ∂loss/∂C, and C is the last real encoder state", () => {
  const model = new Seq2Seq(small);
  const { context, encoder } = model.encode(batch.source);
  const [C] = context;
  // ∂loss/∂C numerically, by perturbing the context the decoder starts from.
  const decode = () => {
    const { xs } = model.decoderInput.forward(batch.inputs);
    const decoder = model.decoder.forward(xs, [C]);
    const head = model.head.forward(decoder.ys.data);
    return {
      decoder,
      head,
      loss: model.loss.forward(head.y, batch.targets.data, batch.targets.mask),
    };
  };
  const dC = C.clone(); // zeroed by the checker; backward writes the analytic ∂loss/∂C into it
  const [r] = checkGradients([{ name: "C", value: C, grad: dC }], () => decode().loss.loss, () => {
    const { decoder, head, loss } = decode();
    const dss = model.head.backward(model.loss.backward(loss), head);
    dC.data.set(model.decoder.backward(dss, decoder).dInitial[0].data);
  });
  assertEquals(r.entries, 4 * 3);
  assert(r.error <= 1e-7, `dC relative error ${r.error}`);
  // C is the last real encoder state of each source.
  assertEquals(Array.from(gatherLast(encoder.ys).data), Array.from(C.data));
});

Deno.test("Seq2Seq: extra padding of sources and targets changes neither loss nor gradients", () => {
  const model = new Seq2Seq({ ...small, embeddingSize: 2 });
  const padded = {
    source: repad(batch.source, 7, 3),
    inputs: repad(batch.inputs, 6, 2),
    targets: repad(batch.targets, 6, 4),
  };
  assertSameLossAndGradients(model, batch, padded);
});

Deno.test("Seq2Seq: translating between forward and backward leaves the backward intact", () => {
  const model = new Seq2Seq({ ...small, embeddingSize: 2 });
  assertBackwardSurvives(model, batch, () => model.translate([[3, 3, 3, 3, 3]], { maxLength: 4 }));
});

Deno.test("Seq2Seq learns to reverse short sequences (greedy decoding until </s>)", async () => {
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
  await trainModel(model, batches, { epochs: 60, optimizer: new Adam({ lr: 0.02 }), clipNorm: 5 });
  const output = model.translate(all, { maxLength: 6 });
  const exact = output.filter((o, i) => o.join() === reversed[i].join()).length / all.length;
  const per = phonemeErrorRate(output, reversed);
  assert(exact >= 0.9, `exact matches ${exact}, error rate ${per} (before training ${before})`);
  assert(per < 0.05 && per < before, `error rate ${per}, before training ${before}`);
  assertEquals(model.predict(all), output, "predict is greedy translation");
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
    "Seq2Seq <s> and </s>: position 1 holds 5, expected an integer id in [0, 5)",
  );
  const model = new Seq2Seq({ ...options, bos: BOS, eos: EOS });
  const [other] = seq2seqBatches([[1]], [[2]], { batchSize: 1, bos: BOS, eos: EOS });
  assertThrows(
    () => model.forward({ ...batch, source: other.source }),
    RangeError,
    "1 sources, 4 decoder sequences",
  );
  assertThrows(() => model.translate([[1, 9]]), RangeError, "position 1 holds 9");
  assertThrows(
    () => model.translate([[1]], { maxLength: 0 }),
    RangeError,
    "maxLength must be an integer ≥ 1, got 0",
  );
});
