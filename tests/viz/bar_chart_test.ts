import { assert, assertEquals, assertThrows } from "@std/assert";
import { barChart } from "../../lib/viz/bar_chart.ts";
import { type El, parseElement } from "./_xml.ts";

function words(el: El): string[] {
  return [...el.querySelectorAll("text, h2, span")].map((t: El) => t.textContent.trim());
}

Deno.test("barChart draws a bar per entry, in order, with values and labels", () => {
  const el = parseElement(
    barChart({
      title: "Accuracy",
      x: "model",
      y: "accuracy (%)",
      bars: { zeta: 20, alpha: 60 },
    }).markup,
  );
  const rects = [...el.querySelectorAll('g[aria-label="bar"] rect')];
  assertEquals(rects.length, 2);
  // Input order, not alphabetical: "zeta" is left of "alpha" and shorter.
  const [zeta, alpha] = rects.map((r: El) => ({
    x: Number(r.getAttribute("x")),
    h: Number(r.getAttribute("height")),
  }));
  assert(zeta.x < alpha.x && zeta.h < alpha.h, JSON.stringify({ zeta, alpha }));
  const w = words(el);
  for (const s of ["Accuracy", "zeta", "alpha", "20", "60"]) assert(w.includes(s), s);
  assert(w.some((s) => s.includes("accuracy (%)")) && w.some((s) => s.includes("model")));
});

Deno.test("grouped bars get one bar per (label, group) and a legend", () => {
  const el = parseElement(
    barChart({
      title: "By task",
      y: "accuracy (%)",
      bars: ["copy", "reverse"].flatMap((label) => [
        { label, group: "RNN", value: 50 },
        { label, group: "LSTM", value: 90 },
      ]),
    }).markup,
  );
  assertEquals(el.querySelectorAll('g[aria-label="bar"] rect').length, 4);
  const w = words(el);
  assert(w.includes("RNN") && w.includes("LSTM") && w.includes("copy"));
});

Deno.test("barChart rejects empty, non-finite and duplicate bars", () => {
  assertThrows(() => barChart({ title: "t", y: "y", bars: [] }), RangeError, "at least one bar");
  assertThrows(
    () => barChart({ title: "t", y: "y", bars: { a: NaN } }),
    RangeError,
    'value of "a" must be a finite number, got NaN',
  );
  assertThrows(
    () =>
      barChart({ title: "t", y: "y", bars: [{ label: "a", value: 1 }, { label: "a", value: 2 }] }),
    TypeError,
    'two bars "a"',
  );
});
