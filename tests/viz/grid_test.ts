import { assert, assertEquals, assertThrows } from "@std/assert";
import { grid } from "../../lib/viz/grid.ts";
import { heatmap } from "../../lib/viz/heatmap.ts";
import { JUPYTER_DISPLAY } from "../../lib/viz/display.ts";
import { lineChart } from "../../lib/viz/line_chart.ts";
import { assertWellFormedXml, type El, parseElement } from "./_xml.ts";

Deno.test("grid lays charts out in one standalone SVG with every title", () => {
  const charts = ["i", "f", "g", "o"].map((gate) =>
    heatmap({ title: `gate ${gate}`, x: "time", y: "unit", values: [[0.1, 0.9]], width: 300 })
  );
  const fig = grid(charts, { title: "LSTM gates", columns: 2 });
  const svg = fig[JUPYTER_DISPLAY]()["image/svg+xml"]!;
  assertEquals(assertWellFormedXml(svg), "svg");
  const el = parseElement(svg);
  const texts = [...el.querySelectorAll("text")].map((t: El) => t.textContent);
  for (const t of ["LSTM gates", "gate i", "gate f", "gate g", "gate o"]) {
    assert(texts.includes(t), t);
  }
  assertEquals(el.querySelectorAll('g[aria-label="cell"] rect').length, 8);
  // Two columns: the second chart sits right of the first, the third below it.
  const placed = [...el.children].filter((c: El) => c.tagName.toLowerCase() === "svg");
  const [a, b, c] = placed.map((
    s: El,
  ) => [Number(s.getAttribute("x")), Number(s.getAttribute("y"))]);
  assert(
    b[0] > a[0] && b[1] === a[1] && c[0] === a[0] && c[1] > a[1],
    JSON.stringify(placed.length),
  );
});

Deno.test("grid rejects no figures and a bad column count", () => {
  const one = lineChart({ title: "l", y: "y", values: [1, 2] });
  assertThrows(() => grid([], { title: "t" }), RangeError, "at least one figure");
  assertThrows(() => grid([one], { title: "t", columns: 0 }), RangeError, "columns");
});
