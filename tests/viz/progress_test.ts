import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import type { MimeBundle } from "../../lib/viz/display.ts";
import { Progress } from "../../lib/viz/progress.ts";
import { labelWidth } from "./_xml.ts";

/** A fake clock the test moves by hand. */
function clock() {
  const c = { t: 1000, now: () => c.t };
  return c;
}

Deno.test("in a display sink: one display, then updates of the same id, throttled", async () => {
  const calls: { bundle: MimeBundle; id: string; update: boolean }[] = [];
  const c = clock();
  const p = new Progress({
    total: 100,
    title: "Char RNN",
    now: c.now,
    intervalMs: 250,
    sink: {
      display: (bundle, o) => {
        calls.push({ bundle, ...o });
      },
    },
  });
  assertEquals(p.update({ step: 1, loss: 4.2 }), true); // first update always draws
  c.t += 100;
  assertEquals(p.update({ step: 2, loss: 4.0 }), false); // throttled
  c.t += 200;
  assertEquals(p.update({ step: 3, loss: 3.8, tokensPerSecond: 12345 }), true);
  c.t += 10;
  p.update({ step: 4, loss: 3.7 });
  await p.done({ step: 100, loss: 1.5 });
  assertEquals(calls.length, 3);
  assertEquals(calls.map((x) => x.update), [false, true, true]);
  assertEquals(new Set(calls.map((x) => x.id)), new Set([p.id]));
  assertStringIncludes(calls[1].bundle["text/plain"], "3/100");
  assertStringIncludes(calls[1].bundle["text/plain"], "12.3k tok/s");
  // The final state: all steps, the final loss, a sparkline of the history.
  const final = calls[2].bundle;
  assertStringIncludes(final["text/plain"], "100/100 100%");
  assertStringIncludes(final["text/plain"], "loss 1.5");
  assertStringIncludes(final["text/html"]!, "Char RNN");
  assertStringIncludes(final["text/html"]!, "done");
  assertStringIncludes(final["text/html"]!, "<polyline");
  assertEquals(p.history.map((h) => h.step), [1, 2, 3, 4, 100]);
  assertThrows(() => p.update({ step: 5 }), Error, "done");
});

Deno.test("flush() and done() settle only once the sink has sent every display", async () => {
  const sent: (() => void)[] = [];
  const c = clock();
  const p = new Progress({
    total: 3,
    now: c.now,
    sink: { display: () => new Promise<void>((resolve) => sent.push(resolve)) },
  });
  p.update({ step: 1, loss: 2 });
  let flushed = false;
  const flushing = p.flush().then(() => (flushed = true));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assertEquals(flushed, false, "the first display has not left yet");
  sent[0]();
  await flushing;
  let finished = false;
  const finishing = p.done({ step: 3, loss: 1 }).then(() => (finished = true));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assertEquals([sent.length, finished], [2, false]);
  sent[1]();
  await finishing;
});

Deno.test("a display that fails does not fail flush() or done()", async () => {
  const p = new Progress({
    total: 1,
    now: clock().now,
    sink: { display: () => Promise.reject(new Error("front end gone")) },
  });
  p.update({ step: 0 });
  await p.flush();
  await p.done({ step: 1 });
});

Deno.test("terminal (TTY): the line is rewritten with \\r and ends with a newline", async () => {
  const out: string[] = [];
  const c = clock();
  const p = new Progress({ total: 10, now: c.now, write: (s) => out.push(s), isTTY: true });
  c.t += 1000;
  p.update({ step: 5, loss: 2.34567, tokensPerSecond: 2500, gradNorm: 0.5 });
  c.t += 1000;
  await p.done({ step: 10, loss: 2 });
  assertEquals(out.length, 2);
  assert(out.every((s) => s.startsWith("\r")));
  assertEquals(
    out[0],
    "\rTraining [##########----------] 5/10 50% | loss 2.346 | 2.5k tok/s | gradNorm 0.5 | 0:01 elapsed | ETA 0:01\x1b[K",
  );
  assert(out[1].endsWith("\n"));
  assert(out[1].endsWith(`[${"#".repeat(20)}] 10/10 100% | loss 2 | 0:02 elapsed\x1b[K\n`), out[1]);
});

Deno.test("terminal (not a TTY): plain lines at most every lineIntervalMs, plus the final one", async () => {
  const out: string[] = [];
  const c = clock();
  const p = new Progress({
    total: 1000,
    now: c.now,
    write: (s) => out.push(s),
    isTTY: false,
    lineIntervalMs: 10_000,
  });
  for (let step = 1; step <= 1000; step++) {
    c.t += 50; // 50 s in all: about five plain lines
    p.update({ step, loss: 1 });
  }
  await p.done();
  assert(out.length >= 5 && out.length <= 6, `${out.length} lines`);
  assert(out.every((s) => s.endsWith("\n") && !s.includes("\r")));
  assertStringIncludes(out.at(-1)!, "1000/1000 100%");
});

Deno.test("Progress rejects a bad total and out-of-range steps", () => {
  assertThrows(() => new Progress({ total: 0, write: () => {} }), RangeError, "got 0");
  const p = new Progress({ total: 5, write: () => {}, isTTY: false });
  assertThrows(() => p.update({ step: 6 }), RangeError, "[0, 5], got 6");
  assertThrows(() => p.update({ step: 1.5 }), RangeError, "got 1.5");
});

Deno.test("the sparkline leaves room for its longest labels (1.854e-4 was clipped to .854e-4)", async () => {
  let html = "";
  const p = new Progress({
    total: 3,
    sink: { display: (bundle) => void (html = bundle["text/html"] ?? "") },
  });
  p.update({ step: 1, loss: 1.235e5 });
  p.update({ step: 2, loss: 3 });
  await p.done({ step: 3, loss: 1.854e-4 });
  // Both labels are right-aligned at x: their text must fit left of x, inside the SVG.
  const labels = [...html.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>([^<]+)</g)]
    .map((m) => ({ x: Number(m[1]), text: m[2] }));
  assertEquals(labels.map((l) => l.text), ["1.235e+5", "1.854e-4"]);
  for (const { x, text } of labels) {
    const width = labelWidth(text);
    assert(x - width >= 0, `"${text}" needs ${width} px left of x = ${x}`);
  }
});
