/**
 * The class-factorised softmax output layer of the RNNLM toolkit (`-class N`):
 *
 * ```
 * P(w | h) = P(c | h) · P(w | c, h)                       c = class of w
 * P(c | h) = softmax_c(Vc·h)        over the N classes
 * P(w | c, h) = softmax_w(Vw·h)     over the words of class c only
 * ```
 *
 * The weights are stored as in the paper (`y = V·s`, one row per output
 * unit): `Vc` is `[classes × hidden]`, `Vw` is `[words × hidden]`, so a
 * word's weights are one contiguous row. There are no biases (the toolkit
 * has none). Scoring a word costs `N + |class|` dot products instead of `V`.
 *
 * The loss is the weighted mean of `−log P(w | h)` over rows, like
 * `SoftmaxCrossEntropy`, and its gradient is exact:
 *
 * ```
 * ∂loss/∂(Vc·h) = m·(P(·|h) − onehot(c)) / Σm       (all classes)
 * ∂loss/∂(Vw·h) = m·(P(·|c,h) − onehot(w)) / Σm     (words of c; 0 elsewhere)
 * ```
 *
 * @module
 */

import { requireIds, requireWeights } from "../core/guards.ts";
import { assertSize, type Data, type DType, Matrix } from "../core/matrix.ts";
import type { Random } from "../random.ts";
import { type HasParams, type Param, param } from "./param.ts";
import type { WordClasses } from "./word_classes.ts";

/** Options of {@link ClassSoftmax}. */
export interface ClassSoftmaxOptions {
  /** Units of the hidden layer it reads. */
  hiddenSize: number;
  /** The word classes (contiguous id ranges). */
  classes: WordClasses;
  /** Generator for the initial weights. */
  rng: Random;
  /** Element type (default float64). */
  dtype?: DType;
  /** Storage for `Vc` then `Vw` (e.g. WebAssembly memory), `(C + V)·H` elements. */
  storage?: Data;
}

/** What {@link ClassSoftmax.forward} returns. */
export interface ClassSoftmaxPass {
  /** The hidden states it read `[N × H]`. */
  readonly h: Matrix;
  /** The target word of each row. */
  readonly targets: Int32Array;
  /** The weight of each row (undefined: all 1). */
  readonly weights: Float64Array | undefined;
  /** `P(c | h)` for every class `[N × C]` (zeros in rows of weight 0). */
  readonly classProbs: Matrix;
  /** `P(w | c, h)` over the target's class, row r at `wordProbs[offsets[r] …]`. */
  readonly wordProbs: Float64Array;
  /** Where each row's class distribution starts in `wordProbs`. */
  readonly offsets: Int32Array;
  /** `log P(target | h)` of each row (0 in rows of weight 0). */
  readonly logProbs: Float64Array;
  /** The weighted mean of `−log P(target | h)`, in nats. */
  readonly loss: number;
  /** Σ weights. */
  readonly count: number;
}

/**
 * The class-based output layer: `[N × H]` hidden states and target words in,
 * the mean negative log-probability out.
 *
 * @example
 * ```ts
 * import { ClassSoftmax, fromArray, Random, WordClasses } from "../mod.ts";
 * const classes = WordClasses.fromCounts([9, 5, 3, 2, 1], 2);
 * const out = new ClassSoftmax({ hiddenSize: 3, classes, rng: new Random(0) });
 * const h = fromArray([[0.2, 0.5, 0.9]]);
 * const p = out.distribution(h.data);
 * console.assert(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-12);
 * const pass = out.forward(h, [3]);
 * console.assert(Math.abs(pass.loss + Math.log(p[3])) < 1e-12);
 * const dh = out.backward(pass);
 * console.assert(dh.rows === 1 && dh.cols === 3);
 * ```
 */
export class ClassSoftmax implements HasParams {
  /** Class weights `[C × H]`. */
  readonly Vc: Param;
  /** Word weights `[V × H]`. */
  readonly Vw: Param;
  /** The word classes. */
  readonly classes: WordClasses;

  /**
   * Initial weights as the toolkit draws them: each the sum of three uniform
   * draws from [−0.1, 0.1] (mean 0, standard deviation 0.1).
   */
  constructor(options: ClassSoftmaxOptions) {
    const { hiddenSize: H, classes, rng, dtype = "float64", storage } = options;
    assertSize("hiddenSize", H);
    const C = classes.numClasses, V = classes.vocabSize;
    if (storage !== undefined && storage.length !== (C + V) * H) {
      throw new RangeError(
        `ClassSoftmax: storage holds ${storage.length} elements, expected (${C} + ${V})·${H}`,
      );
    }
    const data = storage ?? new (dtype === "float32" ? Float32Array : Float64Array)((C + V) * H);
    for (let i = 0; i < data.length; i++) data[i] = toolkitUniform3(rng);
    this.classes = classes;
    this.Vc = param("Vc", new Matrix(C, H, dtype, data.subarray(0, C * H)));
    this.Vw = param("Vw", new Matrix(V, H, dtype, data.subarray(C * H)));
  }

  /** `[Vc, Vw]`. */
  get params(): Param[] {
    return [this.Vc, this.Vw];
  }

  /** Units of the hidden layer. */
  get hiddenSize(): number {
    return this.Vc.value.cols;
  }

  /** Scores `[N × H]` hidden states against target words (rows of weight 0 are skipped). */
  forward(h: Matrix, targets: ArrayLike<number>, weights?: ArrayLike<number>): ClassSoftmaxPass {
    const H = this.hiddenSize, { classes } = this, C = classes.numClasses;
    if (h.cols !== H) {
      throw new RangeError(`ClassSoftmax: hidden states have ${h.cols} columns, expected ${H}`);
    }
    if (targets.length !== h.rows) {
      throw new RangeError(`ClassSoftmax: ${targets.length} targets for ${h.rows} hidden states`);
    }
    const ys = requireIds("ClassSoftmax targets", targets, classes.vocabSize);
    const w = weights === undefined
      ? undefined
      : requireWeights("ClassSoftmax weights", weights, h.rows);
    const offsets = new Int32Array(h.rows + 1);
    for (let r = 0; r < h.rows; r++) {
      offsets[r + 1] = offsets[r] + (w?.[r] === 0 ? 0 : classes.size(classes.classOf[ys[r]]));
    }
    const classProbs = new Matrix(h.rows, C, h.dtype);
    const wordProbs = new Float64Array(offsets[h.rows]);
    const logProbs = new Float64Array(h.rows);
    let total = 0, count = 0;
    for (let r = 0; r < h.rows; r++) {
      const m = w ? w[r] : 1;
      if (m === 0) continue;
      const hr = h.data.subarray(r * H, (r + 1) * H), c = classes.classOf[ys[r]];
      const pc = classProbs.data.subarray(r * C, (r + 1) * C);
      softmaxOfRows(this.Vc.value.data, 0, C, hr, pc);
      const pw = wordProbs.subarray(offsets[r], offsets[r + 1]);
      softmaxOfRows(this.Vw.value.data, classes.start(c), classes.end(c), hr, pw);
      logProbs[r] = Math.log(pc[c]) + Math.log(pw[ys[r] - classes.start(c)]);
      total -= m * logProbs[r];
      count += m;
    }
    const loss = count > 0 ? total / count : 0;
    return { h, targets: ys, weights: w, classProbs, wordProbs, offsets, logProbs, loss, count };
  }

  /** Adds into `Vc`'s and `Vw`'s gradients; returns `∂loss/∂h` `[N × H]`. */
  backward(pass: ClassSoftmaxPass): Matrix {
    const { h, targets, weights, classProbs, wordProbs, offsets, count } = pass;
    const H = this.hiddenSize, { classes } = this, C = classes.numClasses;
    const dh = new Matrix(h.rows, H, h.dtype);
    if (count === 0) return dh;
    const Vc = this.Vc.value.data, Vw = this.Vw.value.data;
    const gVc = this.Vc.grad.data, gVw = this.Vw.grad.data;
    for (let r = 0; r < h.rows; r++) {
      const g = (weights ? weights[r] : 1) / count;
      if (g === 0) continue;
      const hr = h.data.subarray(r * H, (r + 1) * H), dr = dh.data.subarray(r * H, (r + 1) * H);
      const c = classes.classOf[targets[r]], first = classes.start(c);
      for (let k = 0; k < C; k++) {
        const e = g * (classProbs.data[r * C + k] - (k === c ? 1 : 0));
        backRow(Vc, gVc, k * H, e, hr, dr);
      }
      for (let j = first; j < classes.end(c); j++) {
        const e = g * (wordProbs[offsets[r] + j - first] - (j === targets[r] ? 1 : 0));
        backRow(Vw, gVw, j * H, e, hr, dr);
      }
    }
    return dh;
  }

  /** `P(w | h)` for every word, for one hidden state (a length-H array). */
  distribution(h: ArrayLike<number>): Float64Array {
    const { classes } = this, C = classes.numClasses;
    const hr = Float64Array.from(h);
    const pc = new Float64Array(C), p = new Float64Array(classes.vocabSize);
    softmaxOfRows(this.Vc.value.data, 0, C, hr, pc);
    for (let c = 0; c < C; c++) {
      const part = p.subarray(classes.start(c), classes.end(c));
      softmaxOfRows(this.Vw.value.data, classes.start(c), classes.end(c), hr, part);
      for (let j = 0; j < part.length; j++) part[j] *= pc[c];
    }
    return p;
  }
}

/**
 * The toolkit's initial weight: the sum of three uniform draws from [−0.1, 0.1]
 * (`random(-0.1, 0.1) + random(-0.1, 0.1) + random(-0.1, 0.1)` in `initNet`).
 *
 * @example
 * ```ts
 * import { Random, toolkitUniform3 } from "../mod.ts";
 * const w = toolkitUniform3(new Random(1));
 * console.assert(Math.abs(w) <= 0.3);
 * ```
 */
export function toolkitUniform3(rng: Random): number {
  return rng.uniformIn(-0.1, 0.1) + rng.uniformIn(-0.1, 0.1) + rng.uniformIn(-0.1, 0.1);
}

/** `out = softmax(W[first:end]·h)`, rows of W of length h.length, with the max subtracted. */
function softmaxOfRows(
  W: Data,
  first: number,
  end: number,
  h: ArrayLike<number>,
  out: Data | Float64Array,
): void {
  const H = h.length;
  let max = -Infinity;
  for (let k = first; k < end; k++) {
    let z = 0;
    for (let i = 0, base = k * H; i < H; i++) z += W[base + i] * h[i];
    out[k - first] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let k = 0; k < end - first; k++) sum += out[k] = Math.exp(out[k] - max);
  for (let k = 0; k < end - first; k++) out[k] /= sum;
}

/** One output row's share of backward: `dh += e·W[row]`, `gW[row] += e·h`. */
function backRow(W: Data, gW: Data, base: number, e: number, h: Data, dh: Data): void {
  if (e === 0) return;
  for (let i = 0; i < h.length; i++) {
    dh[i] += e * W[base + i];
    gW[base + i] += e * h[i];
  }
}
