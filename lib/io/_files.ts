/**
 * Files for the io modules: an atomic write (temporary file, fsync, rename)
 * and errors that name the file they are about. Private to the io modules.
 *
 * @module
 */

/** The temporary file a save of `path` writes before renaming it over `path`. */
export function temporaryPath(path: string): string {
  return `${path}.partial`;
}

/**
 * Writes `bytes` to `path` atomically: a reader sees the old file or the whole
 * new one, never a half-written one, even if the process dies or the machine
 * loses power. The bytes go to `<path>.partial` (a stale one, left by an
 * earlier crash, is removed first), are flushed to the disk (fsync), and the
 * file is renamed over `path`; then the directory is flushed too, where the
 * system allows it, so that the rename itself survives a power loss. Two
 * processes must not save the same path at the same moment.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./_files.ts";
 * const path = await Deno.makeTempFile();
 * await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
 * console.assert((await Deno.readFile(path)).length === 3);
 * await Deno.remove(path);
 * ```
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = temporaryPath(path);
  try {
    await Deno.remove(temporary);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new Error(`cannot remove the stale temporary file ${temporary}`, { cause: error });
    }
  }
  try {
    const file = await Deno.open(temporary, { write: true, createNew: true });
    try {
      for (let written = 0; written < bytes.length;) {
        written += await file.write(bytes.subarray(written));
      }
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
  await syncDirectory(path);
}

/** Flushes the directory holding `path` (best effort: not every system can open one). */
async function syncDirectory(path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const directory = slash < 0 ? "." : path.slice(0, slash) || "/";
  try {
    const dir = await Deno.open(directory, { read: true });
    try {
      await dir.sync();
    } finally {
      dir.close();
    }
  } catch {
    // The file is complete and renamed; only the rename's durability is not forced.
  }
}

/**
 * Reads the file at `path` and hands its bytes to `use` (which decodes and
 * loads them); an error `use` throws gets the path in front of its message,
 * keeping its class. (Errors reading the file already name it.)
 */
export async function readFileWith<T>(
  path: string | URL,
  use: (bytes: Uint8Array) => T,
): Promise<T> {
  const bytes = await Deno.readFile(path);
  try {
    return use(bytes);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const Class = error.constructor as ErrorConstructor;
    throw new Class(`${String(path)}: ${error.message}`, { cause: error });
  }
}
