/**
 * The questions of notebooks 05–07 whose answer is a number, a yes/no or a
 * choice. Each expected value is computed from the engine (or, for choices,
 * stored as a hash), never written out.
 *
 * @module
 */

import { GRU } from "../../layers/gru.ts";
import { GRUCell } from "../../layers/gru_cell.ts";
import { LSTM } from "../../layers/lstm.ts";
import { LSTMCell } from "../../layers/lstm_cell.ts";
import { countParams } from "../../layers/param.ts";
import { zeros } from "../../core/matrix.ts";
import { maxSlope } from "../../analysis/gradient_reach.ts";
import { scaledOrthogonal, spectralNorm } from "../../analysis/jacobians.ts";
import { flipUpdateGate, torchParamCount } from "../../analysis/gru_forms.ts";
import { Random } from "../../random.ts";
import { needs, type Question } from "./question.ts";

/** A one-unit LSTM cell with every weight 0 and every bias `bias` (the default forget bias when omitted). */
function bareCell(bias?: number): LSTMCell {
  const cell = new LSTMCell({ inputSize: 1, hiddenSize: 1, rng: new Random(0) });
  cell.Wx.value.zero();
  cell.Wh.value.zero();
  if (bias !== undefined) cell.b.value.data.fill(bias);
  return cell;
}

/** Every question of notebooks 05–07. */
export const GATED_QUESTIONS: readonly Question[] = [
  {
    id: "05.sigmoid_bound",
    kind: "number",
    hint: "each factor is w·σ′(a), and σ′ is at most 1/4 = 2⁻²",
    expected: () => -Math.log2(maxSlope("sigmoid") ** 20),
  },
  {
    id: "05.vanishing_guarantee",
    kind: "choice",
    hint: "which number bounds every step's Jacobian, whatever the states?",
    answerHash: "12bc58ae18c67c65a5da0245eac234feb49f2fd164cd0294e16ab158ba7606b5",
  },
  {
    id: "05.sigmoid_3q",
    kind: "boolean",
    hint: "compare γ·σ_max(Whh) with 1",
    expected: () => maxSlope("sigmoid") * spectralNorm(scaledOrthogonal(16, 3, new Random(0))) < 1,
  },
  {
    id: "05.longest_recalled_gap",
    kind: "number",
    hint: "read the recall table: the largest gap whose accuracy is at least 90 %",
    expected(context) {
      const rows = needs<{ gap: number; accuracy: number }[]>(
        context,
        "05.longest_recalled_gap",
        "recall",
      );
      return Math.max(0, ...rows.filter((r) => r.accuracy >= 0.9).map((r) => r.gap));
    },
  },
  {
    id: "06.lstm_cell_params",
    kind: "number",
    hint: "four gates, each with an input weight, a recurrent weight and a bias",
    expected: () =>
      countParams(new LSTMCell({ inputSize: 10, hiddenSize: 20, rng: new Random(0) }).params),
  },
  {
    id: "06.forget_product",
    kind: "number",
    tolerance: 1e-4,
    hint: "f = σ(1) at every step; the additive path multiplies by f once per step",
    expected() {
      const cell = bareCell();
      const f = cell.forward(zeros(1, 1), zeros(1, 1), zeros(1, 1)).f.data[0];
      return f ** 20;
    },
  },
  {
    id: "06.cell_bounded",
    kind: "boolean",
    hint: "run the keep-and-write unit of the first section for longer: what does c do?",
    expected() {
      const cell = bareCell(4);
      let h = zeros(1, 1), c = zeros(1, 1), largest = 0;
      for (let t = 0; t < 40; t++) {
        const step = cell.forward(zeros(1, 1), h, c);
        h = step.h;
        c = step.c;
        largest = Math.max(largest, Math.abs(c.data[0]));
      }
      return largest <= 1;
    },
  },
  {
    id: "07.gru_cell_params",
    kind: "number",
    hint: "three blocks of input and recurrent weights, their biases, and b_hn",
    expected: () =>
      countParams(new GRUCell({ inputSize: 10, hiddenSize: 20, rng: new Random(0) }).params),
  },
  {
    id: "07.torch_ratio",
    kind: "number",
    hint: "PyTorch stores two bias vectors per gate block for both cells",
    expected() {
      const rng = new Random(0);
      return torchParamCount(new GRU({ inputSize: 7, hiddenSize: 9, rng })) /
        torchParamCount(new LSTM({ inputSize: 7, hiddenSize: 9, rng }));
    },
  },
  {
    id: "07.z_keeps",
    kind: "choice",
    hint: "h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n",
    answerHash: "6a2c8b50f592beb349a8dd920c22978e8adc29af2f73e88e0bb54d91ebbe6326",
  },
  {
    id: "07.flip_factor",
    kind: "number",
    hint: "σ(−a) = 1 − σ(a)",
    expected() {
      const cell = new GRUCell({ inputSize: 1, hiddenSize: 1, rng: new Random(3) });
      return flipUpdateGate(cell).Wx.value.get(0, 1) / cell.Wx.value.get(0, 1);
    },
  },
];
