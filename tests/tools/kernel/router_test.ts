import { assertEquals, assertMatch } from "@std/assert";
import { MARK } from "../../../tools/kernel/hooks.ts";
import { type Arrival, CellRouter } from "../../../tools/kernel/router.ts";

let clock = 0;

/** An iopub (or shell) message with `parent` as its parent id. */
function msg(
  parent: string,
  msg_type: string,
  // deno-lint-ignore no-explicit-any
  content: any = {},
  metadata: Record<string, unknown> = {},
  channel: "iopub" | "shell" = "iopub",
): Arrival {
  return {
    channel,
    at: ++clock,
    msg: {
      header: {
        msg_id: `m${clock}`,
        session: "s",
        username: "u",
        date: "",
        msg_type,
        version: "5.3",
      },
      parent_header: { msg_id: parent },
      metadata,
      content,
    },
  };
}

const busy = (p: string) => msg(p, "status", { execution_state: "busy" });
const idle = (p: string) => msg(p, "status", { execution_state: "idle" });
const input = (p: string, n: number) => msg(p, "execute_input", { execution_count: n });
const reply = (p: string) => msg(p, "execute_reply", { status: "ok" }, {}, "shell");
const out = (p: string, text: string) => msg(p, "stream", { name: "stdout", text });
const result = (p: string, n: number, text: string) =>
  msg(p, "execute_result", { execution_count: n, data: { "text/plain": text }, metadata: {} });

/** Runs cell `p` (execution `n`) from busy to idle, with `inner` messages in between. */
function run(r: CellRouter, p: string, n: number, inner: Arrival[] = []): void {
  for (const m of [busy(p), input(p, n), ...inner, reply(p), idle(p)]) r.dispatch(m);
}

Deno.test("router: outputs go to the cell named by their parent id, with a timeline", () => {
  const r = new CellRouter(true);
  const [a, b] = [r.add("a", 0), r.add("b", 0)];
  run(r, "a", 1, [out("a", "from a\n")]);
  run(r, "b", 2, [
    msg("b", "display_data", {
      data: { "text/plain": "p0" },
      metadata: {},
      transient: { display_id: "p" },
    }),
    msg("b", "update_display_data", {
      data: { "text/plain": "p1" },
      metadata: {},
      transient: { display_id: "p" },
    }),
    result("b", 2, "2"),
  ]);
  assertEquals(a.outputs, [{ output_type: "stream", name: "stdout", text: "from a\n" }]);
  assertEquals(b.outputs.map((o) => o.output_type), ["display_data", "execute_result"]);
  assertEquals(b.displays.map((d) => [d.msgType, d.displayId]), [
    ["display_data", "p"],
    ["update_display_data", "p"],
  ]);
  assertEquals([a.finished, b.finished, a.executionCount, b.executionCount], [true, true, 1, 2]);
  assertEquals(a.busyAt! < a.idleAt! && a.idleAt! < b.busyAt!, true);
  assertEquals(r.problems, []);
});

Deno.test("router (strict): an output after its cell's idle is a late output of that cell", () => {
  const r = new CellRouter(true);
  const a = r.add("a", 0);
  r.add("b", 0);
  run(r, "a", 1);
  r.dispatch(out("a", "line 8\n"));
  assertEquals(r.problems.map((p) => [p.kind, p.cell, p.output]), [
    ["late", 0, 'stream stdout "line 8\\n"'],
  ]);
  assertMatch(r.problems[0].detail, /after the cell's idle/);
  // Kept under its own cell for the executed notebook.
  assertEquals(a.outputs.length, 1);
});

Deno.test("router (strict): output of another cell is named, however it is stamped", () => {
  const r = new CellRouter(true);
  r.add("a", 0);
  r.add("b", 0);
  run(r, "a", 1);
  // Stamped with b's id before b started: b cannot have produced it.
  r.dispatch(out("b", "early\n"));
  // Stamped with b's id while b runs, but it is the result of execution 1.
  run(r, "b", 2, [result("b", 1, "'result of 1'")]);
  assertEquals(r.problems.map((p) => [p.kind, p.cell]), [["foreign", 1], ["foreign", 1]]);
  assertMatch(r.problems[0].detail, /before the cell had started/);
  assertMatch(r.problems[1].detail, /execution 1, not of this cell \(execution 2\)/);
});

Deno.test("router (strict): output during the runner's own request, or of unknown origin, is stray", () => {
  const r = new CellRouter(true);
  const a = r.add("a", 0);
  run(r, "a", 1);
  r.addInternal("flush");
  r.dispatch(out("flush", "after the last cell\n"));
  r.dispatch(out("somebody-else", "?\n"));
  assertEquals(r.problems.map((p) => [p.kind, p.cell]), [["stray", 0], ["stray", 0]]);
  assertMatch(r.problems[0].detail, /after the last cell had finished/);
  assertMatch(r.problems[1].detail, /unknown parent message id "somebody-else"/);
  assertEquals(a.outputs.length, 1);
});

Deno.test("router: uncaught errors go to their cell (or the last one) and are not routing problems", () => {
  const r = new CellRouter(true);
  const [a, b] = [r.add("a", 0), r.add("b", 0)];
  run(r, "a", 1);
  run(r, "b", 2);
  const error = { ename: "TypeError", evalue: "boom", traceback: ["TypeError: boom"] };
  r.dispatch(msg("a", "error", error, { [MARK]: "uncaught-error" }));
  r.addInternal("flush");
  r.dispatch(msg("flush", "error", error, { [MARK]: "unhandled-rejection" }));
  r.dispatch(msg("flush", "display_data", { data: {} }, { [MARK]: "flush" }));
  assertEquals(a.uncaught.map((e) => e.kind), ["uncaught-error"]);
  assertEquals(b.uncaught.map((e) => e.kind), ["unhandled-rejection"]);
  assertEquals(a.outputs.map((o) => o.output_type), ["error"]);
  assertEquals(r.internal.get("flush")?.flushed, true);
  assertEquals(r.problems, []);
});

Deno.test("router (lenient): late outputs still land under their own cell, with no problem", () => {
  const r = new CellRouter(false);
  const [a, b] = [r.add("a", 0), r.add("b", 0)];
  run(r, "a", 1, [out("a", "1\n")]);
  r.dispatch(busy("b"));
  r.dispatch(out("a", "2\n")); // a's late line arrives while b runs
  run(r, "b", 2);
  assertEquals(a.outputs, [{ output_type: "stream", name: "stdout", text: "1\n2\n" }]);
  assertEquals(b.outputs, []);
  assertEquals(r.problems, []);
});
