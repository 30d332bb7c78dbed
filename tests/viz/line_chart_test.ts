import { assert, assertEquals, assertThrows } from "@std/assert";
import { lineChart } from "../../lib/viz/line_chart.ts";
import { type El, parseElement } from "./_xml.ts";

function texts(el: El): string[] {
  return [...el.querySelectorAll("text, h2, h3, span")].map((t: El) => t.textContent.trim());
}

Deno.test("lineChart draws one path per series, a legend, title and axis labels", () => {
  const fig = lineChart({
    title: "Loss per model",
    x: "step",
    y: "loss (nats/char)",
    series: [
      { name: "RNN", values: [4, 3, 2.5, 2.2] },
      { name: "LSTM", values: [{ x: 0, y: 4 }, { x: 2, y: 2 }] },
      { name: "GRU", values: [4.1, 3.3, 2.1] },
    ],
  });
  const el = parseElement(fig.markup);
  assertEquals(el.tagName.toLowerCase(), "figure");
  assertEquals(el.querySelectorAll('g[aria-label="line"] path').length, 3);
  const words = texts(el);
  assert(words.includes("Loss per model"), words.join("|"));
  assert(words.some((w) => w.includes("loss (nats/char)")), "y label");
  assert(words.some((w) => w.includes("step")), "x label");
  for (const name of ["RNN", "LSTM", "GRU"]) assert(words.includes(name), `legend ${name}`);
});

Deno.test("a single series has no legend and defaults the x label to step", () => {
  const el = parseElement(lineChart({ title: "Gradient norm", y: "‖g‖", values: [1, 2] }).markup);
  assertEquals(el.querySelectorAll('g[aria-label="line"] path').length, 1);
  assertEquals(el.querySelectorAll("[class*=swatches]").length, 0);
  assert(texts(el).some((w) => w.includes("step")));
});

Deno.test("logY uses a log scale: equal ratios get equal distances", () => {
  const el = parseElement(
    lineChart({ title: "Perplexity", y: "perplexity", values: [1000, 100, 10], logY: true })
      .markup,
  );
  const ys = [...el.querySelectorAll('g[aria-label="dot"] circle')].map((c: El) =>
    Number(c.getAttribute("cy"))
  );
  assertEquals(ys.length, 3);
  assert(Math.abs((ys[1] - ys[0]) - (ys[2] - ys[1])) < 1e-6, `${ys}`);
});

Deno.test("small multiples: one panel label and one path per series per panel", () => {
  const el = parseElement(
    lineChart({
      title: "By learning rate",
      y: "loss",
      series: ["0.1", "0.01", "0.001"].flatMap((lr) => [
        { name: "train", panel: `lr ${lr}`, values: [3, 2, 1] },
        { name: "valid", panel: `lr ${lr}`, values: [3, 2.5, 2] },
      ]),
    }).markup,
  );
  assertEquals(el.querySelectorAll('g[aria-label="line"] path').length, 6);
  const words = texts(el);
  for (const lr of ["lr 0.1", "lr 0.01", "lr 0.001"]) assert(words.includes(lr), lr);
});

Deno.test("lineChart rejects bad input with messages that name it", () => {
  const base = { title: "t", y: "loss" };
  assertThrows(() => lineChart({ ...base, series: [] }), RangeError, "at least one series");
  assertThrows(
    () => lineChart({ ...base, series: [{ name: "a", values: [] }] }),
    RangeError,
    'series "a" has no values',
  );
  assertThrows(
    () => lineChart({ ...base, series: [{ name: "a", values: [1, NaN] }] }),
    RangeError,
    'series "a" value 1 (y) must be a finite number, got NaN',
  );
  assertThrows(
    () => lineChart({ ...base, values: [1, 0], logY: true }),
    RangeError,
    "log y scale needs positive values",
  );
  assertThrows(
    () => lineChart({ ...base, series: [{ name: "a", values: [1] }, { name: "a", values: [2] }] }),
    TypeError,
    'two series are named "a"',
  );
  assertThrows(() => lineChart({ ...base, title: "", values: [1] }), TypeError, "title");
  assertThrows(
    () =>
      lineChart({
        ...base,
        series: [{ name: "a", values: [1], panel: "p" }, { name: "b", values: [1] }],
      }),
    TypeError,
    'series "b" has no panel',
  );
});
