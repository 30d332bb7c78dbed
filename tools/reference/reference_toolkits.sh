#!/usr/bin/env bash
# Reproduces bench/reference_toolkits.md: KenLM's KN5, the course's KN5 and the original rnnlm
# 0.4b toolkit on data/sotu/. Not run by CI; it needs the two toolkits built outside the repo:
#
#   KenLM  (github.com/kpu/kenlm @ 4cb443e60b7bf2c0ddf3c745378f76cb59e254e5):
#     apt-get install build-essential cmake libboost-program-options-dev libboost-system-dev \
#       libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev
#     mkdir build && cd build && cmake .. -DCMAKE_BUILD_TYPE=Release && make -j2 lmplz query
#   rnnlm 0.4b (github.com/mspandit/rnnlm @ de634d096e5a9512caecf03fa8e9fa8fde036e15, the commit
#     that imports the 0.4b release; its makefile's flags, with g++ and -Wno-narrowing because
#     fastexp.h does not compile as C++11 otherwise):
#     make CC=g++ OPT_DEF=-Wno-narrowing
#
# Usage: tools/reference/reference_toolkits.sh [all|kenlm|ours|rnnlm|mix]
# Variables: KENLM_BIN, RNNLM (the binary), WORK (scratch directory for models and logs).
# rnnlm trains one model per variant for several minutes on one core; run nothing else meanwhile
# if the words/s matter.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
KENLM_BIN=${KENLM_BIN:-/work/ref/kenlm/build/bin}
RNNLM=${RNNLM:-/work/ref/rnnlm/rnnlm}
WORK=${WORK:-/work/ref/runs}
data=$repo/data/sotu
step=${1:-all}
mkdir -p "$WORK/kenlm" "$WORK/ours" "$WORK/rnnlm"

# KenLM's lmplz refuses <unk> in its input (it reserves the symbol, and also treats <UNK> as
# unknown), so it reads the files with <unk> renamed to a plain word, __unk__: the same model with
# <unk> scored as an ordinary word. query then finds no OOV, so its two perplexities agree.
kenlm() {
  cd "$WORK/kenlm"
  for split in train valid test; do sed 's/<unk>/__unk__/g' "$data/$split.txt" > "$split.txt"; done
  /usr/bin/time -f "lmplz: %e s wall, %M kB max RSS" \
    "$KENLM_BIN/lmplz" -o 5 -S 2G -T /tmp < train.txt > kn5.arpa 2> lmplz.log
  grep -E "^[0-9] |lmplz:" lmplz.log
  for split in valid test; do
    echo "KenLM KN5 $split:"
    "$KENLM_BIN/query" -v summary kn5.arpa < "$split.txt" 2> /dev/null | head -4
    # per-token probabilities (</s> included) for rnnlm -lm-prob
    "$KENLM_BIN/query" -v word kn5.arpa < "$split.txt" 2> /dev/null | tr '\t' '\n' |
      awk 'NF==3 && $1 ~ /=[0-9]+$/ {printf "%e\n", 10^$3}' > "$split.kn5prob"
  done
}

# The course's KN5 (KneserNeyLM), its ARPA file scored by KenLM's query as a cross-check.
ours() {
  (cd "$repo" && deno run --allow-read --allow-write tools/reference/kn5.ts --out "$WORK/ours")
  for split in valid test; do
    echo "KenLM query on our ARPA, $split:"
    "$KENLM_BIN/query" -v summary "$WORK/ours/kn5.arpa" < "$data/$split.txt" 2> /dev/null | head -2
  done
}

# rnnlm 0.4b with the paper's settings, seed 1: without and with -independent.
rnnlm() {
  cd "$WORK/rnnlm"
  for split in train valid test; do ln -sf "$data/$split.txt" "$split.txt"; done
  for variant in h100 h100i; do
    flags=""
    [ "$variant" = h100i ] && flags="-independent"
    rm -f "$variant" "$variant.output.txt"
    /usr/bin/time -f "$variant training: %e s wall, %M kB max RSS" \
      "$RNNLM" -train train.txt -valid valid.txt -rnnlm "$variant" -hidden 100 -rand-seed 1 \
      -debug 2 -class 100 -bptt 4 -bptt-block 10 $flags > "$variant.train.log" 2> "$variant.time"
    cat "$variant.time"
    tr '\r' '\n' < "$variant.train.log" | grep VALID
    for split in valid test; do
      echo "$variant $split: $("$RNNLM" -rnnlm "$variant" -test "$split.txt" | grep 'PPL net')"
    done
  done
}

# RNN + KN5 (KenLM's per-token probabilities): rnnlm -lm-prob -lambda 0.75 prints the mix, but
# it sums log-probabilities in single precision; the per-word output of -debug 2 is summed here in
# double precision, for λ = 0.75 (the RNN's weight) and for the λ of 0, 0.05, … 1 that is best on
# validation (then applied to test).
mix() {
  cd "$WORK/rnnlm"
  for variant in h100 h100i; do
    best=""
    for split in valid test; do
      "$RNNLM" -rnnlm "$variant" -test "$split.txt" -lm-prob "$WORK/kenlm/$split.kn5prob" \
        -lambda 0.75 -debug 2 > "$variant.$split.kn5.words"
      grep "PPL combine" "$variant.$split.kn5.words" | sed "s/^/$variant $split rnnlm's /"
      best=$(awk -F'\t' -v name="$variant $split" -v best="$best" 'NF==4 && $1 ~ /^[0-9]+$/ {
          n++; net += log($2); lm += log($3)
          for (i = 0; i <= 20; i++) c[i] += log(i / 20 * $2 + (1 - i / 20) * $3) }
        END {
          if (best == "") { best = 0; for (i = 0; i <= 20; i++) if (c[i] > c[best]) best = i }
          printf "%s: %d tokens, RNN %.3f, KN5 %.3f, RNN+KN5 λ=0.75 %.3f, λ=%.2f (best on valid) %.3f\n",
            name, n, exp(-net / n), exp(-lm / n), exp(-c[15] / n), best / 20, exp(-c[best] / n) > "/dev/stderr"
          print best }' "$variant.$split.kn5.words")
    done
  done
}

case "$step" in
  all) kenlm; ours; rnnlm; mix ;;
  kenlm | ours | rnnlm | mix) "$step" ;;
  *) echo "usage: $0 [all|kenlm|ours|rnnlm|mix]" >&2; exit 2 ;;
esac
