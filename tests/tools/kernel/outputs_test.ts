import { assertEquals } from "@std/assert";
import { OutputCollector } from "../../../tools/kernel/outputs.ts";
import type { Message } from "../../../tools/kernel/wire.ts";
import type { Output } from "../../../tools/nbformat.ts";

// deno-lint-ignore no-explicit-any
function msg(msg_type: string, content: any): Message {
  return {
    header: { msg_id: "m", session: "s", username: "u", date: "", msg_type, version: "5.3" },
    parent_header: { msg_id: "p" },
    metadata: {},
    content,
  };
}

Deno.test("outputs: consecutive streams of one name merge, others do not", () => {
  const c = new OutputCollector();
  const out: Output[] = [];
  c.apply(out, msg("stream", { name: "stdout", text: "a\n" }));
  c.apply(out, msg("stream", { name: "stdout", text: "b\n" }));
  c.apply(out, msg("stream", { name: "stderr", text: "e\n" }));
  c.apply(out, msg("stream", { name: "stdout", text: "c\n" }));
  assertEquals(out, [
    { output_type: "stream", name: "stdout", text: "a\nb\n" },
    { output_type: "stream", name: "stderr", text: "e\n" },
    { output_type: "stream", name: "stdout", text: "c\n" },
  ]);
});

Deno.test("outputs: update_display_data rewrites earlier outputs across cells; transient is dropped", () => {
  const c = new OutputCollector();
  const cell1: Output[] = [];
  const cell2: Output[] = [];
  c.apply(
    cell1,
    msg("display_data", {
      data: { "text/plain": "v1" },
      metadata: {},
      transient: { display_id: "d" },
    }),
  );
  c.apply(
    cell1,
    msg("display_data", {
      data: { "text/plain": "other" },
      metadata: {},
      transient: { display_id: "e" },
    }),
  );
  c.apply(
    cell2,
    msg("update_display_data", {
      data: { "text/plain": "v2" },
      metadata: {},
      transient: { display_id: "d" },
    }),
  );
  assertEquals(cell2, []);
  assertEquals(cell1, [
    { output_type: "display_data", data: { "text/plain": "v2" }, metadata: {} },
    { output_type: "display_data", data: { "text/plain": "other" }, metadata: {} },
  ]);
});

Deno.test("outputs: execute_result, error and clear_output", () => {
  const c = new OutputCollector();
  const out: Output[] = [];
  c.apply(out, msg("stream", { name: "stdout", text: "x" }));
  c.apply(out, msg("clear_output", { wait: true }));
  assertEquals(out.length, 1); // wait: cleared only when the next output comes
  c.apply(
    out,
    msg("execute_result", { execution_count: 3, data: { "text/plain": "3" }, metadata: {} }),
  );
  c.apply(out, msg("error", { ename: "E", evalue: "v", traceback: ["t"] }));
  assertEquals(out, [
    {
      output_type: "execute_result",
      execution_count: 3,
      data: { "text/plain": "3" },
      metadata: {},
    },
    { output_type: "error", ename: "E", evalue: "v", traceback: ["t"] },
  ]);
  c.apply(out, msg("clear_output", { wait: false }));
  assertEquals(out, []);
  assertEquals(c.apply(out, msg("status", { execution_state: "idle" })), false);
});
