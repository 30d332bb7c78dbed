/**
 * Stage directions and editorial notes in transcripts: `[Applause]`,
 * `(Laughter.)`, `[At this point, audience members responded.]`, footnotes,
 * page markers and speaker labels. They are not part of the speech, so PTB-style preprocessing
 * removes them.
 *
 * @module
 */

/** Audience reactions, in square brackets or parentheses, any case, with or without a period. */
const REACTIONS = /[[(]\s*(?:applause|laughter|laughs|cheers|boos)\s*[.!]?\s*[\])]/gi;

/**
 * Editorial notes in square brackets: descriptions of the scene
 * (`[At this point, …]`), footnotes (`[Footnote 1: …]`) and their markers
 * (`[1]`), page markers (`[p.2]`) and `[sic]`.
 */
const NOTES = /\[\s*(?:at this point\b[^\]]*|footnote\b[^\]]*|\d+|p\.\s*\d+|sic)\s*\]/gi;

/**
 * Speaker labels of transcripts: `The President.` where a turn begins (at the
 * start or after a sentence or a bracket), and an audience's interjection
 * (`Audience members. U.S.A.! U.S.A.!`) up to the President's next turn.
 */
const SPEAKERS =
  /(?<=^|[.!?\]]\s+)The President\.(?=\s)|\bAudience members?\.\s[^]*?(?=\bThe President\.)/g;

/**
 * Removes stage directions (`[Applause]`, `(Laughter.)`, `(applause)`,
 * `[laughs]`) and editorial notes (`[At this point, …]`, `[Footnote 1: …]`,
 * `[1]`, `[p.2]`, `[sic]`), each replaced by a space, and the speaker labels
 * of transcripts (`The President.` where a turn begins, an audience's
 * interjection `Audience members. U.S.A.!` up to the next turn). Other
 * brackets, such as an editor's inserted `[the States]`, keep their words.
 *
 * @example
 * ```ts
 * import { removeStageDirections } from "./stage_directions.ts";
 * const text = "We will win. [Applause] We must (Laughter.) act [sic] now.";
 * console.assert(removeStageDirections(text).replace(/\s+/g, " ") === "We will win. We must act now.");
 * ```
 */
export function removeStageDirections(text: string): string {
  return text.replace(REACTIONS, " ").replace(NOTES, " ").replace(SPEAKERS, " ");
}
