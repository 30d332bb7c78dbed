/**
 * The course's layers and models against PyTorch 1.13 itself: weights, inputs,
 * outputs, final states and gradients saved by `tools/fixtures/pytorch_rnn.py`
 * (float64), loaded here in one call each.
 */

import { assert, assertEquals, assertRejects } from "@std/assert";
import { Matrix } from "../../lib/core/matrix.ts";
import { SequenceBatch } from "../../lib/core/sequence_batch.ts";
import { makeRecurrent } from "../../lib/layers/cells.ts";
import { zeroGrads } from "../../lib/layers/param.ts";
import type { RecurrentLayer } from "../../lib/layers/recurrent.ts";
import { SequenceTagger } from "../../lib/models/tagger.ts";
import { gradientsToPyTorch, loadPyTorch } from "../../lib/io/pytorch.ts";
import type { Tensor } from "../../lib/io/safetensors.ts";
import { Random } from "../../lib/random.ts";
import { assertClose, fixturePath, perLayer, readFixture, snapshot, timeMajor } from "./_torch.ts";

const TOLERANCE = 1e-10;

/** Runs `rnn` on fixture group `group` and compares everything PyTorch saved. */
function compareRun(rnn: RecurrentLayer, data: Record<string, Tensor>, group: string): void {
  const x = data[`${group}.x`];
  const [B, T] = x.shape;
  const lengths = data[`${group}.lengths`]?.data;
  const xs = new SequenceBatch(timeMajor(x), { batchSize: B, lengths });
  const pass = rnn.forward(xs);

  // Outputs: PyTorch's padded output is 0 at padding, where the course's rows are
  // not read (a masked loss gives them no weight); compare the real rows.
  const ours = pass.ys.data, theirs = timeMajor(data[`${group}.output`]);
  const real = (m: Matrix) => m.toArray().filter((_, r) => xs.mask[r] === 1).flat();
  assertClose(real(ours), real(theirs), TOLERANCE, `${group} output`);
  assert(xs.tokens < T * B === (lengths !== undefined), "the packed group has padding");

  const hN = perLayer(data[`${group}.h_n`]);
  assertEquals(pass.final.length, hN.length, "one final state per layer and direction");
  pass.final.forEach((h, k) => assertClose(h.data, hN[k].data, TOLERANCE, `${group} h_n[${k}]`));

  zeroGrads(rnn.params);
  const { dxs } = rnn.backward(timeMajor(data[`${group}.projection`]), pass);
  const grads = gradientsToPyTorch(rnn);
  for (const [name, g] of Object.entries(grads)) {
    assertClose(g.data, data[`${group}.grad.${name}`].data, TOLERANCE, `${group} grad ${name}`);
  }
  assertEquals(
    Object.keys(data).filter((k) => k.startsWith(`${group}.grad.`)).length,
    Object.keys(grads).length + 1, // + grad.x
  );
  assertClose(dxs.data, timeMajor(data[`${group}.grad.x`]).data, TOLERANCE, `${group} grad x`);
}

Deno.test("a 2-layer bidirectional nn.RNN loads in one call and reproduces PyTorch", async () => {
  const rnn = makeRecurrent({
    cell: "rnn",
    inputSize: 3,
    hiddenSize: 4,
    numLayers: 2,
    bidirectional: true,
    dtype: "float64",
    rng: new Random(0),
  });
  const metadata = await loadPyTorch(fixturePath("rnn_l2_bi_tanh"), rnn);
  assertEquals(metadata.torch, "1.13.0a0");
  const { tensors } = readFixture("rnn_l2_bi_tanh_data");
  compareRun(rnn, tensors, "full");
  compareRun(rnn, tensors, "packed"); // lengths 5, 2, 4 through pack_padded_sequence
});

for (const activation of ["tanh", "relu"] as const) {
  Deno.test(`a 1-layer nn.RNN (${activation}) reproduces PyTorch`, async () => {
    const rnn = makeRecurrent({
      cell: { kind: "rnn", activation },
      inputSize: 3,
      hiddenSize: 4,
      stateful: false,
      rng: new Random(0),
    });
    await loadPyTorch(fixturePath(`rnn_l1_${activation}`), rnn);
    compareRun(rnn, readFixture(`rnn_l1_${activation}_data`).tensors, "full");
  });
}

Deno.test("the relu fixture really exercises relu (some units are cut at 0)", () => {
  const output = readFixture("rnn_l1_relu_data").tensors["full.output"].data;
  assert(output.some((v) => v === 0) && output.some((v) => v > 0));
});

Deno.test("PyTorch's embedding → bidirectional RNN → linear is the SequenceTagger", async () => {
  const tagger = new SequenceTagger({
    vocabSize: 6,
    embeddingSize: 3,
    hiddenSize: 4,
    numTags: 3,
    bidirectional: true,
  });
  await loadPyTorch(fixturePath("tagger"), tagger);
  const data = readFixture("tagger_data").tensors;
  const [B, T] = data.ids.shape;
  const lengths = Array.from(data.lengths.data);
  const rows = (t: Tensor, b: number) => Array.from(t.data.slice(b * T, b * T + lengths[b]));
  const inputs = SequenceBatch.pad(lengths.map((_, b) => rows(data.ids, b)));
  const targets = SequenceBatch.pad(lengths.map((_, b) => rows(data.tags, b)));
  const pass = tagger.forward({ inputs, targets });
  assertClose([pass.loss], data.loss.data, TOLERANCE, "loss");
  const logits = timeMajor(data.logits).toArray(), ours = pass.logits.toArray();
  for (let r = 0; r < T * B; r++) {
    if (inputs.mask[r] === 1) assertClose(ours[r], logits[r], TOLERANCE, `logits row ${r}`);
  }
  zeroGrads(tagger.params);
  tagger.backward(pass);
  const grads = gradientsToPyTorch(tagger);
  assertEquals(
    Object.keys(grads).sort(),
    Object.keys(data).filter((k) => k.startsWith("grad.")).map((k) => k.slice(5)).sort(),
  );
  for (const [name, g] of Object.entries(grads)) {
    assertClose(g.data, data[`grad.${name}`].data, TOLERANCE, `grad ${name}`);
  }
});

Deno.test("a bidirectional file does not load its forward half silently", async () => {
  const oneWay = makeRecurrent({
    inputSize: 3,
    hiddenSize: 4,
    numLayers: 2,
    rng: new Random(0),
  });
  const before = snapshot(oneWay.params);
  const error = await assertRejects(
    () => loadPyTorch(fixturePath("rnn_l2_bi_tanh"), oneWay),
    RangeError,
  );
  for (const layer of [0, 1]) {
    for (const name of ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]) {
      const extra = `unexpected tensor "${name}_l${layer}_reverse"`;
      assert(error.message.includes(extra), `${extra} in:\n${error.message}`);
    }
  }
  assert(error.message.includes('"weight_ih_l1" has shape [4, 8], expected [4, 4]'));
  assert(error.message.includes("right-to-left half of a bidirectional module"));
  assert(error.message.includes("rnn_l2_bi_tanh.safetensors: PyTorch tensors do not match"));
  assertEquals(snapshot(oneWay.params), before);
});

Deno.test("every PyTorch fixture comes from a committed script, with the torch version", () => {
  const names = [...Deno.readDirSync(new URL("../fixtures/pytorch/", import.meta.url))]
    .map((entry) => entry.name.replace(/\.safetensors$/, ""))
    .sort();
  const gated = ["bi_packed", "l1", "l2_bi_packed", "l2_packed"];
  assertEquals(names, [
    ...gated.map((g) => `gru_${g}`),
    ...gated.map((g) => `lstm_${g}`),
    "rnn_l1_relu",
    "rnn_l1_relu_data",
    "rnn_l1_tanh",
    "rnn_l1_tanh_data",
    "rnn_l2_bi_tanh",
    "rnn_l2_bi_tanh_data",
    "tagger",
    "tagger_data",
  ]);
  for (const name of names) {
    const { metadata, tensors } = readFixture(name);
    const script = /^(lstm|gru)_/.test(name) ? "pytorch_gated.py" : "pytorch_rnn.py";
    assertEquals(metadata.generator, `tools/fixtures/${script}`, name);
    assert(/^\d+\.\d+/.test(metadata.torch), `${name}: torch version ${metadata.torch}`);
    assert(Object.values(tensors).every((t) => t.dtype === "float64"), `${name} is float64`);
  }
});
