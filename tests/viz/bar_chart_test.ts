import { assert, assertEquals, assertThrows } from "@std/assert";
import { barChart } from "../../lib/viz/bar_chart.ts";
import { type El, labelWidth, parseElement } from "./_xml.ts";

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

Deno.test("barChart leaves room for every printed value: neighbouring values never run together", () => {
  // 03's chart: six n-gram orders in two smoothings, and one RNN bar (21 slots of 7 labels × 3 groups).
  const bars = [];
  for (let order = 1; order <= 6; order++) {
    bars.push({ label: `${order}-gram`, value: 4.51 - order / 3, group: "Kneser–Ney" });
    bars.push({ label: `${order}-gram`, value: 4.51 - order / 5, group: "add-1" });
  }
  bars.push({ label: "RNN", value: 2.45, group: "char RNN" });
  const markup = barChart({ title: "bpc", y: "bits", bars, format: (v) => v.toFixed(2) }).markup;
  // Value labels of one facet: `<text … transform="translate(x,…)">4.18</text>`, two per facet.
  const values = [...markup.matchAll(/translate\(([\d.]+),[\d.]+\)"[^>]*>(\d\.\d\d)</g)]
    .map((m) => ({ x: Number(m[1]), text: m[2] }));
  assertEquals(values.length, 13);
  for (let i = 0; i + 1 < 12; i += 2) {
    const gap = values[i + 1].x - values[i].x;
    const needed = labelWidth(values[i].text) + 4; // and a space
    assert(gap >= needed, `values ${values[i].text} and ${values[i + 1].text} are ${gap} px apart`);
  }
});
