import { assert, assertEquals } from "@std/assert";
import {
  cmuDict,
  cmuPhones,
  parseCmuDict,
  withoutStress,
} from "../../../lib/data/corpora/cmudict.ts";

Deno.test("CMU dictionary: primary pronunciations by default, variants on request", () => {
  const primary = cmuDict();
  const all = cmuDict({ variants: true });
  assertEquals(all.length, 133_784);
  assertEquals(primary.length, 133_784 - 8_779);
  assert(primary.every((e) => e.variant === 0));
  assertEquals(new Set(primary.map((e) => e.word)).size, primary.length, "one entry per word");
  const cat = primary.find((e) => e.word === "CAT");
  assertEquals(cat?.phonemes, ["K", "AE1", "T"]);
  const a = all.filter((e) => e.word === "A");
  assertEquals(a.map((e) => [e.variant, e.phonemes.join(" ")]), [[0, "AH0"], [1, "EY1"]]);
});

Deno.test("CMU dictionary: every phoneme is one of the 39 phones, with stress on vowels", () => {
  const phones = cmuPhones();
  assertEquals(phones.length, 39);
  assertEquals(phones.filter((p) => p.kind === "vowel").length, 15);
  const vowels = new Set(phones.filter((p) => p.kind === "vowel").map((p) => p.phone));
  const known = new Set(phones.map((p) => p.phone));
  for (const entry of cmuDict({ variants: true })) {
    for (const p of entry.phonemes) {
      const bare = withoutStress([p])[0];
      assert(known.has(bare), `${entry.word}: ${p}`);
      assertEquals(vowels.has(bare), /[0-2]$/.test(p), `${entry.word}: ${p}`);
    }
  }
});

Deno.test("CMU dictionary parser: comments skipped, variants numbered", () => {
  const entries = parseCmuDict(";;; a comment\nREAD  R IY1 D\nREAD(1)  R EH1 D\n\n");
  assertEquals(entries, [
    { word: "READ", variant: 0, phonemes: ["R", "IY1", "D"] },
    { word: "READ", variant: 1, phonemes: ["R", "EH1", "D"] },
  ]);
});
