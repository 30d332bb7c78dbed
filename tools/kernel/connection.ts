/**
 * Connection files: the JSON a Jupyter kernel reads to know its ports and key.
 *
 * @module
 */

/** The fields of a Jupyter connection file (transport tcp). */
export interface ConnectionInfo {
  transport: "tcp";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/**
 * Finds `count` distinct free TCP ports on `ip` by binding to port 0 and releasing.
 * All listeners stay open until every port is chosen, so the ports differ.
 */
export function freePorts(count: number, ip = "127.0.0.1"): number[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`freePorts: count must be a positive integer, got ${count}`);
  }
  const listeners = Array.from({ length: count }, () => Deno.listen({ hostname: ip, port: 0 }));
  try {
    return listeners.map((l) => (l.addr as Deno.NetAddr).port);
  } finally {
    for (const l of listeners) l.close();
  }
}

/** A random hex key of `bytes` bytes for message signing. */
export function randomKey(bytes = 32): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

/**
 * Makes connection info with fresh free ports and a random key.
 *
 * @example
 * ```ts
 * const info = newConnectionInfo();
 * console.log(info.shell_port !== info.iopub_port); // true
 * ```
 */
export function newConnectionInfo(ip = "127.0.0.1"): ConnectionInfo {
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = freePorts(5, ip);
  return {
    transport: "tcp",
    ip,
    shell_port,
    iopub_port,
    stdin_port,
    control_port,
    hb_port,
    key: randomKey(),
    signature_scheme: "hmac-sha256",
    kernel_name: "deno",
  };
}

/** The ZeroMQ endpoint of `port` in `info`, e.g. `tcp://127.0.0.1:5555`. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
