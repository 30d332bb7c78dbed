import { assertEquals, assertThrows } from "@std/assert";
import { parseCharLMArgs } from "../../tools/charlm.ts";

Deno.test("charlm: options with defaults, numbers checked, unknown names refused", () => {
  const a = parseCharLMArgs(["--cell", "gru", "--hidden", "128", "--resume", "x.safetensors"]);
  assertEquals([a.cell, a.hidden, a.epochs, a.lr, a.resume], [
    "gru",
    128,
    12,
    0.002,
    "x.safetensors",
  ]);
  assertThrows(() => parseCharLMArgs(["--hiden", "3"]), RangeError, "unknown option --hiden");
  assertThrows(() => parseCharLMArgs(["--lr", "-1"]), RangeError, "positive number");
  assertThrows(() => parseCharLMArgs(["--epochs"]), RangeError, "needs a value");
});
