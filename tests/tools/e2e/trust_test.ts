import { assertEquals, assertMatch } from "@std/assert";
import { findSigner, trustHint, trustNotebooks, which } from "../../../tools/trust.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;
const signer = await findSigner();

/** Asks nbformat (Jupyter's own code) whether `path` is trusted in `dataDir`. */
async function isTrusted(python: string, path: string, dataDir: string): Promise<boolean> {
  const check = "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\n" +
    "print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], 4)))";
  const out = await new Deno.Command(python, {
    args: ["-c", check, path],
    env: { JUPYTER_DATA_DIR: dataDir },
  }).output();
  return new TextDecoder().decode(out.stdout).trim() === "True";
}

Deno.test({
  name: "trust: executed notebooks are signed so Jupyter trusts them",
  ignore: signer === undefined, // Jupyter is not installed
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "trust-test-" });
    try {
      const env = { JUPYTER_DATA_DIR: `${dir}/jupyter` };
      const [signed, unsigned] = [`${dir}/signed.ipynb`, `${dir}/unsigned.ipynb`];
      await Deno.copyFile(`${FIXTURES}many_outputs.ipynb`, signed);
      // Signatures are of the content: the unsigned notebook must differ.
      await Deno.copyFile(`${FIXTURES}error_cell.ipynb`, unsigned);
      const result = await trustNotebooks([signed], env);
      assertEquals(result.trusted, true, result.message);
      assertMatch(result.message, /^signed 1 notebooks with /);
      const python = signer![0] === "jupyter" ? "python3" : signer![0];
      assertEquals(await isTrusted(python, signed, env.JUPYTER_DATA_DIR), true);
      assertEquals(await isTrusted(python, unsigned, env.JUPYTER_DATA_DIR), false);
      // A signer that fails is reported, not thrown.
      const broken = await trustNotebooks([`${dir}/missing.ipynb`], env);
      assertEquals(broken.trusted, false);
      assertMatch(broken.message, /failed with exit code/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("trust: without Jupyter the runner says what to run", () => {
  assertEquals(which("surely-no-such-command-xyz"), undefined);
  assertEquals(which("sh", "/nonexistent:/bin:/usr/bin")?.endsWith("/sh"), true);
  assertEquals(trustHint("out/notebooks"), "jupyter trust out/notebooks/*.ipynb");
});
