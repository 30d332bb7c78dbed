import { assertEquals, assertMatch, assertThrows } from "@std/assert";
import { endpoint, freePorts, newConnectionInfo } from "../../../tools/kernel/connection.ts";

Deno.test("connection: free ports are distinct and bindable", () => {
  const ports = freePorts(5);
  assertEquals(new Set(ports).size, 5);
  const l = Deno.listen({ hostname: "127.0.0.1", port: ports[0] });
  l.close();
  assertThrows(() => freePorts(0), RangeError, "got 0");
});

Deno.test("connection: info has tcp transport, hmac-sha256 and a random key", () => {
  const a = newConnectionInfo();
  const b = newConnectionInfo();
  assertEquals(a.transport, "tcp");
  assertEquals(a.signature_scheme, "hmac-sha256");
  assertMatch(a.key, /^[0-9a-f]{64}$/);
  assertEquals(a.key === b.key, false);
  assertEquals(endpoint(a, 1234), "tcp://127.0.0.1:1234");
});
