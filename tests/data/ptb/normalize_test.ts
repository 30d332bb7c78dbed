import { assertEquals } from "@std/assert";
import { normalizeTypography } from "../../../lib/data/ptb/normalize.ts";

Deno.test("normalizeTypography: curly quotes become straight quotes", () => {
  assertEquals(normalizeTypography("‘It’s’ “so” „far‟"), `'It's' "so" "far"`);
});

Deno.test("normalizeTypography: en and em dashes separate words, hyphen look-alikes join them", () => {
  assertEquals(normalizeTypography("peace—and war – now"), "peace -- and war -- now");
  assertEquals(normalizeTypography("well\u2011being, co\u2010op"), "well-being, co-op");
});

Deno.test("normalizeTypography: HTML entities of the transcripts are decoded", () => {
  assertEquals(normalizeTypography("&quot;free&quot;&mdash;R&amp;D"), `"free" -- R&D`);
});

Deno.test("normalizeTypography: a missing space after a sentence's period is restored", () => {
  assertEquals(normalizeTypography("our workers.We will"), "our workers. We will");
  assertEquals(normalizeTypography("why?I ask"), "why? I ask");
  // initials, decimals and domain names stay glued
  assertEquals(normalizeTypography("U.S. Ph.D 3.5 recovery.gov"), "U.S. Ph.D 3.5 recovery.gov");
});

Deno.test("normalizeTypography: ellipses, control characters and special spaces", () => {
  assertEquals(normalizeTypography("wait…\u0002now\u00a0then\tend"), "wait... now then end");
});
