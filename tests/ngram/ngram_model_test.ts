import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { bitsPerToken, NGramModel, perplexity, type Smoothing } from "../../lib/mod.ts";
import { Random } from "../../lib/random.ts";
import { mobyDickText } from "../../lib/data/corpora/moby_dick.ts";
import { Vocabulary } from "../../lib/data/vocab.ts";

// "abracadabra" with a = 0, b = 1, r = 2, c = 3, d = 4, and an unseen e = 5.
const A = 0, B = 1, R = 2, C = 3, D = 4, E = 5;
const abracadabra = [A, B, R, A, C, A, D, A, B, R, A];
const V = 6;

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

Deno.test("add-k on abracadabra, by hand", () => {
  const m = NGramModel.train(abracadabra, { order: 2, smoothing: "add-k", k: 0.5, vocabSize: V });
  // a is followed by b twice, c once, d once (the last a by nothing): 4 bigrams.
  assertAlmostEquals(m.prob([A], B), (2 + 0.5) / (4 + 0.5 * V), 1e-12);
  assertAlmostEquals(m.prob([A], A), (0 + 0.5) / (4 + 0.5 * V), 1e-12);
  assertAlmostEquals(m.prob([R], A), (2 + 0.5) / (2 + 0.5 * V), 1e-12);
  // An unseen context gives the uniform distribution.
  assertAlmostEquals(m.prob([E], A), 1 / V, 1e-12);
  // No context (start of a stream): unigram counts, 5 a's in 11 tokens.
  assertAlmostEquals(m.prob([], A), (5 + 0.5) / (11 + 0.5 * V), 1e-12);
  // Only the last order − 1 tokens of a longer context matter.
  assertEquals(m.prob([C, D, A], B), m.prob([A], B));
});

Deno.test("interpolated Kneser–Ney with one discount on abracadabra, by hand", () => {
  const d = 0.75;
  const m = NGramModel.train(abracadabra, { order: 2, discount: d, vocabSize: V });
  // Unigrams use continuation counts: a follows r, c and d; b, r, c, d follow one symbol each.
  assertEquals([A, B, R, C, D, E].map((w) => m.continuationCount([w])), [3, 1, 1, 1, 1, 0]);
  const N = 7; // Σ_w N₁₊(• w)
  const gamma0 = (d * 5) / N; // five distinct symbols have a continuation count
  const p1 = (n: number) => Math.max(n - d, 0) / N + gamma0 / V;
  assertAlmostEquals(m.prob([], A), p1(3), 1e-12);
  assertAlmostEquals(m.prob([], B), p1(1), 1e-12);
  assertAlmostEquals(m.prob([], E), gamma0 / V, 1e-12);
  // Bigrams use counts: after a come b (2), c (1), d (1), Σ = 4, three kinds.
  const gammaA = (d * 3) / 4;
  assertAlmostEquals(m.prob([A], B), (2 - d) / 4 + gammaA * p1(1), 1e-12);
  assertAlmostEquals(m.prob([A], C), (1 - d) / 4 + gammaA * p1(1), 1e-12);
  assertAlmostEquals(m.prob([A], A), gammaA * p1(3), 1e-12);
  assertAlmostEquals(m.prob([A], E), gammaA * gamma0 / V, 1e-12);
  // After r only a (twice).
  assertAlmostEquals(m.prob([R], A), (2 - d) / 2 + (d * 1) / 2 * p1(3), 1e-12);
  // An unseen context falls through to the unigrams.
  assertAlmostEquals(m.prob([E], A), p1(3), 1e-12);
});

Deno.test("modified Kneser–Ney with three discounts on abracadabra, by hand", () => {
  const [d1, d2, d3] = [0.5, 1.0, 1.5];
  const m = NGramModel.train(abracadabra, { order: 2, discount: [d1, d2, d3], vocabSize: V });
  const disc = (c: number) => c === 0 ? 0 : c === 1 ? d1 : c === 2 ? d2 : d3;
  // Continuations a: 3, b, r, c, d: 1 each → N₁ = 4, N₃₊ = 1, Σ = 7.
  const gamma0 = (d1 * 4 + d3 * 1) / 7;
  const p1 = (n: number) => (n - disc(n)) / 7 + gamma0 / V;
  assertAlmostEquals(m.prob([], A), p1(3), 1e-12);
  assertAlmostEquals(m.prob([], D), p1(1), 1e-12);
  // After a: b twice (N₂ = 1), c and d once (N₁ = 2), Σ = 4.
  const gammaA = (d1 * 2 + d2 * 1) / 4;
  assertAlmostEquals(m.prob([A], B), (2 - d2) / 4 + gammaA * p1(1), 1e-12);
  assertAlmostEquals(m.prob([A], D), (1 - d1) / 4 + gammaA * p1(1), 1e-12);
  assertAlmostEquals(m.prob([A], E), gammaA * gamma0 / V, 1e-12);
});

Deno.test("Kneser–Ney discounts estimated from count-of-counts (Chen & Goodman)", () => {
  const m = NGramModel.train(abracadabra, { order: 2, vocabSize: V });
  // Bigram counts ab 2, br 2, ra 2, ac 1, ca 1, ad 1, da 1: n₁ = 4, n₂ = 3, n₃ = n₄ = 0.
  const Y = 4 / (4 + 2 * 3);
  const order2 = m.discounts(2);
  assertAlmostEquals(order2[0], 1 - 2 * Y * 3 / 4, 1e-12);
  assertAlmostEquals(order2[1], 2 - 3 * Y * 0 / 3, 1e-12);
  assertAlmostEquals(order2[2], Y, 1e-12, "n₃ = 0: the fallback Y");
  // Unigram continuation counts 3, 1, 1, 1, 1: n₁ = 4, n₂ = 0, n₃ = 1, n₄ = 0 → Y = 1.
  const order1 = m.discounts(1);
  assertAlmostEquals(order1[0], 1 - 2 * 1 * 0 / 4, 1e-12);
  assertAlmostEquals(order1[1], 1, 1e-12, "n₂ = 0: the fallback Y");
  assertAlmostEquals(order1[2], 3 - 4 * 1 * 0 / 1, 1e-12);
  assertEquals([m.types(1), m.types(2)], [5, 7]);
  assertEquals([m.count([A, B]), m.count([B, A]), m.count([A]), m.tokenCount], [2, 0, 5, 11]);
});

/** A direct transcription of the formulas with string-keyed maps, to check the trie against. */
function referenceModel(ids: number[], n: number, vocabSize: number, smoothing: Smoothing) {
  const count = new Map<string, number>();
  const key = (g: number[]) => g.join(",");
  for (let i = 0; i < ids.length; i++) {
    for (let k = 1; k <= n && k <= i + 1; k++) {
      const g = key(ids.slice(i - k + 1, i + 1));
      count.set(g, (count.get(g) ?? 0) + 1);
    }
  }
  const ngrams = [...count.keys()].map((s) => s.split(",").map(Number));
  // N₁₊(• g) for g shorter than n: distinct x with c(x g) > 0.
  const continuation = new Map<string, number>();
  for (const g of ngrams) {
    if (g.length >= 2) {
      const suffix = key(g.slice(1));
      continuation.set(suffix, (continuation.get(suffix) ?? 0) + 1);
    }
  }
  const value = (g: number[]) =>
    g.length === n ? count.get(key(g)) ?? 0 : continuation.get(key(g)) ?? 0;
  const discounts: number[][] = [[]];
  for (let o = 1; o <= n; o++) {
    const nr = [0, 0, 0, 0, 0];
    for (const g of ngrams) if (g.length === o && value(g) <= 4) nr[value(g)]++;
    const Y = nr[1] > 0 ? nr[1] / (nr[1] + 2 * nr[2]) : 0.5;
    const d = [Y, Y, Y];
    for (let r = 1; r <= 3; r++) {
      const D = nr[r] > 0 ? r - (r + 1) * Y * nr[r + 1] / nr[r] : NaN;
      if (D > 0 && D <= r) d[r - 1] = D;
    }
    discounts.push(d);
  }
  const pKN = (h: number[], w: number): number => {
    const lower = h.length === 0 ? 1 / vocabSize : pKN(h.slice(1), w);
    let total = 0, gammaSum = 0;
    const D = discounts[h.length + 1];
    for (let v = 0; v < vocabSize; v++) {
      const c = value([...h, v]);
      total += c;
      if (c > 0) gammaSum += D[Math.min(c, 3) - 1];
    }
    if (total === 0) return lower;
    const c = value([...h, w]);
    return (c > 0 ? c - D[Math.min(c, 3) - 1] : 0) / total + (gammaSum / total) * lower;
  };
  return (context: number[], w: number): number => {
    const h = context.slice(Math.max(0, context.length - n + 1));
    if (smoothing === "kneser-ney") return pKN(h, w);
    let total = 0;
    for (let v = 0; v < vocabSize; v++) total += count.get(key([...h, v])) ?? 0;
    return ((count.get(key([...h, w])) ?? 0) + 1) / (total + vocabSize);
  };
}

Deno.test("the trie model matches a direct transcription of the formulas", () => {
  const rng = new Random(5);
  // A skewed random stream over 7 symbols, with symbol 7 never seen.
  const ids = Array.from({ length: 400 }, () => Math.min(rng.int(8), rng.int(8), 6));
  for (const smoothing of ["kneser-ney", "add-k"] as const) {
    for (const order of [1, 2, 3, 4]) {
      const model = NGramModel.train(ids, { order, smoothing, vocabSize: 8 });
      const reference = referenceModel(ids, order, 8, smoothing);
      for (let trial = 0; trial < 30; trial++) {
        const start = rng.int(ids.length - 4);
        const context = trial % 3 === 0
          ? Array.from({ length: rng.int(4) }, () => rng.int(8)) // often unseen
          : ids.slice(start, start + rng.int(4));
        const w = rng.int(8);
        assertAlmostEquals(model.prob(context, w), reference(context, w), 1e-12);
      }
    }
  }
});

Deno.test("probabilities sum to 1 over the vocabulary, for seen and unseen contexts", () => {
  const rng = new Random(11);
  const text = mobyDickText().slice(0, 30_000);
  const vocab = Vocabulary.fromText(text);
  const ids = vocab.encode(text);
  const V = vocab.size + 3; // three symbols never seen in training
  for (const smoothing of ["kneser-ney", "add-k"] as const) {
    for (const order of [1, 2, 3, 5]) {
      const model = NGramModel.train(ids, { order, smoothing, vocabSize: V });
      for (let trial = 0; trial < 20; trial++) {
        const start = rng.int(ids.length - 6);
        const context = trial % 2 === 0
          ? ids.slice(start, start + rng.int(6))
          : Array.from({ length: rng.int(6) }, () => rng.int(V));
        const p = model.distribution(context);
        assertAlmostEquals(sum(p), 1, 1e-9, `${smoothing} order ${order}, context ${context}`);
        for (const x of p) assert(x > 0, "every symbol has some probability");
      }
    }
  }
});

Deno.test("on Moby-Dick: higher orders fit the training text better, Kneser–Ney beats add-1 on held-out text", () => {
  const text = mobyDickText();
  const vocab = Vocabulary.fromText(text);
  const train = vocab.encode(text.slice(0, 200_000));
  const heldOut = vocab.encode(text.slice(300_000, 320_000));
  let previous = Infinity;
  for (const order of [1, 2, 3, 4, 5]) {
    const kn = NGramModel.train(train, { order, vocabSize: vocab.size });
    const onTrain = kn.crossEntropy(train.subarray(0, 20_000));
    assert(onTrain < previous, `order ${order}: ${onTrain} ≥ ${previous}`);
    previous = onTrain;
    if (order >= 3) {
      const add1 = NGramModel.train(train, { order, smoothing: "add-k", vocabSize: vocab.size });
      const knHeld = kn.crossEntropy(heldOut), add1Held = add1.crossEntropy(heldOut);
      assert(knHeld < add1Held, `order ${order}: KN ${knHeld} ≥ add-1 ${add1Held}`);
    }
  }
});

Deno.test("cross-entropy is the mean negative log-probability, from the stream's own start", () => {
  const m = NGramModel.train(abracadabra, { order: 3, vocabSize: V });
  const stream = [A, B, R, E];
  const expected = -(Math.log(m.prob([], A)) + Math.log(m.prob([A], B)) +
    Math.log(m.prob([A, B], R)) + Math.log(m.prob([B, R], E))) / 4;
  assertAlmostEquals(m.crossEntropy(stream), expected, 1e-12);
  assertAlmostEquals(perplexity(Math.log(7)), 7, 1e-12);
  assertAlmostEquals(bitsPerToken(Math.log(8)), 3, 1e-12);
});

Deno.test("sampling follows the distribution and is seeded", () => {
  const m = NGramModel.train(abracadabra, { order: 3, discount: 0.1, vocabSize: V });
  const a = m.generate(new Random(3), [A, B], 20), b = m.generate(new Random(3), [A, B], 20);
  assertEquals(a, b);
  // After "a b", r has almost all the probability.
  let r = 0;
  const rng = new Random(4);
  for (let i = 0; i < 200; i++) if (m.sample(rng, [A, B]) === R) r++;
  assert(r > 150, `${r} of 200`);
});

Deno.test("bad input is named", () => {
  assertThrows(() => NGramModel.train([0, 1], { order: 0 }), RangeError, "order");
  assertThrows(() => NGramModel.train([0, 5], { order: 2, vocabSize: 3 }), RangeError, "id 5");
  assertThrows(
    () => NGramModel.train([0, 1], { order: 2, smoothing: "witten-bell" as Smoothing }),
    RangeError,
    '"witten-bell"',
  );
  assertThrows(() => NGramModel.train([0, 1], { order: 2, discount: 1.5 }), RangeError, "1.5");
  assertThrows(
    () => NGramModel.train([0, 1], { order: 2, discount: [0.5, 2.5, 1] }),
    RangeError,
    "D2",
  );
  const m = NGramModel.train([0, 1, 2], { order: 2 });
  assertThrows(() => m.prob([0], 3), RangeError, "id 3");
  assertThrows(() => m.crossEntropy([]), RangeError, "no tokens");
  assertThrows(() => m.discounts(3), RangeError, "[1, 2]");
});
