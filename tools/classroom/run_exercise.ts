/**
 * Runs one exercise's public and hidden tests on a learner's file and prints
 * the results, one line per event. Started by the grader in a subprocess per
 * exercise, inside a sandbox (a copy of the engine, the checks and the
 * learner's `exercises/`), with read access to the sandbox only and a time
 * limit, so a learner's hang or crash costs that exercise alone.
 *
 * Protocol: the first line of stdin is a nonce; every line this script
 * prints starts with it (the learner's own output does not), then a JSON
 * event: `{"start": name}`, `{"outcome": TestOutcome}`, `{"violations": […]}`,
 * `{"problem": "…"}`, `{"done": true}`.
 *
 * Usage: `deno run --allow-read=SANDBOX SANDBOX/tools/classroom/run_exercise.ts ID < nonce`
 *
 * @module
 */

import { exerciseById } from "../../lib/check/classroom/catalog.ts";
import { loadExercise } from "../../lib/check/classroom/check.ts";
import { runTest } from "../../lib/check/classroom/harness.ts";
import { checkImports } from "../../lib/check/classroom/policy.ts";
import { HIDDEN } from "./hidden/mod.ts";

/** The nonce from the first line of stdin. */
async function readNonce(): Promise<string> {
  const reader = Deno.stdin.readable.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split("\n")[0].trim();
}

/** Runs exercise `id` from the course root `root`, sending each event to `emit`. */
export async function runExercise(
  id: string,
  root: URL,
  emit: (event: Record<string, unknown>) => void,
): Promise<void> {
  const spec = exerciseById(id);
  const violations = await checkImports(spec, root);
  if (violations.length > 0) return emit({ violations });
  const loaded = await loadExercise(spec, root);
  if (loaded.problem !== undefined) return emit({ problem: loaded.problem });
  const hidden = HIDDEN[id];
  for (const [suite, isHidden] of [[spec.tests, false], [hidden, true]] as const) {
    for (const test of suite?.tests ?? []) {
      emit({ start: test.name });
      emit({ outcome: runTest(id, test, loaded.fn as never, isHidden) });
    }
  }
}

if (import.meta.main) {
  // Bound before any learner code runs, so it cannot redirect them.
  const stdout = Deno.stdout;
  const write = stdout.writeSync.bind(stdout);
  const stringify = JSON.stringify;
  const encoder = new TextEncoder();
  const nonce = await readNonce();
  const emit = (event: Record<string, unknown>) => {
    const bytes = encoder.encode(`${nonce} ${stringify(event)}\n`);
    for (let sent = 0; sent < bytes.length;) sent += write(bytes.subarray(sent));
  };
  const [id] = Deno.args;
  await runExercise(id, new URL("../../", import.meta.url), emit);
  emit({ done: true });
}
