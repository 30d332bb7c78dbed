import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { bundleOf, display, Figure, isJupyter, JUPYTER_DISPLAY } from "../../lib/viz/display.ts";
import { lineChart } from "../../lib/viz/line_chart.ts";
import { assertWellFormedXml, parseElement } from "./_xml.ts";

const DOT = '<svg width="20" height="10" viewBox="0 0 20 10"><circle cx="5" cy="5" r="4"/></svg>';

Deno.test("JUPYTER_DISPLAY is the symbol the Deno kernel looks for", () => {
  assertEquals(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
});

Deno.test("a plain SVG figure displays as image/svg+xml with xmlns and text/plain", () => {
  const bundle = new Figure(DOT, "dot")[JUPYTER_DISPLAY]();
  assertEquals(bundle["text/plain"], "[chart: dot]");
  assertEquals(bundle["text/html"], undefined);
  const svg = bundle["image/svg+xml"]!;
  assertStringIncludes(svg, 'xmlns="http://www.w3.org/2000/svg"');
  assertEquals(assertWellFormedXml(svg), "svg");
  assertEquals(parseElement(svg).querySelectorAll("circle").length, 1);
});

Deno.test("a titled chart displays as text/html with a <figure>", () => {
  const fig = lineChart({ title: "Training loss", y: "loss", values: [3, 2, 1] });
  assertEquals(fig.kind, "html");
  const bundle = fig[JUPYTER_DISPLAY]();
  assertEquals(bundle["text/plain"], "[chart: Training loss]");
  assert(bundle["text/html"]!.startsWith("<figure"));
  assertEquals(String(fig), fig.markup);
});

Deno.test("Figure rejects markup that is not an <svg> or <figure>", () => {
  assertThrows(() => new Figure("<div>hi</div>"), TypeError, "<div>hi</div>");
});

Deno.test("save() writes standalone SVG for a plain SVG and for a figure with title and legend", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await new Figure(DOT, "dot").save(`${dir}/dot.svg`);
    const plain = await Deno.readTextFile(`${dir}/dot.svg`);
    assertEquals(assertWellFormedXml(plain), "svg");
    assertStringIncludes(plain, 'xmlns="http://www.w3.org/2000/svg"');

    const fig = lineChart({
      title: "Loss & accuracy <test>",
      subtitle: "two series",
      caption: "a caption",
      y: "loss",
      series: [{ name: "train", values: [3, 2, 1] }, { name: "valid", values: [3, 2.5, 2] }],
    });
    await fig.save(`${dir}/fig.svg`);
    const svg = await Deno.readTextFile(`${dir}/fig.svg`);
    assertEquals(assertWellFormedXml(svg), "svg");
    assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
    assert(!svg.includes("<figure") && !svg.includes("foreignObject"));
    // The title (escaped), subtitle, caption and both legend entries are SVG text.
    const texts = [...parseElement(svg).querySelectorAll("text")].map((t) => t.textContent);
    for (const want of ["Loss & accuracy <test>", "two series", "a caption", "train", "valid"]) {
      assert(texts.includes(want), `missing text ${want} in ${texts.join(", ")}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("isJupyter is false under deno test, and display prints text/plain", async () => {
  assertEquals(isJupyter(), false);
  const logged: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => logged.push(args.join(" "));
  try {
    await display(new Figure(DOT, "dot"));
    await display("plain words", { id: "x" });
  } finally {
    console.log = log;
  }
  assertEquals(logged, ["[chart: dot]", "plain words"]);
});

Deno.test("display with update needs an id", async () => {
  let error: unknown;
  await display("x", { update: true }).catch((e) => (error = e));
  assert(error instanceof TypeError && error.message.includes("id"));
});

Deno.test("bundleOf falls back to text/plain for plain values", () => {
  assertEquals(bundleOf("abc"), { "text/plain": "abc" });
  assertEquals(bundleOf({ a: 1 })["text/plain"], Deno.inspect({ a: 1 }));
});

Deno.test("the XML check used by these tests rejects malformed markup", () => {
  assertThrows(() => assertWellFormedXml("<svg><g></svg>"));
  assertThrows(() => assertWellFormedXml("<svg><rect width=3/></svg>"));
  assertThrows(() => assertWellFormedXml("<svg><text>a & b</text></svg>"));
  assertEquals(assertWellFormedXml("<svg><text>a &amp; b</text><g/></svg>"), "svg");
});
