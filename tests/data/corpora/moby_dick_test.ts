import { assert, assertEquals } from "@std/assert";
import { mobyDickChapters, mobyDickText } from "../../../lib/data/corpora/moby_dick.ts";

Deno.test("Moby-Dick: the whole novel, 1.19 M characters of 83 kinds", () => {
  const text = mobyDickText();
  assertEquals(text.length, 1_190_317);
  assertEquals(new Set(text).size, 83);
  assert(text.startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael."));
  assert(text.trimEnd().endsWith("rolled on as it rolled five thousand years ago."));
  assert(mobyDickText() === text, "the text is cached");
});

Deno.test("Moby-Dick: 135 chapters and the epilogue", () => {
  const chapters = mobyDickChapters();
  assertEquals(chapters.length, 136);
  assertEquals(chapters[0].chapter, 1);
  assertEquals(chapters[0].title, "Loomings.");
  assert(chapters[0].text.includes("Call me Ishmael."));
  assertEquals(chapters[135].chapter, 136);
  assert(chapters[135].text.startsWith("Epilogue"));
});
