/**
 * A classic Jupyter Notebook server (6.x, Debian's `jupyter-notebook`) for the front-end
 * check: started on 127.0.0.1 without a token, with the Deno kernel available even if
 * `deno jupyter --install` was never run (a kernelspec in a temporary `JUPYTER_PATH`).
 *
 * @module
 */

import { join } from "node:path";
import { which } from "../trust.ts";

/** Why the front-end check cannot run here, or undefined when it can. */
export async function missingPrerequisite(chromium: string): Promise<string | undefined> {
  if (!which("jupyter")) {
    return "jupyter is not installed (Debian: apt-get install jupyter-notebook)";
  }
  const out = await new Deno.Command("jupyter", { args: ["notebook", "--version"] }).output()
    .catch(() => undefined);
  const version = out && new TextDecoder().decode(out.stdout).trim();
  if (!out || out.code !== 0 || !/^6\./.test(version ?? "")) {
    return `classic Jupyter Notebook 6 is not installed (jupyter notebook --version: ${
      version || "failed"
    }; Debian: apt-get install jupyter-notebook)`;
  }
  try {
    if (Deno.statSync(chromium).isFile) return undefined;
  } catch {
    // missing
  }
  return `Chromium is not installed at ${chromium} (Debian: apt-get install chromium)`;
}

/** A running notebook server. */
export interface NotebookServer {
  /** e.g. `http://127.0.0.1:8899` */
  url: string;
  /** Stops the server and removes its temporary folders. */
  stop(): Promise<void>;
}

/** Writes a Deno kernelspec like `deno jupyter --install` does into `dir/kernels/deno`. */
async function writeKernelspec(dir: string): Promise<void> {
  await Deno.mkdir(join(dir, "kernels", "deno"), { recursive: true });
  const spec = {
    argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
  };
  await Deno.writeTextFile(join(dir, "kernels", "deno", "kernel.json"), JSON.stringify(spec));
}

/**
 * Starts `jupyter notebook` serving `rootDir` on `port` and waits until it answers
 * (at most `timeoutMs`). Its log goes to `logFile`.
 */
export async function startNotebookServer(
  rootDir: string,
  port: number,
  logFile: string,
  timeoutMs = 60_000,
): Promise<NotebookServer> {
  const tmp = await Deno.makeTempDir({ prefix: "frontend-jupyter-" });
  await writeKernelspec(join(tmp, "path"));
  const log = await Deno.open(logFile, { create: true, write: true, truncate: true });
  const child = new Deno.Command("jupyter", {
    args: [
      "notebook",
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      "--NotebookApp.token=",
      "--NotebookApp.password=",
      `--notebook-dir=${rootDir}`,
    ],
    env: { JUPYTER_PATH: join(tmp, "path"), JUPYTER_RUNTIME_DIR: join(tmp, "runtime") },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const pipe = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) await log.write(chunk).catch(() => {});
  };
  const pumping = Promise.all([pipe(child.stdout), pipe(child.stderr)]).catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await child.status;
    clearTimeout(timer);
    await pumping;
    log.close();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/api`).then((r) => r.body?.cancel().then(() => r.ok))
      .catch(() => false);
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(
    `jupyter notebook did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`,
  );
}
