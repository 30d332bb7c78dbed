import { assertEquals, assertNotEquals, assertRejects } from "@std/assert";
import {
  decodeMessage,
  DELIMITER,
  encodeMessage,
  makeHeader,
  Signer,
} from "../../../tools/kernel/wire.ts";

const enc = new TextEncoder();

Deno.test("wire: signature is HMAC-SHA256 hex over header, parent, metadata, content", async () => {
  const signer = await Signer.create("key");
  // Reference computed independently with WebCrypto over the concatenation.
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode("key"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode("abcd")));
  const hex = Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  assertEquals(await signer.sign(["a", "b", "c", "d"]), hex);
  assertEquals(await (await Signer.create("")).sign(["a"]), "");
});

Deno.test("wire: encode then decode round-trips and checks the signature", async () => {
  const signer = await Signer.create("secret");
  const header = makeHeader("execute_request", "s1");
  const frames = await encodeMessage(signer, {
    header,
    parent_header: {},
    metadata: {},
    content: { code: "1" },
  });
  assertEquals(frames[0], DELIMITER);
  // A router identity in front of the delimiter is kept as identities.
  const bytes = [enc.encode("id-1"), ...frames.map((f) => enc.encode(f))];
  const msg = await decodeMessage(signer, bytes);
  assertEquals(msg.header, header);
  assertEquals(msg.content, { code: "1" });
  assertEquals(new TextDecoder().decode(msg.identities![0]), "id-1");
  const other = await Signer.create("other");
  await assertRejects(() => decodeMessage(other, bytes), Error, "Bad message signature");
  await assertRejects(() => decodeMessage(signer, bytes.slice(0, 3)), Error, "Malformed");
});

Deno.test("wire: headers have fresh ids and protocol 5.3", () => {
  const a = makeHeader("kernel_info_request", "s");
  const b = makeHeader("kernel_info_request", "s");
  assertNotEquals(a.msg_id, b.msg_id);
  assertEquals(a.version, "5.3");
});
