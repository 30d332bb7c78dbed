/**
 * A grade report in four forms: a table for the terminal, JSON (everything),
 * JUnit XML (for LMS and CI import), and Gradescope's `results.json`
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
 *
 * @module
 */

import type { GradeReport } from "./grading.ts";

/**
 * The per-exercise score table printed by `deno task grade`. With
 * `forStudents`, a hidden test's name and message are not shown.
 */
export function formatTable(report: GradeReport, forStudents = false): string {
  const rows = report.exercises.map((g) => {
    const message = forStudents && g.message.startsWith("hidden: ")
      ? "a hidden test failed"
      : g.message;
    return [
      g.id,
      g.notebook.slice(0, 2),
      `${g.score}/${g.maxScore}`,
      g.status,
      message.length > 90 ? `${message.slice(0, 89)}…` : message,
    ];
  });
  const header = ["exercise", "nb", "score", "status", "first problem"];
  const total = ["total", "", `${report.score}/${report.maxScore}`, `${percent(report)} %`, ""];
  const widths = header.map((_, c) =>
    Math.max(...[header, ...rows, total].map((r) => r[c].length))
  );
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line), rule, line(total)].join("\n");
}

/** The score as a percentage with one decimal. */
export function percent(report: GradeReport): string {
  return report.maxScore > 0 ? (100 * report.score / report.maxScore).toFixed(1) : "0.0";
}

/** Gradescope's `results.json`: one test entry per test (hidden ones shown after publishing). */
export function toGradescope(report: GradeReport): Record<string, unknown> {
  const tests = report.exercises.flatMap((g, e) =>
    g.tests.map((t, i) => ({
      name: `${g.id}: ${t.name}`,
      number: `${e + 1}.${i + 1}`,
      score: t.score,
      max_score: t.points,
      status: t.score === t.points ? "passed" : "failed",
      output: t.status === "passed" ? "" : t.message,
      tags: [g.notebook, g.id, t.hidden ? "hidden" : "public"],
      visibility: t.hidden ? "after_published" : "visible",
    }))
  );
  return {
    score: report.score,
    execution_time: Math.round(report.seconds),
    output: `${report.score} of ${report.maxScore} points (${percent(report)} %)\n\n${
      formatTable(report, true)
    }`,
    output_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
  };
}

/** JUnit XML: one test suite per exercise, one test case per test; failures and errors with their messages. */
export function toJUnit(report: GradeReport): string {
  const count = (pred: (s: string) => boolean) =>
    report.exercises.reduce((n, g) => n + g.tests.filter((t) => pred(t.status)).length, 0);
  const failures = count((s) => s === "failed" || s === "not-implemented");
  const errors = count((s) => s === "error");
  const tests = count(() => true);
  const suites = report.exercises.map((g) => {
    const cases = g.tests.map((t) => {
      const open = `    <testcase classname="${xml(g.id)}" name="${xml(t.name)}${
        t.hidden ? " (hidden)" : ""
      }" time="${(t.ms / 1000).toFixed(3)}"`;
      if (t.status === "passed") return `${open}/>`;
      const tag = t.status === "error" ? "error" : "failure";
      return `${open}>\n      <${tag} type="${t.status}" message="${xml(t.message)}">${
        xml(t.message)
      }</${tag}>\n    </testcase>`;
    });
    const f = g.tests.filter((t) => t.status === "failed" || t.status === "not-implemented").length;
    const e = g.tests.filter((t) => t.status === "error").length;
    return [
      `  <testsuite name="${
        xml(g.id)
      }" tests="${g.tests.length}" failures="${f}" errors="${e}" skipped="0" time="${
        g.seconds.toFixed(3)
      }">`,
      `    <properties>`,
      `      <property name="notebook" value="${xml(g.notebook)}"/>`,
      `      <property name="score" value="${g.score}"/>`,
      `      <property name="max_score" value="${g.maxScore}"/>`,
      `      <property name="status" value="${g.status}"/>`,
      `    </properties>`,
      ...cases,
      `  </testsuite>`,
    ].join("\n");
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${
      xml(report.student)
    }" tests="${tests}" failures="${failures}" errors="${errors}" time="${
      report.seconds.toFixed(3)
    }">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}

/** Escapes text for XML attributes and content (and drops characters XML 1.0 forbids). */
export function xml(s: string): string {
  return s
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Writes `grade.json`, `junit.xml` and `results.json` into `dir`; returns their paths. */
export async function writeReports(report: GradeReport, dir: string): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ["grade.json", JSON.stringify(report, null, 2) + "\n"],
    ["junit.xml", toJUnit(report)],
    ["results.json", JSON.stringify(toGradescope(report), null, 2) + "\n"],
  ];
  for (const [name, text] of files) await Deno.writeTextFile(`${dir}/${name}`, text);
  return files.map(([name]) => `${dir}/${name}`);
}
