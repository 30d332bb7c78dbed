import { assertEquals, assertRejects } from "@std/assert";
import { readFileWith, temporaryPath, writeFileAtomic } from "../../lib/io/_files.ts";

async function listing(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("writeFileAtomic: a failed rename leaves the old file and no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/taken`;
    await Deno.mkdir(path); // a non-empty directory: renaming a file over it fails
    await Deno.writeTextFile(`${path}/keep`, "old");
    await assertRejects(() => writeFileAtomic(path, new Uint8Array([1, 2])));
    assertEquals(await listing(dir), ["taken"]);
    assertEquals(await Deno.readTextFile(`${path}/keep`), "old");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeFileAtomic: a stale temporary file it cannot remove is named", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/model.safetensors`;
    await Deno.mkdir(temporaryPath(path));
    await Deno.writeTextFile(`${temporaryPath(path)}/x`, "");
    await assertRejects(
      () => writeFileAtomic(path, new Uint8Array([1])),
      Error,
      `cannot remove the stale temporary file ${path}.partial`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readFileWith puts the path in front of a decoding error, keeping its class", async () => {
  const path = await Deno.makeTempFile();
  try {
    await assertRejects(
      () =>
        readFileWith(path, () => {
          throw new SyntaxError("bad header");
        }),
      SyntaxError,
      `${path}: bad header`,
    );
    await assertRejects(() => readFileWith(`${path}.none`, () => 0), Deno.errors.NotFound);
  } finally {
    await Deno.remove(path);
  }
});
