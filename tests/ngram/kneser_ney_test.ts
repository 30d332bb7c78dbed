import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { KneserNeyLM } from "../../lib/ngram/kneser_ney.ts";
import { Random } from "../../lib/random.ts";

// ids: 0 = </s>, then words; sentences as arrays of words.
const EOS = 0;
const stream = (sentences: number[][]) => sentences.flatMap((s) => [...s, EOS]);
const FALLBACK: [number, number, number] = [0.5, 1, 1.5];

Deno.test("KneserNeyLM: adjusted counts are continuation counts, raw counts after <s> and at the top", () => {
  // a=1 b=2 c=3: "a b", "c b", "a b", "b"
  const model = KneserNeyLM.train(stream([[1, 2], [3, 2], [1, 2], [2]]), {
    vocabSize: 4,
    eos: EOS,
    order: 3,
    discountFallback: FALLBACK,
  });
  const S = model.bos;
  assertEquals(model.count([2]), 4);
  assertEquals(model.adjustedCount([2]), 3, "b follows a, c and <s>");
  assertEquals(model.adjustedCount([1]), 1, "a follows <s> only");
  assertEquals(model.adjustedCount([EOS]), 1, "</s> follows b only");
  assertEquals(model.adjustedCount([1, 2]), 1, "a b follows <s> only");
  assertEquals(model.adjustedCount([S, 1]), 2, "<s> a: its raw count");
  assertEquals(model.adjustedCount([S, 1, 2]), 2, "the top order: raw counts");
  assertEquals(model.adjustedCount([2, EOS, S]), 0, "nothing spans a sentence end");
  assertEquals(model.types(1), 5, "a b c </s> and <s>");
  assertEquals(model.types(2), 6, "<s> a, <s> c, <s> b, a b, c b, b </s>");
});

Deno.test("KneserNeyLM: a bigram model by hand", () => {
  // a=1 b=2 c=3 d=4 (unseen): "a b", "a b", "c b", "a"
  const model = KneserNeyLM.train(stream([[1, 2], [1, 2], [3, 2], [1]]), {
    vocabSize: 5,
    eos: EOS,
    order: 2,
    discountFallback: FALLBACK,
  });
  // Unigram adjusted counts: a 1 (<s>), b 2 (a, c), c 1 (<s>), </s> 2 (b, a): Σ = 6,
  // n₁ = 2, n₂ = 2, n₃ = 0 → no valid discounts → fallback 0.5, 1, 1.5.
  assertEquals(model.discounts(1), FALLBACK);
  const g0 = (0.5 * 2 + 1 * 2) / 6, V = 5;
  const p1 = (a: number) => (a === 0 ? 0 : a - (a === 1 ? 0.5 : 1)) / 6 + g0 / V;
  // After b only </s> (3 times): γ(b) = 1.5 · 1 / 3; d is unseen everywhere.
  assertAlmostEquals(model.prob([3, 1, 2, 1, 2], 4), (1.5 / 3) * p1(0), 1e-15);
  // Bigrams (raw counts): <s> a 3, <s> c 1, a b 2, c b 1, b </s> 3, a </s> 1:
  // n₁ = 3, n₂ = 1, n₃ = 2, n₄ = 0: Y = 3/5, D₁ = 1 − 2·0.6/3 = 0.6, D₂ = 2 − 3·0.6·2 = −1.6 → fallback.
  assertEquals(model.discounts(2), FALLBACK);
  // After a: b (2), </s> (1); Σ = 3; γ(a) = (1·1 + 0.5·1) / 3.
  const gA = (1 * 1 + 0.5 * 1) / 3;
  assertAlmostEquals(model.prob([1], 2), (2 - 1) / 3 + gA * p1(2), 1e-15);
  assertAlmostEquals(model.prob([1], EOS), (1 - 0.5) / 3 + gA * p1(2), 1e-15);
  assertAlmostEquals(model.prob([1], 3), gA * p1(1), 1e-15);
  // After <s>: a (3), c (1); Σ = 4; γ(<s>) = (1.5 + 0.5) / 4.
  const gS = (1.5 * 1 + 0.5 * 1) / 4;
  assertAlmostEquals(model.prob([], 1), (3 - 1.5) / 4 + gS * p1(1), 1e-15);
  assertAlmostEquals(model.prob([], 2), gS * p1(2), 1e-15, "b never starts a sentence");
});

/** A corpus of random sentences over `words` words with a skewed distribution (ids 1 … words). */
function randomSentences(rng: Random, count: number, words: number): number[][] {
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 1 + Math.floor(rng.uniform() * 8) },
      () => 1 + Math.floor(words * rng.uniform() ** 2),
    ));
}

Deno.test("KneserNeyLM: probabilities sum to 1 over the vocabulary for random contexts", () => {
  const rng = new Random(7);
  const V = 30; // 28 words seen at most, </s>, and ids never seen
  const train = stream(randomSentences(rng, 400, 26));
  for (const order of [1, 2, 3, 5]) {
    const model = KneserNeyLM.train(train, {
      vocabSize: V,
      eos: EOS,
      order,
      discountFallback: FALLBACK,
    });
    for (let trial = 0; trial < 20; trial++) {
      const history = Array.from(
        { length: Math.floor(rng.uniform() * 6) },
        () => 1 + Math.floor(rng.uniform() * 28),
      );
      let sum = 0;
      for (let w = 0; w < V; w++) sum += model.prob(history, w);
      assertAlmostEquals(sum, 1, 1e-12, `order ${order}, history ${history}`);
    }
  }
});

/**
 * The interpolated formula computed directly from counts kept in string maps,
 * independently of the model's trie and backoff-form storage (order ≥ 2).
 */
function referenceModel(sentences: number[][], order: number, V: number) {
  const S = -1, counts = new Map<string, number>(), left = new Map<string, Set<number>>();
  for (const s of sentences) {
    const tokens = [S, ...s, EOS];
    for (let i = 1; i < tokens.length; i++) {
      for (let n = 1; n <= order && i - n + 1 >= 0; n++) {
        const key = tokens.slice(i - n + 1, i + 1).join();
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (tokens[i - n + 1] === S) continue; // nothing before <s>
        if (!left.has(key)) left.set(key, new Set());
        left.get(key)!.add(tokens[i - n]);
      }
    }
  }
  const ngrams = [...counts.keys()].map((k) => k.split(",").map(Number));
  const a = (g: number[]) =>
    g.length === order || g[0] === S ? counts.get(g.join()) ?? 0 : left.get(g.join())?.size ?? 0;
  const discounts = [[0, 0, 0]];
  for (let n = 1; n <= order; n++) {
    const nr = [0, 0, 0, 0, 0];
    for (const g of ngrams) if (g.length === n && a(g) <= 4) nr[a(g)]++;
    const Y = nr[1] / (nr[1] + 2 * nr[2]);
    const d = [1 - 2 * Y * nr[2] / nr[1], 2 - 3 * Y * nr[3] / nr[2], 3 - 4 * Y * nr[4] / nr[3]];
    discounts.push(d.every((x, i) => x >= 0 && x <= i + 1) ? d : FALLBACK);
  }
  const D = (n: number, c: number) => c === 0 ? 0 : discounts[n][Math.min(c, 3) - 1];
  return (history: number[], w: number) => {
    const context = [S, ...history].slice(-(order - 1));
    let p = 1 / V;
    for (let j = 0; j <= context.length; j++) {
      const h = context.slice(context.length - j).join();
      const followers = ngrams.filter((g) => g.length === j + 1 && g.slice(0, j).join() === h);
      const total = followers.reduce((sum, g) => sum + a(g), 0);
      if (total === 0) continue; // an unseen context
      const gamma = followers.reduce((sum, g) => sum + D(j + 1, a(g)), 0) / total;
      const hw = [...context.slice(context.length - j), w];
      p = (a(hw) - D(j + 1, a(hw))) / total + gamma * p;
    }
    return p;
  };
}

Deno.test("KneserNeyLM: matches the interpolated formula computed from counts", () => {
  const rng = new Random(11);
  const sentences = randomSentences(rng, 120, 12);
  const V = 15;
  for (const order of [2, 3, 4]) {
    const model = KneserNeyLM.train(stream(sentences), {
      vocabSize: V,
      eos: EOS,
      order,
      discountFallback: FALLBACK,
    });
    const reference = referenceModel(sentences, order, V);
    for (let trial = 0; trial < 25; trial++) {
      const history = sentences[trial].slice(0, rng.int(sentences[trial].length + 1));
      if (trial % 5 === 0) history.push(13); // an id never seen
      const w = rng.int(V);
      assertAlmostEquals(model.prob(history, w), reference(history, w), 1e-12, `${history} → ${w}`);
    }
  }
});

Deno.test("KneserNeyLM: logProbs scores each sentence of a stream from <s>, evaluate sums them", () => {
  const rng = new Random(3);
  const sentences = randomSentences(rng, 200, 10);
  const model = KneserNeyLM.train(stream(sentences), {
    vocabSize: 12,
    eos: EOS,
    order: 3,
    discountFallback: FALLBACK,
  });
  const test = randomSentences(rng, 5, 11);
  const lp = model.logProbs(stream(test));
  let i = 0, sum = 0;
  for (const s of test) {
    for (let k = 0; k <= s.length; k++) {
      const expected = model.logProb(s.slice(0, k), k < s.length ? s[k] : EOS);
      assertAlmostEquals(lp[i++], expected, 1e-14);
      sum += expected;
    }
  }
  assertEquals(i, lp.length);
  const e = model.evaluate(stream(test));
  assertEquals(e.tokens, lp.length);
  assertAlmostEquals(e.logProb, sum, 1e-9);
  assertAlmostEquals(e.perplexity, Math.exp(-sum / lp.length), 1e-9);
});

Deno.test("KneserNeyLM: only the last order − 1 words of a long history matter", () => {
  const rng = new Random(5);
  const sentences = randomSentences(rng, 300, 8);
  const model = KneserNeyLM.train(stream(sentences), {
    vocabSize: 10,
    eos: EOS,
    order: 3,
    discountFallback: FALLBACK,
  });
  assertEquals(model.prob([5, 6, 1, 2], 3), model.prob([7, 1, 2], 3));
});

Deno.test("KneserNeyLM: errors name the offending value", () => {
  const ids = stream([[1, 2], [2]]);
  assertThrows(
    () => KneserNeyLM.train(ids, { vocabSize: 3, eos: 0, order: 0 }),
    RangeError,
    "got 0",
  );
  assertThrows(() => KneserNeyLM.train(ids, { vocabSize: 3, eos: 3 }), RangeError, "id 3");
  assertThrows(
    () => KneserNeyLM.train([1, 7, 0], { vocabSize: 3, eos: 0 }),
    RangeError,
    "id 7 at position 1",
  );
  assertThrows(() => KneserNeyLM.train([], { vocabSize: 3, eos: 0 }), RangeError, "no tokens");
  assertThrows(() => KneserNeyLM.train(ids, { vocabSize: 1.5, eos: 0 }), RangeError, "got 1.5");
  assertThrows(
    () => KneserNeyLM.train(ids, { vocabSize: 3, eos: 0, discountFallback: [0.5, 2.5, 1] }),
    RangeError,
    "got [0.5, 2.5, 1]",
  );
  assertThrows(
    () => KneserNeyLM.train(ids, { vocabSize: 3, eos: 0, order: 2 }),
    RangeError,
    "discountFallback",
  );
  const model = KneserNeyLM.train(ids, {
    vocabSize: 3,
    eos: 0,
    order: 2,
    discountFallback: FALLBACK,
  });
  assertThrows(() => model.prob([1, 0], 2), RangeError, "</s> (id 0) at position 1");
  assertThrows(() => model.prob([1], 3), RangeError, "id 3");
  assertThrows(() => model.discounts(3), RangeError, "got 3");
});
