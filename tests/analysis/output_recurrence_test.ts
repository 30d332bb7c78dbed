import { assert, assertEquals } from "@std/assert";
import { Adam, compareOnBinaryTasks } from "../../lib/mod.ts";

Deno.test("output recurrence solves running parity but not a delay of 2", async () => {
  const rows = await compareOnBinaryTasks({
    tasks: ["delay", "parity"],
    hiddenSize: 8,
    steps: 10,
    batchSize: 16,
    updates: 400,
    optimizer: () => new Adam({ lr: 0.02 }),
    testSequences: 200,
  });
  assertEquals(rows.map((r) => `${r.task}/${r.model}`), [
    "delay/hidden-state RNN",
    "delay/output recurrence",
    "parity/hidden-state RNN",
    "parity/output recurrence",
  ]);
  rows.forEach((r) => assertEquals(r.losses.length, 400));
  const get = (task: string, model: string) =>
    rows.find((r) => r.task === task && r.model === model)!;
  assert(get("delay", "output recurrence").finalLoss > 0.65, "delay must stay near ln 2");
  assert(get("delay", "output recurrence").accuracy < 0.56);
  assert(get("delay", "hidden-state RNN").accuracy > 0.95);
  assert(get("parity", "output recurrence").accuracy > 0.99);
  assert(get("parity", "output recurrence").freeRunningAccuracy > 0.99);
  const rnn = get("delay", "hidden-state RNN");
  assertEquals(rnn.freeRunningAccuracy, rnn.accuracy, "the RNN never reads its outputs");
});
