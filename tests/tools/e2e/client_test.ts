import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { CellTimeoutError, KernelClient } from "../../../tools/kernel/client.ts";
import type { CodeCell } from "../../../tools/nbformat.ts";
import { runNotebook } from "../../../tools/run_notebook.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie is dead
  } catch {
    return false;
  }
}

/** "stream:stdout" etc. for every output of `cell`. */
const kinds = (cell: CodeCell) => cell.outputs.map((o) => o.output_type);

Deno.test("client: no output is lost in a run of a 15-cell notebook (output race)", async () => {
  // tests/course/kernel_race_test.ts repeats this under load.
  const run = await runNotebook(`${FIXTURES}many_outputs.ipynb`);
  assertEquals(run.failure, undefined);
  const code = run.notebook.cells.filter((c): c is CodeCell => c.cell_type === "code");
  assertEquals(code.length, 15);
  for (const [i, cell] of code.entries()) {
    const expected = cell.metadata.expected_outputs as string[];
    assertEquals(kinds(cell), expected, `code cell ${i}: ${cell.source}`);
  }
  const loop = code.find((c) => String(c.source).includes("i < 40"))!;
  const text = loop.outputs[0].output_type === "stream" ? loop.outputs[0].text : "";
  assertEquals(text, Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(""));
  const last = code.at(-1)!.outputs.at(-1)!;
  assert(last.output_type === "execute_result" && "image/svg+xml" in last.data);
});

Deno.test("client: the time limit covers output that keeps coming; abort leaves no process", async () => {
  const kernel = await KernelClient.start({ cwd: FIXTURES });
  const pid = kernel.pid;
  const conn = kernel.connectionFile;
  try {
    assert(alive(pid));
    const ok = await kernel.execute("1 + 1", { graceMs: 50 });
    assertEquals(ok.outputs, [
      {
        output_type: "execute_result",
        execution_count: 1,
        data: { "text/plain": "2" },
        metadata: {},
      },
    ]);
    // The cell replies at once; its timer prints every 20 ms forever. (A grace of 1 s: on a
    // loaded machine the timer can fall silent for more than the default 0.3 s.)
    const e = await assertRejects(
      () =>
        kernel.execute('setInterval(() => console.log("x"), 20);', {
          timeoutMs: 3000,
          graceMs: 1000,
        }),
      CellTimeoutError,
      "timed out after 3 s (output was still arriving after the cell had finished)",
    );
    const outputs = (e as CellTimeoutError).record!.outputs;
    assert(outputs.some((o) => o.output_type === "stream" && o.text.startsWith("x\n")));
    assertEquals(processesWith(`jupyter --kernel --conn ${conn}`).length, 1);
  } finally {
    await kernel.abort();
  }
  assertEquals(alive(pid), false);
  assertEquals(processesWith(`jupyter --kernel --conn ${conn}`), []);
  await assertRejects(() => kernel.execute("1"), Error, "shut down");
});

Deno.test("client: each way a cell fails is reported with its reason", async () => {
  // --expose-gc lets a cell force the garbage collection that makes the kernel's
  // inspector lose a cell's result ("Execution failed" with no reason before).
  await using kernel = await KernelClient.start({
    cwd: FIXTURES,
    env: { DENO_V8_FLAGS: "--expose-gc" },
  });
  const thrown = await kernel.execute('throw new TypeError("bad shape 3x4")', { graceMs: 50 });
  assertEquals([thrown.status, thrown.error?.ename, thrown.error?.evalue], [
    "error",
    "TypeError",
    "bad shape 3x4",
  ]);
  assert(thrown.error!.traceback.every((l) => !l.includes("\x1b[")));
  assertEquals(thrown.outputs.at(-1)?.output_type, "error");

  const syntax = await kernel.execute("const ok = 1;\nconst broken = ;", { graceMs: 50 });
  assertEquals(syntax.error?.ename, "SyntaxError");
  assertEquals(syntax.error?.evalue, "Expression expected (line 2, column 16 of the cell)");

  const collected = await kernel.execute("queueMicrotask(() => gc());\n1", { graceMs: 50 });
  assertEquals(collected.error?.kind, "kernel");
  assertStringIncludes(collected.error!.evalue, 'inspector reported "Promise was collected"');
  assertStringIncludes(collected.error!.stderr!, "CDP response has null result");

  const timer = await kernel.execute(
    'setTimeout(() => { throw new Error("in a timer"); }, 20);\nawait new Promise((r) => setTimeout(r, 300));',
    { graceMs: 50 },
  );
  assertEquals([timer.status, timer.error?.kind, timer.error?.evalue], [
    "error",
    "uncaught-error",
    "in a timer",
  ]);
  const rejection = await kernel.execute(
    'Promise.reject(new RangeError("never handled"));\nawait new Promise((r) => setTimeout(r, 100));',
    { graceMs: 50 },
  );
  assertEquals([rejection.error?.kind, rejection.error?.evalue], [
    "unhandled-rejection",
    "never handled",
  ]);
  // The kernel still works, and counts only the cells (not the runner's own code).
  const after = await kernel.execute("6 * 7", { graceMs: 50 });
  assertEquals([after.status, after.executionCount], ["ok", 6]);
});

/** Pids of processes whose command line mentions `needle`. */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ");
      if (cmd.includes(needle) && alive(Number(e.name))) pids.push(Number(e.name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

Deno.test("client: a runner killed with SIGKILL leaves no kernel behind", async () => {
  const script = `import { KernelClient } from "${new URL(
    "../../../tools/kernel/client.ts",
    import.meta.url,
  )}";
const k = await KernelClient.start({ cwd: ${JSON.stringify(FIXTURES)} });
console.log(k.connectionFile);
await new Promise(() => {});`;
  const runner = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const w = runner.stdin.getWriter();
  await w.write(new TextEncoder().encode(script));
  await w.close();
  const reader = runner.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const { value: line } = await reader.read();
  const connFile = (line ?? "").trim();
  assert(connFile.endsWith("connection.json"), `runner printed "${line}"`);
  const kernels = processesWith(`jupyter --kernel --conn ${connFile}`);
  assertEquals(kernels.length, 1);
  runner.kill("SIGKILL");
  await runner.status;
  await reader.cancel();
  for (let i = 0; i < 50 && alive(kernels[0]); i++) await new Promise((r) => setTimeout(r, 100));
  assertEquals(alive(kernels[0]), false, "the kernel outlived its killed runner");
  await Deno.remove(connFile.replace(/\/connection\.json$/, ""), { recursive: true });
});
