import { assert, assertEquals, assertThrows } from "@std/assert";
import { firstNames, type NameList } from "../../../lib/data/corpora/names.ts";

Deno.test("first names: 4,951 female and 3,898 male, capitalised, no blanks", () => {
  const female = firstNames("female"), male = firstNames("male");
  assertEquals(female.length, 4951);
  assertEquals(male.length, 3898);
  assertEquals(female[0], "Aaren");
  for (const name of [...female, ...male]) {
    assert(/^[A-Z]/.test(name) && name === name.trim() && name !== "", JSON.stringify(name));
  }
});

Deno.test("first names: an unknown list is named", () => {
  assertThrows(() => firstNames("other" as NameList), RangeError, '"other"');
});
