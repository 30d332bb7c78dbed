/**
 * The LSTM and GRU against PyTorch: fixtures written by
 * tools/fixtures/pytorch_gated.py (torch.nn.LSTM / torch.nn.GRU in float64,
 * 1 and 2 layers, one and two directions, sequences of different lengths)
 * are loaded layer by layer with `fromTorch`, and our outputs, final states
 * and every gradient must match PyTorch's to 1e-10.
 */

import { assert, assertEquals } from "@std/assert";
import {
  Bidirectional,
  decodeSafetensors,
  makeRecurrent,
  Matrix,
  Random,
  type RecurrentLayer,
  SequenceBatch,
  Stacked,
  type Tensor,
  type TorchMappable,
} from "../../lib/mod.ts";

const TOLERANCE = 1e-10;
const CASES = ["l1", "l2_packed", "bi_packed", "l2_bi_packed"];

/** A stored tensor as a matrix: `[T, B, F]` → `[T·B × F]`, `[n]` → `[1 × n]`. */
function matrix(t: Tensor): Matrix {
  const cols = t.shape.at(-1)!;
  return new Matrix(t.data.length / cols, cols, "float64", Float64Array.from(t.data));
}

/** Block `k` of a `[K, B, H]` tensor, `[B × H]`. */
function block(t: Tensor, k: number): Matrix {
  const [, B, H] = t.shape;
  return new Matrix(
    B,
    H,
    "float64",
    Float64Array.from(t.data.subarray(k * B * H, (k + 1) * B * H)),
  );
}

function assertClose(what: string, ours: ArrayLike<number>, theirs: ArrayLike<number>): number {
  assertEquals(ours.length, theirs.length, `${what}: sizes`);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const e = Math.abs(ours[i] - theirs[i]) / Math.max(1, Math.abs(theirs[i]));
    worst = Math.max(worst, e);
  }
  assert(worst <= TOLERANCE, `${what}: differs from PyTorch by ${worst.toExponential(2)}`);
  return worst;
}

/** The single-direction layers of a model, with their PyTorch suffixes (`_l1_reverse`). */
function directions(model: RecurrentLayer, layers: number): [string, RecurrentLayer][] {
  const out: [string, RecurrentLayer][] = [];
  for (let l = 0; l < layers; l++) {
    const layer = layers === 1 ? model : (model as Stacked).layers[l];
    if (layer instanceof Bidirectional) {
      out.push([`_l${l}`, layer.forwardLayer], [`_l${l}_reverse`, layer.backwardLayer]);
    } else {
      out.push([`_l${l}`, layer]);
    }
  }
  return out;
}

for (const module of ["lstm", "gru"] as const) {
  for (const name of CASES) {
    Deno.test(`${module} ${name}: outputs, final states and gradients match torch.nn.${module.toUpperCase()}`, async () => {
      const url = new URL(`../fixtures/pytorch/${module}_${name}.safetensors`, import.meta.url);
      const { tensors, metadata } = decodeSafetensors(await Deno.readFile(url));
      const config = JSON.parse(metadata.config);
      const { num_layers: layers, bidirectional, input_size: D, hidden_size: H } = config;
      const { steps: T, batch: B } = config;
      const model = makeRecurrent({
        cell: module,
        inputSize: D,
        hiddenSize: H,
        numLayers: layers,
        bidirectional,
        rng: new Random(0),
        stateful: false,
      });
      const dirs = directions(model, layers);
      for (const [suffix, layer] of dirs) {
        const get = (n: string) => matrix(tensors[n + suffix]);
        (layer as RecurrentLayer & TorchMappable).fromTorch({
          weight_ih: get("weight_ih"),
          weight_hh: get("weight_hh"),
          bias_ih: get("bias_ih"),
          bias_hh: get("bias_hh"),
        });
      }
      // Our state lists each direction's parts (h, then c) in PyTorch's order l0, l0_reverse, l1, …
      const parts = module === "lstm" ? ["h", "c"] : ["h"];
      const state = (prefix: string) =>
        dirs.flatMap((_, k) => parts.map((p) => block(tensors[`${p}${prefix}`], k)));
      const lengths = Array.from(tensors.lengths.data);
      const xs = new SequenceBatch(matrix(tensors.x), { batchSize: B, lengths });
      const pass = model.forward(xs, state("0"));

      const Hout = pass.ys.data.cols, y = tensors.y.data;
      for (let r = 0; r < T * B; r++) {
        if (xs.mask[r] === 0) continue; // PyTorch pads with zeros; our padding rows run on
        assertClose(`y row ${r}`, pass.ys.data.row(r), y.subarray(r * Hout, (r + 1) * Hout));
      }
      const finals = state("_n");
      pass.final.forEach((m, k) => assertClose(`final state ${k}`, m.data, finals[k].data));

      const dys = matrix(tensors.Ry);
      for (let r = 0; r < T * B; r++) if (xs.mask[r] === 0) dys.row(r).fill(0);
      const dFinal = dirs.flatMap((_, k) =>
        parts.map((p) => block(tensors[p === "h" ? "Rh" : "Rc"], k))
      );
      for (const p of model.params) p.grad.zero();
      const { dxs, dInitial } = model.backward(dys, pass, dFinal);
      assertClose("grad x", dxs.data, tensors["grad.x"].data);
      const dStart = dirs.flatMap((_, k) => parts.map((p) => block(tensors[`grad.${p}0`], k)));
      dInitial.forEach((m, k) => assertClose(`grad initial ${k}`, m.data, dStart[k].data));
      for (const [suffix, layer] of dirs) {
        const grads = (layer as RecurrentLayer & TorchMappable).gradToTorch();
        for (const [n, g] of Object.entries(grads)) {
          assertClose(`grad ${n}${suffix}`, g.data, tensors[`grad.${n}${suffix}`].data);
        }
      }
    });
  }
}
