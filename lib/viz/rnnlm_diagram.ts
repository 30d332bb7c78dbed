/**
 * The diagram of the paper's model (its figure 1, redrawn): the input x(t)
 * is the one-hot word w(t) and the previous hidden state s(t−1) side by
 * side — a concatenation, V + H numbers — mapped by one matrix U to the
 * sigmoid hidden layer s(t), which the class-factorised output layer reads
 * and which is copied back as the next word's s(t−1).
 *
 * @module
 */

import { Figure } from "./display.ts";

/** Options of {@link rnnlmDiagram}. */
export interface RNNLMDiagramOptions {
  /** Vocabulary size V (shown in the labels). */
  vocabSize?: number;
  /** Hidden units H. */
  hiddenSize?: number;
  /** Word classes. */
  classes?: number;
}

const W = 720, H = 330;

function box(
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
  label: string,
  sub = "",
): string {
  const text = `<text x="${x + w / 2}" y="${
    y + h / 2 - (sub ? 4 : -5)
  }" text-anchor="middle" font-size="14">${label}</text>`;
  const small = sub
    ? `<text x="${x + w / 2}" y="${
      y + h / 2 + 14
    }" text-anchor="middle" font-size="12" fill="#444">${sub}</text>`
    : "";
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="${fill}" stroke="#333"/>${text}${small}`;
}

function arrow(x1: number, y1: number, x2: number, y2: number, label = "", dx = 8): string {
  const line =
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#333" stroke-width="1.5" marker-end="url(#head)"/>`;
  const mid = label
    ? `<text x="${(x1 + x2) / 2 + dx}" y="${
      (y1 + y2) / 2
    }" font-size="13" font-style="italic">${label}</text>`
    : "";
  return line + mid;
}

/**
 * The figure, as an SVG {@link Figure} (display it with `await display(...)`).
 *
 * @example
 * ```ts
 * import { rnnlmDiagram } from "./rnnlm_diagram.ts";
 * const fig = rnnlmDiagram({ vocabSize: 10001, hiddenSize: 100, classes: 100 });
 * console.assert(fig.kind === "svg" && fig.markup.includes("concatenated") && fig.markup.includes("10001"));
 * ```
 */
export function rnnlmDiagram(options: RNNLMDiagramOptions = {}): Figure {
  const { vocabSize = 10_001, hiddenSize = 100, classes = 100 } = options;
  const parts = [
    `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<defs><marker id="head" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">`,
    `<path d="M0,0 L10,4 L0,8 z" fill="#333"/></marker></defs>`,
    `<text x="20" y="22" font-size="13" fill="#444">x(t) = [w(t), s(t−1)]: concatenated, ${vocabSize} + ${hiddenSize} numbers (the paper writes w(t) + s(t−1))</text>`,
    box(20, 250, 300, 50, "#dbe9f6", "w(t): one-hot word", `${vocabSize} numbers, a single 1`),
    box(330, 250, 200, 50, "#fde3c8", "s(t−1): last state", `${hiddenSize} numbers`),
    `<rect x="14" y="244" width="522" height="62" rx="8" fill="none" stroke="#888" stroke-dasharray="5 4"/>`,
    arrow(300, 242, 300, 190),
    `<text x="290" y="214" text-anchor="end" font-size="13" font-style="italic">U = [Wxh; Whh]</text>`,
    `<text x="290" y="230" text-anchor="end" font-size="12" fill="#444">one-hot·Wxh = row w(t) of Wxh</text>`,
    box(200, 130, 200, 56, "#fde3c8", "s(t) = σ(x(t)·U)", `sigmoid, ${hiddenSize} units`),
    arrow(400, 146, 478, 94, "Vc", -4),
    arrow(400, 172, 478, 170, "Vw", -4),
    box(480, 64, 230, 56, "#e2f0d9", "P(class | s(t))", `softmax over ${classes} classes`),
    box(480, 142, 230, 56, "#e2f0d9", "P(w | class, s(t))", "softmax over the class's words"),
    `<text x="480" y="222" font-size="13">P(w(t+1)) = P(class)·P(w | class)</text>`,
    `<path d="M 390 186 C 420 220, 440 226, 440 246" fill="none" stroke="#c0504d" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#head)"/>`,
    `<text x="548" y="268" font-size="13" fill="#c0504d">copied back: the</text>`,
    `<text x="548" y="284" font-size="13" fill="#c0504d">next word's s(t−1)</text>`,
    `</svg>`,
  ];
  return new Figure(parts.join(""), "the RNN language model of Mikolov et al. (2010)");
}
