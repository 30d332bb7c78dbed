import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { DOMParser } from "linkedom";
import type { GradeReport } from "../../tools/classroom/grading.ts";
import { parseEvents } from "../../tools/classroom/grading.ts";
import { formatTable, toGradescope, toJUnit, xml } from "../../tools/classroom/reports.ts";

const outcome = (
  name: string,
  points: number,
  status: "passed" | "failed" | "error",
  hidden = false,
) => ({
  exercise: "bptt",
  name,
  hidden,
  points,
  score: status === "passed" ? points : 0,
  status,
  message: status === "passed" ? "" : `dWhh: relative error 0.5 > 1e-6 <&"'>`,
  ms: 1.5,
});

const report: GradeReport = {
  student: "alice",
  directory: "/tmp/alice",
  score: 7,
  maxScore: 20,
  seconds: 2.5,
  exercises: [
    {
      id: "bptt",
      title: "backpropagation through time",
      notebook: "04_backpropagation_through_time",
      score: 6,
      maxScore: 10,
      status: "partial",
      message: "hidden: matches the engine: secret detail",
      tests: [
        outcome("shapes", 2, "passed"),
        outcome("gradients", 4, "passed"),
        outcome("matches the engine", 4, "failed", true),
      ],
      seconds: 0.4,
    },
    {
      id: "perplexity",
      title: "perplexity",
      notebook: "03_hello_char_lm",
      score: 1,
      maxScore: 10,
      status: "timeout",
      message: "did not finish within 30 s",
      tests: [outcome("a", 1, "passed"), outcome("b", 9, "error")],
      seconds: 30,
    },
  ],
};

Deno.test("Gradescope results.json: scores per test, top-level score, hidden tests after publishing", () => {
  const gs = toGradescope(report) as {
    score: number;
    execution_time: number;
    output: string;
    tests: Record<string, unknown>[];
  };
  assertEquals(gs.score, 7);
  assertEquals(gs.execution_time, 3);
  assertEquals(gs.tests.length, 5);
  assertEquals(gs.tests.reduce((s, t) => s + (t.score as number), 0), 7);
  assertEquals(gs.tests.reduce((s, t) => s + (t.max_score as number), 0), 20);
  assertEquals(gs.tests[2].visibility, "after_published");
  assertEquals(gs.tests[2].status, "failed");
  assertEquals(gs.tests[0].name, "bptt: shapes");
  assert(
    !gs.output.includes("secret detail"),
    "hidden test details stay out of the visible summary",
  );
  assertStringIncludes(gs.output, "a hidden test failed");
});

Deno.test("JUnit XML is well formed, counts failures and errors, and escapes messages", () => {
  const text = toJUnit(report);
  const doc = new DOMParser().parseFromString(text, "text/xml");
  const root = doc.querySelector("testsuites")!;
  assertEquals([
    root.getAttribute("tests"),
    root.getAttribute("failures"),
    root.getAttribute("errors"),
  ], ["5", "1", "1"]);
  assertEquals(doc.querySelectorAll("testsuite").length, 2);
  assertEquals(doc.querySelectorAll("testcase").length, 5);
  assertStringIncludes(
    text,
    'message="dWhh: relative error 0.5 &gt; 1e-6 &lt;&amp;&quot;&apos;&gt;"',
  );
  assertEquals(xml("a\u0001b"), "ab");
});

Deno.test("the score table has one row per exercise and the total", () => {
  const lines = formatTable(report).split("\n");
  assertEquals(lines.length, 6);
  assert(lines[2].startsWith("bptt        04  6/10   partial  hidden: matches the engine"));
  assert(lines[5].startsWith("total           7/20   35.0 %"));
});

Deno.test("grader events: the learner's own output is ignored, an unfinished test is named", () => {
  const nonce = "n0nce";
  const stdout = [
    `${nonce} {"start":"shapes"}`,
    `${nonce} {"outcome":${JSON.stringify(outcome("shapes", 2, "passed"))}}`,
    `n0nc {"outcome":{"score":1000}}`,
    `learner says ${nonce} {"done":true}`,
    `${nonce} {"start":"gradients"}`,
  ].join("\n");
  const run = parseEvents(stdout, nonce, { timedOut: true, stderr: "" });
  assertEquals(run.outcomes.length, 1);
  assertEquals(run.running, "gradients");
  assertEquals(run.done, false);
});
