import { assertEquals } from "@std/assert";
import { scanImports } from "../../lib/check/classroom/imports.ts";
import { tokenize } from "../../lib/check/classroom/lexer.ts";

const summary = (source: string) =>
  scanImports(source).imports.map((r) =>
    `${r.line}:${r.specifier}:${r.names === "*" ? "*" : r.names.join("+")}${
      r.typeOnly ? ":type" : ""
    }${r.dynamic ? ":dynamic" : ""}`
  );

Deno.test("scanImports reads named, renamed, type, namespace, default and side-effect imports", () => {
  const source = [
    'import type { RNNCellWeights } from "../lib/check/exercise_types.ts";',
    'import { type Matrix, zeros } from "../lib/core/matrix.ts";',
    'import { matmul as mm, addBias } from "../lib/core/ops.ts";',
    'import * as ops from "../lib/core/ops.ts";',
    'import RNN, { x } from "../lib/mod.ts";',
    'import "../lib/mod.ts";',
    'import {\n  type A,\n  type B,\n} from "./types.ts";',
  ].join("\n");
  assertEquals(summary(source), [
    "1:../lib/check/exercise_types.ts:RNNCellWeights:type",
    "2:../lib/core/matrix.ts:zeros",
    "3:../lib/core/ops.ts:matmul+addBias",
    "4:../lib/core/ops.ts:*",
    "5:../lib/mod.ts:*",
    "6:../lib/mod.ts:",
    "7:./types.ts::type",
  ]);
});

Deno.test("scanImports reads re-exports and literal dynamic imports, not declarations", () => {
  const source = [
    'export { RNNCell } from "../lib/layers/rnn_cell.ts";',
    'export * from "../lib/optim/clip.ts";',
    'export type { Q } from "../lib/x.ts";',
    "export const y = 1;",
    "export function f() {",
    '  return import("../lib/mod.ts");',
    "}",
  ].join("\n");
  assertEquals(summary(source), [
    "1:../lib/layers/rnn_cell.ts:RNNCell",
    "2:../lib/optim/clip.ts:*",
    "3:../lib/x.ts:Q:type",
    "6:../lib/mod.ts:*:dynamic",
  ]);
});

Deno.test("scanImports ignores comments, strings, templates and regexes that mention imports", () => {
  const source = [
    '// import { RNNCell } from "../lib/layers/rnn_cell.ts";',
    '/* import("../lib/mod.ts") */',
    "const s = \"import { x } from '../lib/mod.ts'\";",
    'const t = `${"a"} import { q } from "w"`;',
    'const r = /"import/g; const meta = import.meta.url;',
  ].join("\n");
  assertEquals(scanImports(source), { imports: [], suspicious: [] });
});

Deno.test("scanImports flags code that loads code the analysis cannot see", () => {
  const source = [
    "const m = await import(name);",
    'eval("1");',
    'const f = new Function("return 1");',
    'const w = new Worker(new URL("./w.ts", import.meta.url));',
    "obj.eval(1); // a method named eval is fine",
  ].join("\n");
  assertEquals(scanImports(source).suspicious.map((s) => `${s.line}:${s.what}`), [
    "1:import(…) with a computed specifier",
    "2:a call to eval",
    "3:Function(…) (code built from a string)",
    "4:a Worker",
  ]);
});

Deno.test("tokenize keeps line numbers across comments, strings and templates", () => {
  const tokens = tokenize("/* a\nb */ x\n`t\n${1}\n` y");
  assertEquals(tokens.map((t) => `${t.line}:${t.text}`), ["2:x", "3:`…`", "5:y"]);
});
