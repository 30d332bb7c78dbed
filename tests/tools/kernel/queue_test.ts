import { assertEquals } from "@std/assert";
import { AsyncQueue } from "../../../tools/kernel/queue.ts";

Deno.test("queue: delivers in order, wakes a waiting consumer, times out", async () => {
  const q = new AsyncQueue<number>();
  q.push(1);
  q.push(2);
  assertEquals(await q.next(10), 1);
  assertEquals(await q.next(10), 2);
  const waiting = q.next(1000);
  q.push(3);
  assertEquals(await waiting, 3);
  assertEquals(await q.next(5), undefined);
  assertEquals(await q.next(0), undefined);
});
