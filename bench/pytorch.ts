/**
 * PyTorch, measured side by side: runs `bench/pytorch_char_lm.py` (the same
 * char-LM training step as `training.ts`) with Debian's Python, one process
 * per thread count with `OMP_NUM_THREADS` and `OPENBLAS_NUM_THREADS` set, and
 * reads its JSON line. Skipped, with the reason, when `/usr/bin/python3` has
 * no torch or the benchmark may not run it.
 *
 * @module
 */

/** The interpreter with Debian's PyTorch (the pyenv `python3` first on PATH has none). */
export const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("./pytorch_char_lm.py", import.meta.url);

/** One PyTorch measurement. */
export interface TorchRow {
  cell: string;
  threads: number;
  tokensPerSecond: number;
  stepsMeasured: number;
}

async function run(args: string[], env: Record<string, string> = {}) {
  const command = new Deno.Command(PYTHON, { args, env, stdout: "piped", stderr: "piped" });
  const { code, stdout, stderr } = await command.output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

/** PyTorch's version, or why it cannot be measured here. */
export async function torchAvailable(): Promise<{ version?: string; reason?: string }> {
  try {
    const { code, out, err } = await run(["-c", "import torch; print(torch.__version__)"]);
    if (code !== 0) return { reason: `${PYTHON} has no torch (${err.trim().split("\n").at(-1)})` };
    return { version: out.trim() };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { reason: `${PYTHON} not found` };
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      return { reason: `not allowed to run ${PYTHON} (deno run --allow-run=${PYTHON})` };
    }
    throw e;
  }
}

/** Trains the PyTorch char LM of `cell` for about `seconds` on `threads` threads. */
export async function measureTorch(
  cell: string,
  threads: number,
  seconds: number,
): Promise<TorchRow> {
  const env = { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const args = [SCRIPT.pathname, "--cells", cell, "--threads", String(threads)];
  const { code, out, err } = await run([...args, "--seconds", String(seconds)], env);
  if (code !== 0) throw new Error(`${PYTHON} ${args.join(" ")} failed:\n${err}`);
  return JSON.parse(out.trim().split("\n").at(-1)!).rows[0];
}

/** OpenBLAS sgemm (through `torch.mm`) GFLOP/s on `threads` threads for each shape. */
export async function torchGemm(
  shapes: { m: number; n: number; k: number; transA: boolean; transB: boolean }[],
  threads: number,
): Promise<number[]> {
  const env = { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const spec = shapes.map((s) => [s.m, s.n, s.k, +s.transA, +s.transB].join(",")).join(";");
  const args = [SCRIPT.pathname, "--gemm", spec, "--threads", String(threads)];
  const { code, out, err } = await run(args, env);
  if (code !== 0) throw new Error(`${PYTHON} ${args.join(" ")} failed:\n${err}`);
  return JSON.parse(out.trim().split("\n").at(-1)!).gemm.map((r: { gflops: number }) => r.gflops);
}
