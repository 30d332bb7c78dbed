import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  acousticNeighbours,
  type CmuEntry,
  rescoreNBest,
  simulateNBest,
  tuneLmWeight,
} from "../../lib/mod.ts";

const dictionary: CmuEntry[] = [
  ["TO", "T UW1"],
  ["TWO", "T UW1"],
  ["TOO", "T UW1"],
  ["TOOTH", "T UW1 TH"],
  ["SIT", "S IH1 T"],
  ["SET", "S EH1 T"],
  ["SEAT", "S IY1 T"],
  ["DOWN", "D AW1 N"],
  ["DOWN", "D AW1 N"], // a duplicate entry: the first one counts
].map(([word, phones]) => ({ word, variant: 0, phonemes: phones.split(" ") }));
const words = ["to", "two", "too", "tooth", "sit", "set", "seat", "down", "<unk>"];

Deno.test("acousticNeighbours: within one phoneme edit, nearest first, none for unknown words", () => {
  const { neighbours, pronunciations } = acousticNeighbours(words, dictionary);
  const names = (w: number) => Array.from(neighbours[w], (v) => words[v]);
  assertEquals(names(0), ["two", "too", "tooth"]); // homophones (0 edits) before "tooth" (1)
  assertEquals(names(4), ["set", "seat"]);
  assertEquals(names(7), []);
  assertEquals(pronunciations[8], undefined);
  assertEquals(names(8), []);
  assertEquals(pronunciations[4], ["S", "IH", "T"]);
});

Deno.test("simulateNBest: the reference and distinct sound-alike alternatives, seeded", () => {
  const sounds = acousticNeighbours(words, dictionary);
  const reference = Int32Array.of(4, 0, 7, 8); // sit to down <unk>
  const [list] = simulateNBest([reference], sounds, { size: 8, seed: 3 });
  const keys = list.hypotheses.map((h) => h.words.join());
  assertEquals(new Set(keys).size, keys.length, "no hypothesis twice");
  assertEquals(keys[0], reference.join());
  for (const h of list.hypotheses) {
    assertEquals(h.words[2], 7, "a word without neighbours is never swapped");
    assertEquals(h.words[3], 8);
    assertEquals(h.errors, h.words.reduce((n, w, i) => n + (w === reference[i] ? 0 : 1), 0));
  }
  const again = simulateNBest([reference], sounds, { size: 8, seed: 3 })[0];
  assertEquals(again.hypotheses.map((h) => h.acoustic), list.hypotheses.map((h) => h.acoustic));
  // Without noise the acoustics rank hypotheses by phoneme edits: the reference is best or tied.
  const [quiet] = simulateNBest([reference], sounds, { size: 8, seed: 3, noise: 0 });
  assertEquals(Math.max(...quiet.hypotheses.map((h) => h.acoustic)), 0);
  // A sentence with nothing to swap has a list of one.
  assertEquals(simulateNBest([Int32Array.of(7, 8)], sounds)[0].hypotheses.length, 1);
});

Deno.test("rescoreNBest and tuneLmWeight: a model that prefers the reference lowers the errors", () => {
  const sounds = acousticNeighbours(words, dictionary);
  const references = Array.from({ length: 30 }, (_, i) => Int32Array.of(i % 2 ? 4 : 5, 0, 6, 3));
  const lists = simulateNBest(references, sounds, { size: 10, noise: 3, seed: 1 });
  // An oracle-ish model: log P = −5 × errors.
  const lm = lists.map((l) => l.hypotheses.map((h) => -5 * h.errors));
  const acoustic = rescoreNBest(lists, lm, 0);
  assert(acoustic.wer > 0, "noisy acoustics alone make mistakes");
  const weight = tuneLmWeight(lists, lm);
  assertEquals(rescoreNBest(lists, lm, weight).errors, 0);
  assertEquals(acoustic.words, 120);
  assertThrows(() => rescoreNBest(lists, lm.slice(1), 1), RangeError, "29 score lists for 30");
  assertThrows(() => rescoreNBest(lists.slice(0, 1), [[0]], 1), RangeError, "list 0 has");
});
