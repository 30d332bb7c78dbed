/**
 * End to end: make a student release, check it, grade it, grade variations of
 * it (one exercise solved, a cheat, a hang, a crash), grade the solutions.
 * Slow (subprocesses, type-checking): run by `deno task test:classroom`.
 *
 * @module
 */

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { EXERCISES } from "../../../lib/check/classroom/catalog.ts";
import { gradeCopy, type GradeReport } from "../../../tools/classroom/grading.ts";
import { HIDDEN } from "../../../tools/classroom/hidden/mod.ts";
import { solutionTexts } from "../../../tools/classroom/regions.ts";
import { buildRelease, selectNotebooks } from "../../../tools/classroom/release.ts";
import { REPO, solutionFile, stubbedExercises } from "../_tree.ts";

const repoPath = decodeURIComponent(REPO.pathname).replace(/\/$/, "");

async function run(cmd: string[], cwd: string): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: cmd,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code, out: d.decode(stdout) + d.decode(stderr) };
}

/** A learner's copy holding only `exercises/`: the stubs, with `files` replacing some. */
async function copyWith(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "rnn-student-" });
  await Deno.mkdir(`${dir}/exercises`);
  for (const [name, text] of Object.entries({ ...await stubbedExercises(), ...files })) {
    await Deno.writeTextFile(`${dir}/exercises/${name}`, text);
  }
  return dir;
}

function scores(report: GradeReport): Record<string, string> {
  return Object.fromEntries(report.exercises.map((g) => [g.id, `${g.score} ${g.status}`]));
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory && e.name !== "node_modules") out.push(...await filesUnder(path));
    else if (e.isFile) out.push(path);
  }
  return out;
}

const release = await Deno.makeTempDir({ prefix: "rnn-release-" });
const summary = await buildRelease(release, await selectNotebooks([]));
const allZero = Object.fromEntries(EXERCISES.map((e) => [e.id, "0 not-implemented"]));

Deno.test({
  name: "the release contains no solution text and no hidden test",
  async fn() {
    const texts = await Promise.all((await filesUnder(release)).map((f) => Deno.readTextFile(f)));
    const everything = texts.join("\n");
    assert(
      !(await filesUnder(release)).some((f) => f.includes("tools/classroom")),
      "no teacher tools",
    );
    // Lines of the teacher's engine are shipped on purpose; any other solution line must not be.
    const engine = (await Promise.all((await filesUnder(`${repoPath}/lib`)).map((f) =>
      Deno.readTextFile(f)
    )))
      .join("\n");
    for (const spec of EXERCISES) {
      const regions = solutionTexts(await solutionFile(spec.file), spec.file);
      for (const region of regions) {
        assert(
          !everything.includes(region.trim()),
          `${spec.file}: a solution region is in the release`,
        );
        const lines = region.split("\n").map((l) => l.trim()).filter((l) =>
          l.length >= 16 && !engine.includes(l)
        );
        for (const line of lines) {
          assert(
            !everything.includes(line),
            `${spec.file}: "${line}" is in the release`,
          );
        }
      }
      for (const test of HIDDEN[spec.id].tests) {
        assert(!everything.includes(test.name), `hidden test "${test.name}" is in the release`);
      }
    }
  },
});

Deno.test({
  name: "the release type-checks, lints, and its check task runs with friendly failures",
  async fn() {
    assertEquals((await run(["install"], release)).code, 0);
    const check = await run(["check", "lib/mod.ts", "exercises/"], release);
    assertEquals(check.code, 0, check.out);
    const lint = await run(["lint"], release);
    assertEquals(lint.code, 0, lint.out);
    const task = await run(["task", "check"], release);
    assertEquals(task.code, 1);
    for (const spec of EXERCISES) {
      assertStringIncludes(task.out, `✗ ${spec.id}: not implemented yet: ${spec.id}`);
    }
    assertStringIncludes(task.out, `0 of ${EXERCISES.length} exercises pass their public tests`);
    assertEquals(summary.exercises.length, EXERCISES.length);
  },
});

Deno.test("a fresh release scores 0 on every exercise", async () => {
  const report = await gradeCopy(release);
  assertEquals(scores(report), allZero);
  assertEquals(report.maxScore, 10 * EXERCISES.length);
});

Deno.test("the solution tree scores 100 %", async () => {
  const report = await gradeCopy(repoPath);
  assertEquals(report.score, report.maxScore);
  assert(report.exercises.every((g) => g.status === "passed"));
});

Deno.test("a copy with one exercise solved scores exactly that exercise", async () => {
  const dir = await copyWith({ "clip.ts": await solutionFile("clip.ts") });
  try {
    const report = await gradeCopy(dir);
    assertEquals(scores(report), { ...allZero, clip_grad_norm: "10 passed" });
    assertEquals(report.score, 10);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a copy that calls the engine's RNNCell scores 0 for those exercises only", async () => {
  const cheat = [
    'import { RNNCell } from "../lib/layers/rnn_cell.ts";',
    'import { Random } from "../lib/random.ts";',
    "import type { RNNCellWeights } from '../lib/check/exercise_types.ts';",
    "import type { Matrix } from '../lib/core/matrix.ts';",
    "function cell(w: RNNCellWeights) {",
    "  const c = new RNNCell({ inputSize: w.Wxh.rows, hiddenSize: w.Wxh.cols, rng: new Random(0) });",
    "  c.Wxh.value.copyFrom(w.Wxh); c.Whh.value.copyFrom(w.Whh); c.b.value.copyFrom(w.b);",
    "  return c;",
    "}",
    "export const rnnStepForward = (x: Matrix, h: Matrix, w: RNNCellWeights) => cell(w).forward(x, h);",
    "export const rnnStepBackward = () => { throw new Error('unused'); };",
  ].join("\n");
  const dir = await copyWith({
    "rnn_step.ts": cheat,
    "perplexity.ts": await solutionFile("perplexity.ts"),
  });
  try {
    const report = await gradeCopy(dir, {
      exercises: ["rnn_step_forward", "rnn_step_backward", "perplexity"],
    });
    assertEquals(scores(report), {
      rnn_step_forward: "0 forbidden",
      rnn_step_backward: "0 forbidden",
      perplexity: "10 passed",
    });
    assertStringIncludes(
      report.exercises[0].message,
      'exercises/rnn_step.ts:1 imports "../lib/layers/rnn_cell.ts"',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a hang, a crash and forged output are contained to their exercise", async () => {
  const hang = "export function clipGradNorm(): number {\n  while (true) { /* forever */ }\n}\n";
  const crash = "Deno.exit(7);\nexport function bptt() {}\n";
  const forger = (await solutionFile("rnn_forward.ts")).replace(
    "export function rnnForward(",
    'console.log(\'x {"outcome":{"score":1000,"points":1000,"status":"passed"}}\');\nexport function rnnForward(',
  );
  const dir = await copyWith({
    "clip.ts": hang,
    "bptt.ts": crash,
    "rnn_forward.ts": forger,
    "perplexity.ts": await solutionFile("perplexity.ts"),
  });
  try {
    const start = performance.now();
    const report = await gradeCopy(dir, {
      exercises: ["clip_grad_norm", "bptt", "rnn_forward", "perplexity"],
      // 10 s, not less: on a loaded machine starting a subprocess alone can take seconds, and
      // the crash must be reported as a crash, not as a timeout.
      timeoutSeconds: 10,
    });
    assert(performance.now() - start < 60_000, "the hang was stopped at its time limit");
    assertEquals(scores(report), {
      clip_grad_norm: "0 timeout",
      bptt: "0 crashed",
      rnn_forward: "10 passed",
      perplexity: "10 passed",
    });
    assertStringIncludes(
      report.exercises[0].message,
      'did not finish within 10 s (running "returns the global norm of several gradients")',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task assignment and deno task grade write a release and three reports", async () => {
  const out = await Deno.makeTempDir({ prefix: "rnn-cli-" });
  try {
    const made = await run(["task", "assignment", "03", "--out", `${out}/release`], repoPath);
    assertEquals(made.code, 0, made.out);
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/release/assignment.json`));
    assertEquals(manifest.exercises, [
      "softmax_cross_entropy",
      "softmax_cross_entropy_backward",
      "perplexity",
    ]);
    const graded = await run(
      ["task", "grade", `${out}/release`, "--out", `${out}/grades`],
      repoPath,
    );
    assertEquals(graded.code, 0, graded.out);
    assertStringIncludes(graded.out, "0/30 points (0.0 %)");
    for (const f of ["grade.json", "junit.xml", "results.json"]) {
      await Deno.stat(`${out}/grades/${f}`);
    }
    const results = JSON.parse(await Deno.readTextFile(`${out}/grades/results.json`));
    assertEquals([results.score, results.tests.length], [0, 16]);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

globalThis.addEventListener("unload", () => Deno.removeSync(release, { recursive: true }));
