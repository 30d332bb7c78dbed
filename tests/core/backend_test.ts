import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { backendInfo, kernelNames, kernels, useKernels } from "../../lib/core/backend.ts";
import { referenceKernels } from "../../lib/core/kernels.ts";
import { fromArray } from "../../lib/core/matrix.ts";
import { matmul } from "../../lib/core/ops.ts";

const lib = new URL("../../lib/", import.meta.url).href;

/** Runs a short script in a fresh Deno process (`deno run` with `flags`, `env`). */
async function run(code: string, flags: string[], env: Record<string, string> = {}) {
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, code);
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "--no-prompt", ...flags, file],
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  });
  const { code: status, stdout, stderr } = await command.output();
  await Deno.remove(file);
  const decode = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  return { status, stdout: decode(stdout), stderr: decode(stderr) };
}

// Imports one layer file only (not lib/mod.ts), multiplies in float32 and prints the backend.
const probe = `
  const { Affine } = await import("${lib}layers/affine.ts");
  const { Random } = await import("${lib}random.ts");
  const { backendInfo } = await import("${lib}core/backend.ts");
  new Affine({ inputSize: 2, outputSize: 2, rng: new Random(0), dtype: "float32" });
  const info = backendInfo();
  console.log(info.name + " " + info.source + " " + info.threads);
`;

Deno.test("the backend is chosen in one place, whichever module is imported", async () => {
  const [plain, reference, one, bad, denied] = await Promise.all([
    run(probe, ["--allow-env"]),
    run(probe, ["--allow-env"], { RNN_KERNELS: "reference" }),
    run(probe, ["--allow-env"], { RNN_THREADS: "1" }),
    run(probe, ["--allow-env"], { RNN_KERNELS: "cuda" }),
    run(probe, [], { RNN_KERNELS: "reference" }),
  ]);
  assertEquals(plain.stdout.split(" ").slice(0, 2).join(" "), "wasm default", plain.stderr);
  assertEquals(plain.stderr, "", "no note when the environment is readable");
  assertEquals(reference.stdout, "reference RNN_KERNELS 1", reference.stderr);
  assertEquals(one.stdout, "wasm default 1", one.stderr);
  assert(bad.status !== 0, "an unknown backend must fail");
  assertStringIncludes(bad.stderr, 'RNN_KERNELS="cuda": unknown kernels "cuda"');
  // Without --allow-env the variable cannot be read: the defaults apply, and stderr says so.
  assertEquals(denied.stdout.split(" ")[0], "wasm");
  assertStringIncludes(denied.stderr, "RNN_KERNELS, RNN_THREADS, RNN_WASM_FLAVOR not read");
});

Deno.test("useKernels switches and restores; unknown names are refused by name", () => {
  const previous = useKernels("reference");
  try {
    assertEquals(kernels(), referenceKernels);
    assertEquals(backendInfo().source, "useKernels");
    const error = (() => {
      try {
        useKernels("gpu");
      } catch (e) {
        return (e as Error).message;
      }
    })();
    assertEquals(
      error,
      `useKernels: unknown kernels "gpu", expected one of: ${kernelNames().join(", ")}`,
    );
  } finally {
    useKernels(previous);
  }
});

Deno.test("matmul refuses an output that shares storage with an input, in both backends", () => {
  for (const name of kernelNames()) {
    const previous = useKernels(name);
    try {
      for (const dtype of ["float32", "float64"] as const) {
        const a = fromArray([[1, 2], [3, 4]], dtype);
        let message = "";
        try {
          matmul(a, a, { out: a });
        } catch (e) {
          message = (e as Error).message;
        }
        assertStringIncludes(message, "must not share storage", `${name} ${dtype}`);
      }
    } finally {
      useKernels(previous);
    }
  }
});

Deno.test("0·Infinity is NaN in both backends and both dtypes (no zero shortcut)", () => {
  for (const name of kernelNames()) {
    const previous = useKernels(name);
    try {
      for (const dtype of ["float32", "float64"] as const) {
        const c = matmul(fromArray([[0, 1]], dtype), fromArray([[Infinity], [2]], dtype));
        assert(Number.isNaN(c.get(0, 0)), `${name} ${dtype}: got ${c.get(0, 0)}`);
      }
    } finally {
      useKernels(previous);
    }
  }
});
