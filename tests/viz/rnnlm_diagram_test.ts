import { assert, assertEquals } from "@std/assert";
import { bundleOf, rnnlmDiagram } from "../../lib/mod.ts";

Deno.test("rnnlmDiagram: an SVG that shows the concatenated input and the sizes", () => {
  const fig = rnnlmDiagram({ vocabSize: 123, hiddenSize: 45, classes: 6 });
  assertEquals(fig.kind, "svg");
  const svg = bundleOf(fig)["image/svg+xml"]!;
  for (
    const text of ["concatenated, 123 + 45", "U = [Wxh; Whh]", "softmax over 6 classes", "45 units"]
  ) {
    assert(svg.includes(text), `missing ${text}`);
  }
  assert(svg.includes('xmlns="http://www.w3.org/2000/svg"'));
});
