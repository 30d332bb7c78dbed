/**
 * A Jupyter client for the Deno kernel: starts `deno jupyter --kernel`, executes code
 * over ZeroMQ and collects the outputs as nbformat outputs.
 *
 * Since Deno 2.8.2 the kernel may publish `status: idle` before a cell's last outputs,
 * so a cell is complete only after its `execute_reply`, its `idle`, and a grace period
 * of iopub silence.
 *
 * @module
 */

import { Dealer, Subscriber } from "zeromq";
import type { Output } from "../nbformat.ts";
import { stripAnsi } from "../nbformat.ts";
import { type ConnectionInfo, endpoint, newConnectionInfo } from "./connection.ts";
import { OutputCollector } from "./outputs.ts";
import { AsyncQueue } from "./queue.ts";
import { decodeMessage, encodeMessage, makeHeader, type Message, Signer } from "./wire.ts";

/** How to start a kernel. */
export interface KernelOptions {
  /** Working directory of the kernel (the notebook's folder, so relative imports resolve). */
  cwd: string;
  /** The deno binary; default: the one running this program. */
  denoPath?: string;
  /** Extra environment variables (NO_COLOR=1 is always set). */
  env?: Record<string, string>;
  /** Give up if the kernel has not answered `kernel_info_request` after this long. Default 60 s. */
  startTimeoutMs?: number;
}

/** How to execute one cell. */
export interface ExecuteOptions {
  /** Fail when the cell has not finished after this long. Default 120 s. */
  timeoutMs?: number;
  /** After reply and idle, keep reading iopub until this much silence. Default 300 ms. */
  graceMs?: number;
}

/** An error raised by a cell, as the kernel reported it. */
export interface CellError {
  ename: string;
  evalue: string;
  /** Traceback lines with ANSI colours removed. */
  traceback: string[];
}

/** The outcome of executing one cell. */
export interface ExecuteResult {
  status: "ok" | "error";
  executionCount: number | null;
  outputs: Output[];
  /** Present when status is "error". */
  error?: CellError;
}

/** Thrown when a cell exceeds its time limit. */
export class CellTimeoutError extends Error {
  /** @param timeoutMs the limit that was exceeded */
  constructor(readonly timeoutMs: number) {
    super(`Cell did not finish within ${timeoutMs / 1000} s`);
    this.name = "CellTimeoutError";
  }
}

type Event =
  | { channel: "shell" | "iopub"; msg: Message }
  | { channel: "exit"; code: number };

/**
 * Runs the kernel under `sh`, which kills it when our end of its stdin closes: that
 * happens on shutdown and also when this process dies, even by SIGKILL, so a killed
 * runner never leaves a kernel behind.
 */
// sh gives background jobs /dev/null as stdin, so the watcher gets ours through fd 3.
const WATCHDOG = `exec 3<&0
"$1" jupyter --kernel --conn "$2" </dev/null 3<&- & k=$!
(while read -r _; do :; done <&3; kill -9 $k 2>/dev/null) &
w=$!
wait $k; s=$?
kill $w 2>/dev/null
exit $s`;

/** Every running kernel, so a signal handler can stop them all. */
const running = new Set<KernelClient>();

/** Shuts down every kernel started by this process that is still running. */
export async function shutdownAllKernels(): Promise<void> {
  await Promise.all([...running].map((k) => k.shutdown()));
}

/**
 * A running Deno kernel and the sockets connected to it.
 *
 * @example
 * ```ts ignore
 * await using kernel = await KernelClient.start({ cwd: "notebooks" });
 * const result = await kernel.execute("console.log(1 + 1)");
 * console.log(result.outputs); // [{ output_type: "stream", name: "stdout", text: "2\n" }]
 * ```
 */
export class KernelClient {
  private readonly events = new AsyncQueue<Event>();
  private readonly collector = new OutputCollector();
  private readonly session = crypto.randomUUID();
  private exitCode: number | null = null;
  private stderrText = "";
  private stopped: Promise<void> | null = null;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly signer: Signer,
    private readonly dir: string,
    private readonly child: Deno.ChildProcess,
    private readonly shell: Dealer,
    private readonly control: Dealer,
    private readonly iopub: Subscriber,
  ) {}

  /** Starts a kernel in `options.cwd` and waits until it answers on shell and iopub. */
  static async start(options: KernelOptions): Promise<KernelClient> {
    const info = newConnectionInfo();
    const dir = await Deno.makeTempDir({ prefix: "course-kernel-" });
    const connFile = `${dir}/connection.json`;
    await Deno.writeTextFile(connFile, JSON.stringify(info));
    const child = new Deno.Command("sh", {
      args: ["-c", WATCHDOG, "kernel", options.denoPath ?? Deno.execPath(), connFile],
      cwd: options.cwd,
      env: { ...options.env, NO_COLOR: "1" },
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // Never block on a dead kernel: sends time out, close drops unsent messages.
    const socketOptions = { sendTimeout: 2000, linger: 0 };
    const shell = new Dealer(socketOptions);
    const control = new Dealer(socketOptions);
    const iopub = new Subscriber({ linger: 0 });
    shell.connect(endpoint(info, info.shell_port));
    control.connect(endpoint(info, info.control_port));
    iopub.connect(endpoint(info, info.iopub_port));
    iopub.subscribe();
    const kernel = new KernelClient(
      info,
      await Signer.create(info.key),
      dir,
      child,
      shell,
      control,
      iopub,
    );
    running.add(kernel);
    kernel.pump();
    try {
      await kernel.waitReady(options.startTimeoutMs ?? 60_000);
    } catch (e) {
      await kernel.shutdown();
      throw e;
    }
    return kernel;
  }

  /** Background loops: sockets and the child process feed one event queue. */
  private pump(): void {
    const read = async (socket: Dealer | Subscriber, channel: "shell" | "iopub") => {
      try {
        for await (const frames of socket) {
          try {
            this.events.push({ channel, msg: await decodeMessage(this.signer, frames) });
          } catch (e) {
            this.stderrText += `\n[client] dropped ${channel} message: ${(e as Error).message}`;
          }
        }
      } catch {
        // The socket was closed during shutdown.
      }
    };
    read(this.shell, "shell");
    read(this.iopub, "iopub");
    (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of this.child.stderr) {
          // Keep the tail: it explains a kernel that failed to start.
          this.stderrText = (this.stderrText + decoder.decode(chunk)).slice(-20_000);
        }
      } catch {
        // stderr closed
      }
    })();
    this.child.status.then((s) => {
      this.exitCode = s.code;
      this.events.push({ channel: "exit", code: s.code });
    });
  }

  private async send(socket: Dealer, msgType: string, content: unknown): Promise<string> {
    const header = makeHeader(msgType, this.session);
    await socket.send(
      await encodeMessage(this.signer, { header, parent_header: {}, metadata: {}, content }),
    );
    return header.msg_id;
  }

  private deathError(what: string): Error {
    const tail = stripAnsi(this.stderrText).trim().split("\n").slice(-20).join("\n");
    return new Error(
      `Kernel exited with code ${this.exitCode} ${what}${tail ? `; its stderr:\n${tail}` : ""}`,
    );
  }

  /** Sends kernel_info_request until a reply arrives and iopub delivers messages. */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let replied = false;
    let iopubLive = false;
    while (!(replied && iopubLive)) {
      if (Date.now() > deadline) {
        throw new Error(
          `Kernel did not answer kernel_info_request within ${timeoutMs / 1000} s` +
            (this.stderrText ? `; its stderr:\n${stripAnsi(this.stderrText).slice(-2000)}` : ""),
        );
      }
      await this.send(this.shell, "kernel_info_request", {});
      const retryAt = Date.now() + 250;
      for (let ev; (ev = await this.events.next(retryAt - Date.now()));) {
        if (ev.channel === "exit") throw this.deathError("while starting");
        if (ev.channel === "shell" && ev.msg.header.msg_type === "kernel_info_reply") {
          replied = true;
        }
        if (ev.channel === "iopub") iopubLive = true; // the subscription is established
        if (replied && iopubLive) break;
      }
    }
  }

  /**
   * Executes `code` and returns its outputs. Outputs of earlier cells may be updated in
   * place by `update_display_data` messages of this cell.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (this.stopped) throw new Error("KernelClient.execute: the kernel has been shut down");
    if (this.exitCode !== null) throw this.deathError("before the cell was sent");
    const timeoutMs = options.timeoutMs ?? 120_000;
    const graceMs = options.graceMs ?? 300;
    const msgId = await this.send(this.shell, "execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const outputs: Output[] = [];
    // deno-lint-ignore no-explicit-any
    let reply: any = null;
    let idle = false;
    const deadline = Date.now() + timeoutMs;
    let quietUntil = 0;
    while (true) {
      const done = reply !== null && idle;
      const wait = done ? quietUntil - Date.now() : deadline - Date.now();
      if (!done && wait <= 0) throw new CellTimeoutError(timeoutMs);
      const ev = await this.events.next(wait);
      if (ev === undefined) {
        if (done) break;
        continue;
      }
      if (ev.channel === "exit") throw this.deathError("while running the cell");
      if (ev.msg.parent_header.msg_id !== msgId) continue;
      if (ev.channel === "shell") {
        if (ev.msg.header.msg_type === "execute_reply") reply = ev.msg.content;
      } else if (ev.msg.header.msg_type === "status") {
        if (ev.msg.content.execution_state === "idle") idle = true;
      } else {
        this.collector.apply(outputs, ev.msg);
      }
      quietUntil = Date.now() + graceMs;
    }
    const status = reply.status === "ok" ? "ok" : "error";
    return {
      status,
      executionCount: reply.execution_count ?? null,
      outputs,
      error: status === "error"
        ? {
          ename: reply.ename ?? "Error",
          evalue: reply.evalue ?? "",
          traceback: (reply.traceback ?? []).map(stripAnsi),
        }
        : undefined,
    };
  }

  /** Asks the kernel to shut down, kills it if it does not exit in time, closes sockets. */
  shutdown(graceMs = 2000): Promise<void> {
    this.stopped ??= (async () => {
      if (this.exitCode === null) {
        try {
          await this.send(this.control, "shutdown_request", { restart: false });
        } catch {
          // the socket may be unusable; kill below
        }
        const exited = await Promise.race([
          this.child.status.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), graceMs)),
        ]);
        // Closing stdin makes the watchdog kill the kernel.
        if (!exited) await this.child.stdin.close().catch(() => {});
      }
      await this.child.status;
      await this.child.stdin.close().catch(() => {});
      for (const s of [this.shell, this.control, this.iopub]) s.close();
      running.delete(this);
      await Deno.remove(this.dir, { recursive: true }).catch(() => {});
    })();
    return this.stopped;
  }

  /** Lets `await using kernel = …` shut the kernel down. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** The process id of the kernel's watchdog shell (the kernel is its child). */
  get pid(): number {
    return this.child.pid;
  }

  /** Path of the connection file the kernel was started with. */
  get connectionFile(): string {
    return `${this.dir}/connection.json`;
  }

  /** The connection info given to the kernel (ports and key). */
  get connection(): Readonly<ConnectionInfo> {
    return this.info;
  }
}
