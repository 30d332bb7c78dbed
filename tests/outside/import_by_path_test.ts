/**
 * The engine is usable from outside this repository: a script in a fresh
 * temporary folder (no deno.json, no import map) imports `lib/mod.ts` by path
 * and trains the hello model. CI runs it as part of `deno task test`.
 */

import { assertEquals, assertStringIncludes } from "@std/assert";

const mod = new URL("../../lib/mod.ts", import.meta.url).href;

Deno.test("a script in another folder imports lib/mod.ts by path and trains the hello model", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rnn-outside-" });
  try {
    await Deno.writeTextFile(
      `${dir}/hello.ts`,
      `import { lineChart, trainHello } from ${JSON.stringify(mod)};\n` +
        `const { spelled, history } = await trainHello({ progress: false });\n` +
        `const chart = lineChart({ title: "loss", y: "nats", values: history.map((r) => r.loss) });\n` +
        `console.log(spelled, chart.kind);\n`,
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", "hello.ts"],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    assertEquals(code, 0, text(stderr));
    assertStringIncludes(text(stdout), "hello html"); // a titled chart is a <figure>
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
