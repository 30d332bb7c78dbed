#!/usr/bin/env bash
# Regenerates tests/ngram/fixtures/kenlm_tiny/ with KenLM (see its README.md).
# Usage: KENLM_BIN=/work/ref/kenlm/build/bin tools/reference/kenlm_fixture.sh
set -euo pipefail
KENLM_BIN=${KENLM_BIN:-/work/ref/kenlm/build/bin}
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/tests/ngram/fixtures/kenlm_tiny
# the first 80 sentences of valid.txt without <unk>, and the next 30
awk '!/<unk>/ && ++n <= 80' "$repo/data/sotu/valid.txt" > "$out/train.txt"
awk '!/<unk>/ && ++n > 80 && n <= 110' "$repo/data/sotu/valid.txt" > "$out/test.txt"
"$KENLM_BIN/lmplz" -o 5 -S 1G -T /tmp --discount_fallback < "$out/train.txt" > "$out/kenlm.arpa" 2> /tmp/kenlm_fixture_lmplz.log
grep -E "^[0-9] |Substituting" /tmp/kenlm_fixture_lmplz.log > "$out/lmplz_discounts.txt"
"$KENLM_BIN/query" -v summary "$out/kenlm.arpa" < "$out/test.txt" 2> /dev/null | head -4 > "$out/query_summary.txt"
echo "wrote $out"
