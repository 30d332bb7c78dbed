import { assert, assertEquals, assertRejects } from "@std/assert";
import { CellTimeoutError, KernelClient } from "../../../tools/kernel/client.ts";
import type { CodeCell, Notebook } from "../../../tools/nbformat.ts";
import { runNotebook } from "../../../tools/run_notebook.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;
const RUNS = 5;
// Two kernels at a time: the race is about load, and it halves the wall time.
const CONCURRENCY = 2;

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

Deno.test({
  name: "client: no output is lost in repeated runs of a 15-cell notebook (output race)",
  async fn() {
    const runs: Notebook[] = [];
    const queue = Array.from({ length: RUNS }, (_, i) => i);
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (queue.shift() !== undefined) {
        const run = await runNotebook(`${FIXTURES}many_outputs.ipynb`);
        assertEquals(run.failure, undefined);
        runs.push(run.notebook);
      }
    }));
    assertEquals(runs.length, RUNS);
    for (const [r, nb] of runs.entries()) {
      const code = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
      assertEquals(code.length, 15);
      for (const [i, cell] of code.entries()) {
        const expected = cell.metadata.expected_outputs as string[];
        assertEquals(kinds(cell), expected, `run ${r}, code cell ${i}: ${cell.source}`);
      }
      // The 40-line loop arrives complete and in order.
      const loop = code.find((c) => String(c.source).includes("i < 40"))!;
      const text = loop.outputs[0].output_type === "stream" ? loop.outputs[0].text : "";
      assertEquals(text, Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(""));
      // The last cell's result is there (the output most often lost to the race).
      const last = code.at(-1)!.outputs.at(-1)!;
      assert(last.output_type === "execute_result" && "image/svg+xml" in last.data);
    }
  },
});

Deno.test("client: a cell over its time limit fails, and shutdown leaves no process", async () => {
  const kernel = await KernelClient.start({ cwd: FIXTURES });
  const pid = kernel.pid;
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
    await assertRejects(
      () => kernel.execute("await new Promise((r) => setTimeout(r, 10_000));", { timeoutMs: 300 }),
      CellTimeoutError,
      "0.3 s",
    );
  } finally {
    await kernel.shutdown();
  }
  assertEquals(alive(pid), false);
  await assertRejects(() => kernel.execute("1"), Error, "shut down");
});

Deno.test("client: a thrown error is reported with ename, evalue and an uncoloured traceback", async () => {
  await using kernel = await KernelClient.start({ cwd: FIXTURES });
  const r = await kernel.execute('throw new TypeError("bad shape 3x4")', { graceMs: 50 });
  assertEquals(r.status, "error");
  assertEquals(r.error?.ename, "TypeError");
  assertEquals(r.error?.evalue, "bad shape 3x4");
  assert(r.error!.traceback.every((l) => !l.includes("\x1b[")));
  assertEquals(r.outputs.at(-1)?.output_type, "error");
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
