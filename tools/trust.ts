/**
 * Marks executed notebooks as trusted for the local Jupyter, so they open with their
 * charts (an untrusted notebook's SVG and HTML outputs are not shown).
 *
 * Jupyter trusts a notebook whose signature (an HMAC-SHA256 over its content with the
 * user's `notebook_secret`) is in the user's signature database. Rather than
 * re-implementing that digest (it hashes Python's `str()` of every value) we let
 * nbformat sign: `jupyter trust FILE…` when installed (Debian: `jupyter-nbformat`),
 * else `python3 -m nbformat.sign FILE…` with the Python that runs `jupyter` (it comes
 * with Jupyter Notebook), so the signature lands where that Jupyter looks.
 *
 * @module
 */

import { delimiter, join } from "node:path";

/** Where `name` is on PATH, or undefined. */
export function which(name: string, path = Deno.env.get("PATH") ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      if (Deno.statSync(file).isFile) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function succeeds(cmd: string, args: string[]): Promise<boolean> {
  try {
    const { code } = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    return code === 0;
  } catch {
    return false;
  }
}

/**
 * The command that signs notebooks (`["jupyter", "trust"]` or
 * `[python, "-m", "nbformat.sign"]`), or undefined when Jupyter is not installed.
 */
export async function findSigner(): Promise<string[] | undefined> {
  if (which("jupyter-trust")) return ["jupyter", "trust"];
  const jupyter = which("jupyter");
  if (!jupyter) return undefined;
  // The interpreter in jupyter's "#!" line is the one whose nbformat Jupyter uses.
  const head = new TextDecoder().decode((await Deno.readFile(jupyter)).subarray(0, 200));
  const python = /^#!\s*(\S+)/.exec(head)?.[1];
  if (python && await succeeds(python, ["-c", "import nbformat.sign"])) {
    return [python, "-m", "nbformat.sign"];
  }
  return undefined;
}

/** The outcome of {@link trustNotebooks}. */
export interface TrustResult {
  trusted: boolean;
  /** What happened, for the log, e.g. `signed 4 notebooks with jupyter trust`. */
  message: string;
}

/** The command a user runs to trust the notebooks in `dir` by hand. */
export function trustHint(dir: string): string {
  return `jupyter trust ${join(dir, "*.ipynb")}`;
}

/**
 * Signs `paths` for the local Jupyter (see the module doc). `env` is passed to the
 * signer (tests set `JUPYTER_DATA_DIR`). Never throws: a missing Jupyter or a failing
 * signer is reported in the result.
 */
export async function trustNotebooks(
  paths: string[],
  env: Record<string, string> = {},
): Promise<TrustResult> {
  if (paths.length === 0) return { trusted: true, message: "no notebooks to sign" };
  const signer = await findSigner();
  if (!signer) {
    return {
      trusted: false,
      message: "Jupyter is not installed, so the notebooks were not signed",
    };
  }
  const [cmd, ...args] = signer;
  const out = await new Deno.Command(cmd, {
    args: [...args, ...paths],
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const how = signer.join(" ");
  if (out.code !== 0) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" ");
    return { trusted: false, message: `${how} failed with exit code ${out.code}: ${err}` };
  }
  return { trusted: true, message: `signed ${paths.length} notebooks with ${how}` };
}
