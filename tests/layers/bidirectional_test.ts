import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  checkGradients,
  gaussianMatrix,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
  TimeRNN,
  zeros,
} from "../../lib/mod.ts";
import { BidirectionalRNN } from "../../lib/layers/bidirectional.ts";
import { sequenceMask } from "../../lib/layers/sequence.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

const T = 5, B = 3, D = 2, H = 3;
const lengths = [5, 3, 1]; // two sequences with padding

function setup(seed = 4) {
  const rng = new Random(seed);
  const birnn = new BidirectionalRNN({ inputSize: D, hiddenSize: H, rng });
  const xs = gaussianMatrix(rng, T * B, D);
  return { birnn, xs };
}

Deno.test("BidirectionalRNN: gradients with padding match numerical ones (params and inputs)", () => {
  const { birnn, xs } = setup();
  const { loss, grad } = projection(T * B, 2 * H);
  let dxs: Matrix | undefined;
  const f = () => loss(birnn.forward(xs, B, lengths));
  assertGradientsMatch(checkGradients(birnn.params, f, () => {
    birnn.forward(xs, B, lengths);
    dxs = birnn.backward(grad);
  }));
  assert(relativeError(dxs!.data, numericalGradient(f, xs)) <= 1e-7, "dxs");
  assertEquals(birnn.params.map((p) => p.name), [
    "fwd.Wxh",
    "fwd.Whh",
    "fwd.b",
    "bwd.Wxh",
    "bwd.Whh",
    "bwd.b",
  ]);
});

Deno.test("BidirectionalRNN equals two TimeRNNs run by hand on each real sequence", () => {
  const { birnn, xs } = setup();
  const ys = birnn.forward(xs, B, lengths);
  assertEquals([ys.rows, ys.cols], [T * B, 2 * H]);
  const fwd = birnn.forwardRNN, bwd = birnn.backwardRNN;
  for (let b = 0; b < B; b++) {
    const n = lengths[b];
    // Sequence b alone, without padding, as a batch of one.
    const seq = zeros(n, D);
    for (let t = 0; t < n; t++) seq.data.set(xs.row(t * B + b), t * D);
    const reversed = zeros(n, D);
    for (let t = 0; t < n; t++) reversed.data.set(seq.row(n - 1 - t), t * D);
    const single = (rnn: TimeRNN, x: Matrix) => {
      const copy = new TimeRNN({
        inputSize: D,
        hiddenSize: H,
        rng: new Random(0),
        stateful: false,
      });
      copy.params.forEach((p, i) => p.value.copyFrom(rnn.params[i].value));
      return copy.forward(x, 1).clone();
    };
    const hf = single(fwd, seq), hb = single(bwd, reversed);
    for (let t = 0; t < n; t++) {
      const y = Array.from(ys.row(t * B + b));
      assert(relativeError(y.slice(0, H), hf.row(t)) < 1e-14, `forward half, b=${b} t=${t}`);
      // The right-to-left state at t has read tokens n−1 … t: step n−1−t of the reversed run.
      assert(relativeError(y.slice(H), hb.row(n - 1 - t)) < 1e-14, `backward half, b=${b} t=${t}`);
    }
  }
});

Deno.test("BidirectionalRNN: more padding changes neither real outputs nor masked gradients", () => {
  const { birnn, xs } = setup();
  // The same three sequences padded to 8 steps, with random junk in the padding.
  const T2 = 8;
  const xs2 = gaussianMatrix(new Random(17), T2 * B, D);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      if (t < lengths[b]) xs2.data.set(xs.row(t * B + b), (t * B + b) * D);
    }
  }
  const run = (x: Matrix, steps: number) => {
    // Keep only real rows of the projection (a masked loss); the same R for both runs.
    const R = zeros(steps * B, 2 * H);
    const base = projection(T * B, 2 * H).grad;
    const mask = sequenceMask(lengths, steps);
    for (let r = 0; r < T * B; r++) if (mask[r]) R.data.set(base.row(r), r * 2 * H);
    for (const p of birnn.params) p.grad.zero();
    const ys = birnn.forward(x, B, lengths).clone();
    const dxs = birnn.backward(R);
    return { ys, dxs, grads: birnn.params.map((p) => Array.from(p.grad.data)) };
  };
  const a = run(xs, T), b = run(xs2, T2);
  const mask = sequenceMask(lengths, T);
  for (let r = 0; r < T * B; r++) {
    if (!mask[r]) continue;
    assert(relativeError(a.ys.row(r), b.ys.row(r)) < 1e-14, `output row ${r}`);
    assert(relativeError(a.dxs.row(r), b.dxs.row(r)) < 1e-12, `dxs row ${r}`);
  }
  a.grads.forEach((g, i) => assert(relativeError(g, b.grads[i]) < 1e-12, `gradient ${i}`));
  // Padding rows get no input gradient from a masked loss.
  const maskB = sequenceMask(lengths, T2);
  for (let r = 0; r < T2 * B; r++) {
    if (!maskB[r]) assertEquals(Array.from(b.dxs.row(r)), new Array(D).fill(0));
  }
});

Deno.test("BidirectionalRNN rejects lengths longer than the batch and backward before forward", () => {
  const { birnn, xs } = setup();
  assertThrows(() => birnn.backward(zeros(T * B, 2 * H)), Error, "called before forward");
  assertThrows(
    () => birnn.forward(xs, B, [6, 1, 1]),
    RangeError,
    "length 6 of sequence 0 is longer than the 5 padded steps",
  );
  assertThrows(() => birnn.forward(xs, 4), RangeError, "dividing the 15 input rows, got 4");
  birnn.forward(xs, B);
  assertThrows(() => birnn.backward(zeros(T * B, H)), RangeError, "expected 6 columns, got 3");
});
