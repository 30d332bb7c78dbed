import { assert, assertEquals, assertThrows } from "@std/assert";
import { heatmap } from "../../lib/viz/heatmap.ts";
import { fromArray } from "../../lib/core/matrix.ts";
import { type El, parseElement } from "./_xml.ts";

function cells(el: El): El[] {
  return [...el.querySelectorAll('g[aria-label="cell"] rect')];
}

Deno.test("heatmap draws rows × cols cells with tick labels, title and axis labels", () => {
  const values = [[0.1, 0.7, 0.2], [0.6, 0.1, 0.1]];
  const fig = heatmap({
    title: "Next letter",
    x: "input letter",
    y: "predicted letter",
    values,
    colLabels: ["h", "e", "l"],
    rowLabels: ["e", "l"],
  });
  const el = parseElement(fig.markup);
  assertEquals(cells(el).length, 6);
  const words = [...el.querySelectorAll("text, h2")].map((t: El) => t.textContent.trim());
  for (const w of ["Next letter", "h", "e", "l"]) assert(words.includes(w), w);
  assert(words.some((w) => w.includes("input letter")));
  assert(words.some((w) => w.includes("predicted letter")));
  // Small heatmap: values are printed in their cells.
  assert(words.includes("0.70") && words.includes("0.60"), words.join("|"));
});

Deno.test("repeated tick labels keep separate cells (the two l's of hello)", () => {
  const el = parseElement(
    heatmap({
      title: "hello",
      x: "input",
      y: "unit",
      values: [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]],
      colLabels: [..."hello"],
    }).markup,
  );
  const rects = cells(el);
  assertEquals(rects.length, 10);
  const xs = new Set(rects.map((r: El) => r.getAttribute("x")));
  assertEquals(xs.size, 5);
});

Deno.test("heatmap takes a Matrix and colours larger values differently", () => {
  const m = fromArray([[-1, 0, 1]]);
  const el = parseElement(
    heatmap({ title: "signs", x: "j", y: "i", values: m, showValues: false }).markup,
  );
  const fills = cells(el).map((r: El) => r.getAttribute("fill"));
  assertEquals(fills.length, 3);
  assertEquals(new Set(fills).size, 3);
  assertEquals(el.querySelectorAll('g[aria-label="text"] text').length, 0);
});

Deno.test("heatmap rejects ragged rows, empty input, non-finite values and bad labels", () => {
  const base = { title: "t", x: "x", y: "y" };
  assertThrows(
    () => heatmap({ ...base, values: [[1, 2], [3]] }),
    RangeError,
    "row 0 has 2 values, row 1 has 1",
  );
  assertThrows(() => heatmap({ ...base, values: [] }), RangeError, "no rows");
  assertThrows(
    () => heatmap({ ...base, values: [[1, Infinity]] }),
    RangeError,
    "heatmap value [0][1] must be a finite number, got Infinity",
  );
  assertThrows(
    () => heatmap({ ...base, values: [[1, 2]], colLabels: ["a"] }),
    RangeError,
    "colLabels has 1 labels for 2 cols",
  );
  assertThrows(
    () => heatmap({ ...base, values: [[1, 2]], color: { domain: [1, 1] } }),
    RangeError,
    "min < max",
  );
});
