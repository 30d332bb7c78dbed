/**
 * The numbers-in-prose check on small notebooks made up here (the course
 * run applies it to the real ones, in course_run_test.ts).
 */

import { assertEquals } from "@std/assert";
import type { Cell, Notebook } from "../../tools/nbformat.ts";
import { checkedProse, numbersIn, uncheckedNumbers, withoutExercises } from "./_prose_numbers.ts";

function md(text: string): Cell {
  return { cell_type: "markdown", metadata: {}, source: text } as Cell;
}

function code(source: string, printed = ""): Cell {
  return {
    cell_type: "code",
    metadata: {},
    source,
    execution_count: 1,
    outputs: printed ? [{ output_type: "stream", name: "stdout", text: printed }] : [],
  } as Cell;
}

function notebook(...cells: Cell[]): Notebook {
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 } as Notebook;
}

const texts = (nb: Notebook) => uncheckedNumbers(nb).map((u) => u.text);

Deno.test("prose numbers: a number printed before it passes, to the precision the prose gives", () => {
  const nb = notebook(
    code("console.log(loss)", "held-out loss 2.4373 nats, 10,112 parameters, 1.02e+19\n"),
    md(
      "The loss is 2.44 (2.437 to three places), with 10,112 parameters; ReLU reaches $1.0 \\cdot 10^{19}$.",
    ),
  );
  assertEquals(texts(nb), []);
  assertEquals(texts(notebook(code("x", "2.4373\n"), md("The loss is 2.45."))), ["2.45"]);
});

Deno.test("prose numbers: a number printed only after it, or never, is reported with its cell", () => {
  const nb = notebook(md("Training reaches 3.02 bits."), code("run()", "3.02\n"));
  assertEquals(uncheckedNumbers(nb).map((u) => [u.cell, u.text]), [[0, "3.02"]]);
});

Deno.test("prose numbers: prose may name the settings of the code cell right after it", () => {
  const nb = notebook(
    md("We train for 512,000 characters with 128 hidden units, then read the loss 2.74."),
    code("train({ tokens: 512_000, hiddenSize: 128 })", "loss 2.743\n"),
  );
  assertEquals(texts(nb), ["2.74"]);
});

Deno.test("prose numbers: constants of the text are not checked", () => {
  const nb = notebook(
    md(
      [
        "# 04 · Backpropagation (Williams and Peng, 1990; §10.2.1 of the book)",
        "",
        "1. Step 3 of 10 uses float32 and a 6-gram, see [the paper](https://x.org/1706.03762).",
        "",
        "$$L = \\tfrac{1}{4}(0 + \\ln 2) \\approx 0.173, \\quad 123.4$$",
        "",
        "Inline math keeps its exponents out: $h_{t-17}$, $x^{30}$, `seqLength: 64`.",
      ].join("\n"),
    ),
  );
  assertEquals(texts(nb), []);
});

Deno.test("prose numbers: exercises set questions, their numbers are not results", () => {
  const state = { now: false };
  assertEquals(
    withoutExercises("Result 3.5.\n## Exercises\n1. Use 20 units.", state),
    "Result 3.5.",
  );
  assertEquals(state.now, true);
  // The next cell is still inside the exercises, until a heading that is not one.
  assertEquals(
    withoutExercises("With 40 inputs.\n## Summary\nIt was 3.5.", state),
    "## Summary\nIt was 3.5.",
  );
  const nb = notebook(code("x", "3.5\n"), md("## Exercise 1\nWith 20 units and 1.25 steps."));
  assertEquals(texts(nb), []);
});

Deno.test("prose numbers: the parser reads thousands, decimals, powers of ten and millions", () => {
  const values = numbersIn(
    checkedProse(
      "10,112 and 3.3 $\\cdot$ and $3.3 \\cdot 10^{-16}$, $10^{-9}$, 1.19 million, 2.43e+2",
    ),
  )
    .map((n) => n.value);
  assertEquals(values.length, 6);
  assertEquals(values[0], 10112);
  assertEquals(values[2], 3.3e-16);
  assertEquals(values[3], 1e-9);
  assertEquals(values[4], 1.19e6);
  assertEquals(values[5], 243);
});
