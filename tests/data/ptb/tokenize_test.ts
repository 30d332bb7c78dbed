import { assertEquals } from "@std/assert";
import { ptbTokens } from "../../../lib/data/ptb/tokenize.ts";

const tokens = (sentence: string) => ptbTokens(sentence).join(" ");

Deno.test("ptbTokens: lower case, sentence punctuation dropped", () => {
  assertEquals(tokens(`"Yes," she said; (quietly) "why not?!"`), "yes she said quietly why not");
});

Deno.test("ptbTokens: n't splits off, PTB's way", () => {
  assertEquals(tokens("I don't, can't, won't, isn't."), "i do n't ca n't wo n't is n't");
  assertEquals(tokens("We cannot wait"), "we can not wait");
});

Deno.test("ptbTokens: clitics 's 're 've 'll 'd 'm split off", () => {
  assertEquals(
    tokens("The nation's we're we've we'll I'd I'm it's"),
    "the nation 's we 're we 've we 'll i 'd i 'm it 's",
  );
});

Deno.test("ptbTokens: the possessive of a plural keeps its apostrophe as a token", () => {
  assertEquals(
    tokens("the States' rights and veterans' benefits."),
    "the states ' rights and veterans ' benefits",
  );
});

Deno.test("ptbTokens: other apostrophes are quotes and go, inner ones stay", () => {
  assertEquals(
    tokens("'Freedom,' he said, 'rules.' At o'clock, d'affaires"),
    "freedom he said rules at o'clock d'affaires",
  );
});

Deno.test("ptbTokens: $ and & are tokens; & inside a word stays", () => {
  assertEquals(tokens("$50 for Smith & Sons, $3.5 for R&D"), "$ N for smith & sons $ N for r&d");
});

Deno.test("ptbTokens: % becomes percent", () => {
  assertEquals(tokens("up 3% or 10 %"), "up N percent or N percent");
});

Deno.test("ptbTokens: pure numbers become N, mixed tokens stay", () => {
  assertEquals(
    tokens(
      "In 1980, 1,000 men; 3.5 or .5 or 1980-81 at 9:30, 1/2 of the 1980s, the 13th, 30-day, B-52",
    ),
    "in N N men N or N or N at N N of the 1980s the 13th 30-day b-52",
  );
  assertEquals(tokens("the 1980's, the 1990's. and '90's."), "the 1980s the 1990s and 90s");
});

Deno.test("ptbTokens: hyphens inside words stay, dashes go", () => {
  assertEquals(tokens("well-being -- and -the- end-- now"), "well-being and the end now");
  assertEquals(
    tokens("in 1837-it rose; 1856.-Riot; $22,300,000-a sum"),
    "in N it rose N riot $ N a sum",
  );
  assertEquals(tokens("U.S.-Soviet talks, mid-1980s"), "u.s.-soviet talks mid-1980s");
});

Deno.test("ptbTokens: abbreviation and initial periods stay, sentence periods go", () => {
  assertEquals(
    tokens("Mr. F. Smith of the U.S. met Dr. Jones at 9 a.m."),
    "mr. f. smith of the u.s. met dr. jones at N a.m.",
  );
  assertEquals(tokens("Bill No. 5 said no."), "bill no. N said no");
  assertEquals(tokens("World War I."), "world war i");
  assertEquals(tokens("and so on, etc."), "and so on etc.");
});

Deno.test("ptbTokens: commas, colons, slashes and ellipses split words", () => {
  assertEquals(tokens("and/or this,that: so...then"), "and or this that so then");
});

Deno.test("ptbTokens: other symbols go, letters with accents stay", () => {
  assertEquals(tokens("café * + @ # ° _ • naïve"), "café naïve");
  assertEquals(tokens("-- ... !"), "");
});
