import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { Adam, bpttStepByStep, JUPYTER_DISPLAY, RNN, RNNCell, Seq2Seq } from "../../lib/mod.ts";
import { SourceListing, sourceOf } from "../../lib/viz/source.ts";
import { declaredNames, findDeclaration } from "../../lib/viz/_source_find.ts";
import { scanTypeScript } from "../../lib/viz/_ts_scan.ts";
import { highlightedLines } from "../../lib/viz/_highlight.ts";

const LIB = new URL("../../lib/", import.meta.url);

Deno.test("source: a method of a class, from the original .ts file, doc comment and types included", async () => {
  const listing = await sourceOf(RNNCell, "backward");
  assertEquals(listing.path, "lib/layers/rnn_cell.ts");
  assertEquals(listing.symbol, "RNNCell.backward");
  assert(listing.code.startsWith("/**"), listing.code.slice(0, 40));
  assertStringIncludes(listing.code, "backward(dh: Matrix, step: RNNStep): RNNStepGradients {");
  assert(listing.code.endsWith("}"));
  const file = (await Deno.readTextFile(new URL("layers/rnn_cell.ts", LIB))).split("\n");
  assertEquals(file[listing.firstLine - 1].trim(), listing.code.split("\n")[0].trim());
  assertEquals(file[listing.lastLine - 1].trim(), "}");
  assert(!listing.code.startsWith(" "), "dedented");
});

Deno.test("source: functions and classes by value, methods by prototype, modules by path", async () => {
  assertEquals((await sourceOf(bpttStepByStep)).path, "lib/analysis/bptt_walk.ts");
  assertEquals((await sourceOf(Adam)).symbol, "Adam");
  assertEquals((await sourceOf(RNNCell.prototype.forward)).symbol, "RNNCell.forward");
  // An inherited method is found where it is written.
  assertEquals((await sourceOf(RNN.prototype.backward)).symbol, "TimeLayer.backward");
  for (
    const path of ["layers/rnn_cell.ts", "lib/layers/rnn_cell.ts", "../lib/layers/rnn_cell.ts"]
  ) {
    assertEquals((await sourceOf(path, "RNNCell.forward")).path, "lib/layers/rnn_cell.ts");
  }
  // A return type that is an object type is not mistaken for the body.
  const encode = await sourceOf(Seq2Seq, "encode");
  assertStringIncludes(encode.code, "return { encoder, sourceInput");
});

Deno.test("source: clear errors when a declaration cannot be found", async () => {
  await assertRejects(
    () => sourceOf(RNNCell, "nope"),
    Error,
    "cannot find RNNCell.nope: RNNCell in lib/layers/rnn_cell.ts has Wxh, Whh, b",
  );
  await assertRejects(
    () => sourceOf("layers/nope.ts", "X"),
    Error,
    "cannot read lib/layers/nope.ts",
  );
  await assertRejects(() => sourceOf("layers/rnn_cell.ts"), TypeError, "give the symbol too");
  await assertRejects(
    () => sourceOf(function notInTheEngine() {}),
    Error,
    "cannot find notInTheEngine",
  );
});

Deno.test("source: displays as highlighted HTML with inline styles and as numbered text", async () => {
  const listing = await sourceOf(RNNCell, "forward");
  const bundle = listing[JUPYTER_DISPLAY]();
  const text = bundle["text/plain"];
  assert(text.startsWith("lib/layers/rnn_cell.ts, lines "), text);
  assertStringIncludes(text, `${listing.firstLine + 1}  forward(x: Matrix`);
  const html = bundle["text/html"]!;
  assert(html.startsWith('<div data-source-listing="RNNCell.forward" style="'), html.slice(0, 80));
  assertStringIncludes(html, '<span style="color:#cf222e">const</span>');
  assert(!/class=/.test(html), "no stylesheet classes");
  assertEquals(html.match(/<pre/g)!.length, 1);
  // Every line of code is one line of the <pre>, with its number.
  const pre = html.slice(html.indexOf("<pre"), html.indexOf("</pre>"));
  assertEquals(pre.split("\n").length, listing.code.split("\n").length);
});

Deno.test("source: the scanner covers the text exactly and skips braces in strings, comments, templates and regexes", () => {
  const src = 'const a = "}"; // {\nconst b = `x${ {c: "}"}.c }y`; /* } */ const r = /[}]/g;\n';
  const tokens = scanTypeScript(src);
  assertEquals(tokens.map((t) => t.text).join(""), src);
  assertEquals(
    tokens.filter((t) => t.kind === "punct" && (t.text === "{" || t.text === "}")).length,
    0,
  );
  assertEquals(tokens.find((t) => t.kind === "regex")?.text, "/[}]/g");
  // Division is not a regex.
  assert(!scanTypeScript("const x = a / b / c;").some((t) => t.kind === "regex"));
});

Deno.test("source: overloads, getters, private members and generics", () => {
  const src = [
    "export function f(a: string): string;",
    "export function f(a: number): number;",
    "export function f(a: unknown): unknown {",
    "  return a;",
    "}",
    "class K<T extends { a: 1 }> {",
    "  #x = 1;",
    "  get value(): T | { b: 2 } {",
    "    return { b: 2 };",
    "  }",
    "  map<U>(fn: (t: T) => U): Array<{ u: U }> {",
    "    return [];",
    "  }",
    "}",
  ].join("\n");
  const f = findDeclaration(src, "f")!;
  assertStringIncludes(src.slice(f.start, f.end), "return a;");
  assertEquals(declaredNames(src, "K"), ["#x", "value", "map"]);
  const value = findDeclaration(src, "K.value")!;
  assert(src.slice(value.start, value.end).endsWith("return { b: 2 };\n  }"));
  const map = findDeclaration(src, "K.map")!;
  assert(src.slice(map.start, map.end).endsWith("return [];\n  }"));
});

Deno.test("source: every declaration and class member of lib/ is found and ends where it should", async () => {
  const problems: string[] = [];
  const walk = async (dir: URL, prefix: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) await walk(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`);
      if (!e.isFile || !e.name.endsWith(".ts")) continue;
      const text = await Deno.readTextFile(new URL(e.name, dir));
      for (const name of declaredNames(text)) {
        for (const symbol of [name, ...declaredNames(text, name).map((m) => `${name}.${m}`)]) {
          const r = findDeclaration(text, symbol);
          const code = r && text.slice(r.start, r.end);
          if (!code || !/[};]$/.test(code)) problems.push(`${prefix}${e.name}: ${symbol}`);
        }
      }
    }
  };
  await walk(LIB, "");
  assertEquals(problems, []);
});

Deno.test("source: highlighted lines escape HTML and keep one span per line", () => {
  const lines = highlightedLines("/** a\n * <b> */\nconst s = `x\ny`;");
  assertEquals(lines.length, 4);
  assert(
    lines.every((l) => (l.match(/<span/g) ?? []).length === (l.match(/<\/span>/g) ?? []).length),
  );
  assertStringIncludes(lines[1], "&lt;b&gt;");
});

Deno.test("source: SourceListing numbers its lines from firstLine", () => {
  const listing = new SourceListing("lib/x.ts", "f", 9, "function f() {\n  return 1;\n}");
  assertEquals(listing.lastLine, 11);
  assertEquals(listing.toString().split("\n").at(-1), "11  }");
  assertEquals(listing.title, "lib/x.ts, lines 9–11: f");
});
