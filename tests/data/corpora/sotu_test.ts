import { assert, assertEquals } from "@std/assert";
import { stateOfTheUnion } from "../../../lib/data/corpora/sotu.ts";

Deno.test("State of the Union: 233 addresses from 1790 to 2021, in order", () => {
  const addresses = stateOfTheUnion();
  assertEquals(addresses.length, 233);
  assertEquals(addresses[0].year, 1790);
  assertEquals(addresses[0].name, "George Washington");
  assertEquals(addresses[0].party, "none");
  assertEquals(addresses[addresses.length - 1].year, 2021);
  for (let i = 1; i < addresses.length; i++) assert(addresses[i - 1].year <= addresses[i].year);
  const words = addresses.reduce((n, a) => n + a.text.split(/\s+/).length, 0);
  assert(words > 1_700_000 && words < 1_900_000, `${words} words`);
  assert(addresses.every((a) => a.text.length > 1000 && a.name !== "" && a.party !== ""));
});
