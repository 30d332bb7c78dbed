import { assertEquals } from "@std/assert";
import { findDuplicateKey } from "../../lib/io/_json_keys.ts";

Deno.test("findDuplicateKey finds a repeated key and the path to its object", () => {
  assertEquals(findDuplicateKey('{"a":1,"a":2}'), { key: "a", path: [] });
  assertEquals(findDuplicateKey('{"a":{"b":{"c":1,"c":2}}}'), { key: "c", path: ["a", "b"] });
  // Inside an array, the path stops at the array's key.
  assertEquals(findDuplicateKey('{"a":[1,{"x":1,"x":2}]}'), { key: "x", path: ["a"] });
  assertEquals(findDuplicateKey('[{"k":0},{"k":1,"k":1}]'), { key: "k", path: [] });
  assertEquals(findDuplicateKey('{"\\u00e9":1,"é":2}')?.key, "é");
});

Deno.test("findDuplicateKey ignores values, sibling objects and escaped quotes", () => {
  for (
    const text of [
      "{}",
      "[]",
      '{"a":"a","b":"a"}',
      '{"a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}',
      '{"a\\"":1,"a":2,"s":"\\\\","t":"}{,\\"a\\":"}',
      ' { "a" : [ ] , "b" : { } , "c" : null , "d" : -1.5e3 , "e" : true } ',
    ]
  ) {
    JSON.parse(text); // every case is valid JSON
    assertEquals(findDuplicateKey(text), undefined, text);
  }
});
