/**
 * Base64 for the embedded WebAssembly binaries (no `@std/encoding`: JSR is
 * unreachable, and `atob`/`btoa` work on any JavaScript runtime).
 *
 * @module
 */

/**
 * Encodes bytes as base64.
 *
 * @example
 * ```ts
 * import { encodeBase64 } from "./base64.ts";
 * console.assert(encodeBase64(new Uint8Array([104, 105])) === "aGk=");
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunks keep String.fromCharCode's argument list short.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Decodes base64 into bytes; throws on characters outside the base64 alphabet.
 *
 * @example
 * ```ts
 * import { decodeBase64 } from "./base64.ts";
 * console.assert(decodeBase64("aGk=")[1] === 105);
 * ```
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
