import type { Notebook } from "../../../tools/nbformat.ts";

/** A small executed notebook: markdown with math, code, an SVG chart, an HTML chart, text. */
export function sampleNotebook(title = "Hello RNN"): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: "typescript" } },
    cells: [
      {
        cell_type: "markdown",
        id: "m1",
        metadata: {},
        source: [
          `# ${title}\n`,
          "\n",
          "The state $h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b)$ carries the past.\n",
          "\n",
          "More text with *emphasis* and a_b_c outside math.\n",
        ],
      },
      {
        cell_type: "markdown",
        id: "m2",
        metadata: {},
        source: "$$\\frac{\\partial L}{\\partial W_{hh}} = \\sum_t \\delta_t h_{t-1}^\\top$$\n",
      },
      {
        cell_type: "code",
        id: "c1",
        metadata: {},
        execution_count: 1,
        source: 'const loss: number = 1.5;\nconsole.log("loss", loss);\n',
        outputs: [
          { output_type: "stream", name: "stdout", text: "loss 1.5\n" },
          {
            output_type: "display_data",
            data: {
              "image/svg+xml":
                '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" id="svgchart"><rect width="300" height="120" fill="teal"/></svg>',
              "text/plain": "chart",
            },
            metadata: {},
          },
          {
            output_type: "execute_result",
            execution_count: 1,
            data: {
              "text/html":
                '<figure><h2>Loss</h2><svg width="200" height="80" id="htmlchart"><circle cx="40" cy="40" r="30"/></svg></figure>',
            },
            metadata: {},
          },
          {
            output_type: "execute_result",
            execution_count: 1,
            data: { "text/plain": "a < b" },
            metadata: {},
          },
        ],
      },
    ],
  };
}
