import { assertEquals, assertThrows } from "@std/assert";
import { encodeSentences, frequencyOrder, sotuPTB, WordClasses } from "../../lib/mod.ts";

/**
 * Words per class of the toolkit's model `rnnlm -train data/sotu/train.txt
 * -class 100 …` (rnnlm 0.4b, the class column of its vocabulary listing).
 */
const TOOLKIT_CLASS_SIZES = [
  3,
  3,
  5,
  6,
  7,
  8,
  10,
  11,
  14,
  14,
  17,
  18,
  19,
  22,
  23,
  24,
  26,
  26,
  29,
  29,
  32,
  32,
  34,
  34,
  36,
  38,
  39,
  40,
  42,
  42,
  44,
  46,
  47,
  48,
  49,
  51,
  52,
  54,
  55,
  57,
  58,
  60,
  61,
  63,
  65,
  67,
  68,
  70,
  73,
  74,
  75,
  78,
  80,
  82,
  84,
  88,
  89,
  92,
  94,
  97,
  99,
  103,
  104,
  108,
  111,
  113,
  117,
  119,
  124,
  126,
  130,
  133,
  138,
  141,
  144,
  150,
  153,
  157,
  162,
  167,
  171,
  177,
  180,
  189,
  191,
  200,
  204,
  212,
  221,
  220,
  238,
  242,
  241,
  265,
  270,
  270,
  272,
  312,
  312,
  311,
];

Deno.test("WordClasses: the toolkit's 100 classes of data/sotu, word for word", () => {
  const corpus = sotuPTB();
  const train = encodeSentences(corpus.train, corpus.vocabulary);
  const order = frequencyOrder(train, corpus.vocabulary);
  const classes = WordClasses.fromCounts(order.counts, 100);
  assertEquals(classes.numClasses, 100);
  assertEquals(Array.from({ length: 100 }, (_, c) => classes.size(c)), TOOLKIT_CLASS_SIZES);
  // The toolkit's listing: </s>, the, of in class 0; and, to, in in class 1; <unk> in class 2.
  const classOf = (w: string) => classes.classOf[order.vocabulary.id(w)];
  assertEquals(["</s>", "the", "of", "and", "to", "in", "<unk>"].map(classOf), [
    0,
    0,
    0,
    1,
    1,
    1,
    2,
  ]);
});

Deno.test("WordClasses: sqrt and linear binning by hand", () => {
  // linear: cumulative shares .4 .7 .9 1 against the thresholds 1/3, 2/3: a class
  // ends with the word whose share passes the next threshold
  const linear = WordClasses.fromCounts([4, 3, 2, 1], 3, "linear");
  assertEquals(Array.from(linear.classOf), [0, 1, 2, 2]);
  // sqrt: √4 √3 √2 √1 = 2, 1.73, 1.41, 1 of 6.15: cumulative .33 .61 .84 1
  const sqrt = WordClasses.fromCounts([4, 3, 2, 1], 3);
  assertEquals(Array.from(sqrt.classOf), [0, 0, 1, 2]);
  assertEquals(Array.from(sqrt.starts), [0, 2, 3, 4]);
  assertEquals(sqrt.meanClassSize([4, 3, 2, 1]), (4 * 2 + 3 * 2 + 2 + 1) / 10);
});

Deno.test("WordClasses: fewer words than classes gives one class per word, never an empty class", () => {
  const classes = WordClasses.fromCounts([5, 1, 1], 10);
  assertEquals(Array.from(classes.classOf), [0, 1, 2]);
  for (let c = 0; c < classes.numClasses; c++) assertEquals(classes.size(c), 1);
});

Deno.test("WordClasses: bad input is named", () => {
  assertThrows(() => new WordClasses([0, 2]), RangeError, "word 1 is in class 2 after word 0");
  assertThrows(() => new WordClasses([1]), RangeError, "word 0 must be in class 0");
  assertThrows(() => WordClasses.fromCounts([1, -1], 2), RangeError, "count of word 1 is -1");
  assertThrows(() => WordClasses.fromCounts([0, 0], 2), RangeError, "every count is 0");
  assertThrows(() => WordClasses.fromCounts([1], 0), RangeError, "numClasses");
  assertThrows(
    () => WordClasses.fromCounts([1], 1, "log" as "sqrt"),
    RangeError,
    '"sqrt", "linear"',
  );
});
