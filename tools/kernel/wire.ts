/**
 * The Jupyter wire protocol (v5.3): message headers, HMAC-SHA256 signing and the
 * multipart frame layout `[ids…, "<IDS|MSG>", signature, header, parent, metadata, content]`.
 *
 * @module
 */

/** The frame that separates routing identities from the signed message. */
export const DELIMITER = "<IDS|MSG>";

/** Protocol version we speak. */
export const PROTOCOL_VERSION = "5.3";

/** A message header as defined by the Jupyter messaging spec. */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message. Content is left untyped: each msg_type has its own shape. */
export interface Message {
  header: Header;
  /** Empty object when the message has no parent. */
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  // deno-lint-ignore no-explicit-any
  content: any;
  /** Routing identities (shell) or topic (iopub) that preceded the delimiter. */
  identities?: Uint8Array[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Signs and verifies messages with the connection file's key (HMAC-SHA256, hex digest).
 *
 * @example
 * ```ts
 * const signer = await Signer.create("secret");
 * const sig = await signer.sign(["{}", "{}", "{}", "{}"]);
 * console.log(sig.length); // 64 hex characters
 * ```
 */
export class Signer {
  private constructor(private readonly key: CryptoKey | null) {}

  /** Imports `key` for HMAC-SHA256; an empty key disables signing (as the spec allows). */
  static async create(key: string): Promise<Signer> {
    if (key === "") return new Signer(null);
    const cryptoKey = await crypto.subtle.importKey(
      "raw",
      encoder.encode(key),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return new Signer(cryptoKey);
  }

  /** Hex HMAC of the concatenated frames (header, parent, metadata, content). */
  async sign(frames: (string | Uint8Array)[]): Promise<string> {
    if (this.key === null) return "";
    const parts = frames.map((f) => typeof f === "string" ? encoder.encode(f) : f);
    const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      total.set(p, offset);
      offset += p.length;
    }
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", this.key, total));
    return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  }
}

/** Builds a fresh header for a message of type `msgType` in `session`. */
export function makeHeader(msgType: string, session: string): Header {
  return {
    msg_id: crypto.randomUUID(),
    session,
    username: "course",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** Serializes `msg` into signed frames (without routing identities: a Dealer needs none). */
export async function encodeMessage(
  signer: Signer,
  msg: Pick<Message, "header" | "parent_header" | "metadata" | "content">,
): Promise<string[]> {
  const body = [
    JSON.stringify(msg.header),
    JSON.stringify(msg.parent_header),
    JSON.stringify(msg.metadata),
    JSON.stringify(msg.content),
  ];
  return [DELIMITER, await signer.sign(body), ...body];
}

/**
 * Parses multipart `frames` into a message and checks its signature.
 * Throws when the delimiter is missing or the signature does not match.
 */
export async function decodeMessage(signer: Signer, frames: Uint8Array[]): Promise<Message> {
  const at = frames.findIndex((f) => decoder.decode(f) === DELIMITER);
  if (at < 0 || frames.length < at + 6) {
    throw new Error(
      `Malformed Jupyter message: expected "${DELIMITER}" followed by 5 frames, got ${frames.length} frames`,
    );
  }
  const [signature, header, parent, metadata, content] = frames.slice(at + 1, at + 6);
  const expected = await signer.sign([header, parent, metadata, content]);
  const got = decoder.decode(signature);
  if (got !== expected) {
    throw new Error(`Bad message signature: got "${got}", expected "${expected}"`);
  }
  return {
    identities: frames.slice(0, at),
    header: JSON.parse(decoder.decode(header)),
    parent_header: JSON.parse(decoder.decode(parent)),
    metadata: JSON.parse(decoder.decode(metadata)),
    content: JSON.parse(decoder.decode(content)),
  };
}
