/**
 * A Jupyter client for the Deno kernel: starts `deno jupyter --kernel`, executes code
 * over ZeroMQ and collects the outputs as nbformat outputs, routed by parent message id.
 *
 * The kernel may publish `status: idle` before a cell's last outputs, so
 * {@link KernelClient.execute} ends a cell after its reply, its idle and a grace period
 * of silence, all within the time limit (a timer that never stops times out).
 * Run All emulation: `queued.ts`; errors: `errors.ts`.
 *
 * @module
 */

import { Dealer, Subscriber } from "zeromq";
import { type ConnectionInfo, endpoint, newConnectionInfo } from "./connection.ts";
import { explainExecutionFailed } from "./diagnose.ts";
import {
  type CellError,
  CellTimeoutError,
  DEFAULT_TIMEOUT_MS,
  KernelExitError,
  waitingFor,
} from "./errors.ts";
import { flushCode, SETUP_CODE } from "./hooks.ts";
import { type KernelProcess, killKernel, spawnKernel } from "./process.ts";
import { AsyncQueue } from "./queue.ts";
import { type Arrival, type CellRecord, CellRouter } from "./router.ts";
import { decodeMessage, encodeMessage, makeHeader, Signer } from "./wire.ts";
import { type Output, stripAnsi } from "../nbformat.ts";

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
  /** Report errors thrown in timers and unhandled rejections as cell errors. Default true. */
  reportUncaught?: boolean;
  /** Record late and misplaced outputs as problems (queued mode). Default false. */
  strict?: boolean;
}

/** How to execute one cell. */
export interface ExecuteOptions {
  /** Fail when the cell, including output arriving after its reply, takes longer. Default 300 s. */
  timeoutMs?: number;
  /** After reply and idle, keep reading until this much silence. Default 300 ms. */
  graceMs?: number;
}

/** The outcome of executing one cell. */
export interface ExecuteResult {
  status: "ok" | "error";
  executionCount: number | null;
  /** The cell's outputs (the same array as `record.outputs`). */
  outputs: Output[];
  /** Present when status is "error": the reply's error, else the first uncaught error. */
  error?: CellError;
  /** Timeline and routing of the cell's messages. */
  record: CellRecord;
}

type Event = Arrival | { channel: "exit"; code: number };

/** Every running kernel, so a signal handler can stop them all. */
const running = new Set<KernelClient>();

/**
 * How long the sockets of a kernel that was shut down stay open, disconnected, before they
 * are closed. Closing a zeromq.js socket frees its poll handle, and under Deno's libuv layer
 * a poll event still in flight for that handle can be delivered after it: the runner died
 * with SIGSEGV in zeromq's addon (`Poller::Callback`, a use after free) once in 10
 * whole-course runs, and within 70–230 kernels when three clients started and stopped
 * kernels in a loop. The dying kernel's connections make those events; a socket that has
 * been disconnected for a while has none (no such crash in over 600 kernels since).
 */
const QUIET_BEFORE_CLOSE_MS = 300;

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
  /** Routes messages to cells; also the timeline of every executed cell. */
  readonly router: CellRouter;
  private readonly events = new AsyncQueue<Event>();
  /** What the socket loops deliver to; emptied when the kernel is shut down. */
  private readonly sink: {
    events?: AsyncQueue<Event>;
    signer: Signer;
    stderr?: KernelProcess["stderr"];
  };
  private readonly session = crypto.randomUUID();
  private exitCode: number | null = null;
  private stopped: Promise<void> | null = null;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly signer: Signer,
    private readonly dir: string,
    private readonly proc: KernelProcess,
    private readonly shell: Dealer,
    private readonly control: Dealer,
    private readonly iopub: Subscriber,
    private readonly denoPath: string,
    strict: boolean,
  ) {
    this.router = new CellRouter(strict);
    this.sink = { events: this.events, signer, stderr: proc.stderr };
  }

  /** Starts a kernel in `options.cwd` and waits until it answers on shell and iopub. */
  static async start(options: KernelOptions): Promise<KernelClient> {
    const info = newConnectionInfo();
    const dir = await Deno.makeTempDir({ prefix: "course-kernel-" });
    const connFile = `${dir}/connection.json`;
    await Deno.writeTextFile(connFile, JSON.stringify(info));
    const denoPath = options.denoPath ?? Deno.execPath();
    const proc = spawnKernel(denoPath, connFile, options.cwd, options.env);
    // Never block on a dead kernel: sends time out, close drops unsent messages.
    const socketOptions = { sendTimeout: 2000, linger: 0 };
    const [shell, control] = [new Dealer(socketOptions), new Dealer(socketOptions)];
    const iopub = new Subscriber({ linger: 0 });
    shell.connect(endpoint(info, info.shell_port));
    control.connect(endpoint(info, info.control_port));
    iopub.connect(endpoint(info, info.iopub_port));
    iopub.subscribe();
    const signer = await Signer.create(info.key);
    const kernel = new KernelClient(
      info,
      signer,
      dir,
      proc,
      shell,
      control,
      iopub,
      denoPath,
      options.strict ?? false,
    );
    running.add(kernel);
    kernel.pump();
    try {
      await kernel.waitReady(options.startTimeoutMs ?? 60_000);
      if ((options.reportUncaught ?? true) && !(await kernel.runInternal(SETUP_CODE, 30_000))) {
        throw new Error("The kernel did not run the runner's setup code within 30 s");
      }
    } catch (e) {
      await kernel.shutdown();
      throw e;
    }
    return kernel;
  }

  /** Background loops: sockets and the child process feed one event queue. */
  private pump(): void {
    // Messages that arrive while the sockets go quiet before closing are dropped: `sink` is
    // emptied at shutdown.
    const sink = this.sink;
    const read = async (socket: Dealer | Subscriber, channel: "shell" | "iopub") => {
      try {
        for await (const frames of socket) {
          const at = performance.now();
          if (!sink.events) continue;
          try {
            sink.events.push({ channel, msg: await decodeMessage(sink.signer, frames), at });
          } catch (e) {
            sink.stderr?.append(`\n[client] dropped ${channel} message: ${(e as Error).message}\n`);
          }
        }
      } catch {
        // The socket was closed during shutdown.
      }
    };
    read(this.shell, "shell");
    read(this.iopub, "iopub");
    this.proc.exited.then((code) => {
      this.exitCode = code;
      this.events.push({ channel: "exit", code });
    });
  }

  private async send(socket: Dealer, msgType: string, content: unknown): Promise<string> {
    const header = makeHeader(msgType, this.session);
    await socket.send(
      await encodeMessage(this.signer, { header, parent_header: {}, metadata: {}, content }),
    );
    return header.msg_id;
  }

  private exitError(record?: CellRecord): KernelExitError {
    return new KernelExitError(this.exitCode ?? -1, this.proc.stderr.tail(20), record);
  }

  /** Sends kernel_info_request until a reply arrives and iopub delivers messages. */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let [replied, iopubLive] = [false, false];
    while (!(replied && iopubLive)) {
      if (performance.now() > deadline) {
        const tail = this.proc.stderr.tail(20);
        throw new Error(
          `Kernel did not answer kernel_info_request within ${timeoutMs / 1000} s` +
            (tail ? `; its stderr:\n${tail}` : ""),
        );
      }
      await this.send(this.shell, "kernel_info_request", {});
      const retryAt = performance.now() + 250;
      for (let ev; (ev = await this.events.next(retryAt - performance.now()));) {
        if (ev.channel === "exit") throw this.exitError();
        if (ev.channel === "shell" && ev.msg.header.msg_type === "kernel_info_reply") {
          replied = true;
        }
        if (ev.channel === "iopub") iopubLive = true; // the subscription is established
        if (replied && iopubLive) break;
      }
    }
  }

  /** Sends an execute_request; `silent` ones do not count executions. Returns its id. */
  private sendExecute(code: string, silent: boolean): Promise<string> {
    return this.send(this.shell, "execute_request", {
      code,
      silent,
      store_history: !silent,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: !silent,
    });
  }

  /** Sends `code` as a cell and returns its record (outputs and timeline fill in later). */
  async submit(code: string): Promise<CellRecord> {
    if (this.stopped) throw new Error("KernelClient.submit: the kernel has been shut down");
    if (this.exitCode !== null) throw this.exitError();
    const sentAt = performance.now();
    return this.router.add(await this.sendExecute(code, false), sentAt);
  }

  /**
   * Reads messages until `done()` holds (true) or `deadline` passes (false). Wakes at
   * `wakeAt()` too, so time-based conditions are re-checked. Throws
   * {@link KernelExitError} (naming `running`) if the kernel exits.
   */
  async pollUntil(
    done: () => boolean,
    deadline: number,
    wakeAt: () => number = () => Infinity,
    running?: () => CellRecord | undefined,
  ): Promise<boolean> {
    while (!done()) {
      const wait = Math.min(deadline, wakeAt()) - performance.now();
      if (wait <= 0 && performance.now() >= deadline) return false;
      const ev = await this.events.next(Math.max(wait, 1));
      if (ev?.channel === "exit") throw this.exitError(running?.());
      if (ev) this.router.dispatch(ev);
    }
    return true;
  }

  /**
   * Runs the runner's own `code` silently and waits (at most `timeoutMs`) for its reply,
   * its idle and, with `marker`, the marker it sends. Returns false on timeout.
   */
  private async runInternal(code: string, timeoutMs: number, marker = false): Promise<boolean> {
    const id = await this.sendExecute(code, true);
    this.router.addInternal(id);
    const state = this.router.internal.get(id)!;
    return await this.pollUntil(
      () => state.replied && state.idle && (state.flushed || !marker),
      performance.now() + timeoutMs,
      undefined,
      () => this.router.mostRecent(),
    );
  }

  /**
   * Waits `settleMs` inside the kernel, then until everything the kernel produced before
   * has arrived (see `flushCode`). Output and errors that arrive meanwhile go to the
   * cell that ran last. Returns false if that did not happen within `timeoutMs`.
   */
  flush(settleMs: number, timeoutMs = settleMs + 30_000): Promise<boolean> {
    return this.runInternal(flushCode(settleMs), timeoutMs, true);
  }

  /**
   * Executes `code` and returns its outputs. Outputs of earlier cells may be updated in
   * place by `update_display_data` messages of this cell. Throws
   * {@link CellTimeoutError} or {@link KernelExitError}.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const graceMs = options.graceMs ?? 300;
    const stderrMark = this.proc.stderr.mark();
    const record = await this.submit(code);
    const ok = await this.pollUntil(
      () => record.finished && performance.now() - record.lastAt >= graceMs,
      record.sentAt + timeoutMs,
      () => (record.finished ? record.lastAt + graceMs : Infinity),
      () => record,
    );
    if (!ok) throw new CellTimeoutError(timeoutMs, record, waitingFor(record));
    return await this.result(record, code, stderrMark);
  }

  /** The {@link ExecuteResult} of a finished cell. */
  async result(record: CellRecord, code: string, stderrMark: number): Promise<ExecuteResult> {
    const reply = record.reply ?? {};
    let error: CellError | undefined;
    if (reply.status !== "ok") {
      error = {
        ename: reply.ename ?? "Error",
        evalue: reply.evalue ?? "",
        traceback: (reply.traceback ?? []).map(stripAnsi),
        kind: "exception",
      };
      if (error.evalue === "Execution failed" && error.traceback.length === 0) {
        await this.proc.stderr.settle();
        error = await explainExecutionFailed(
          code,
          this.proc.stderr.since(stderrMark),
          this.denoPath,
        );
      }
    }
    error ??= record.uncaught[0];
    return {
      status: error ? "error" : "ok",
      executionCount: record.executionCount ?? reply.execution_count ?? null,
      outputs: record.outputs,
      error,
      record,
    };
  }

  /**
   * Interrupts the running cell (an `interrupt_request`), gives the kernel `waitMs` to
   * answer, then shuts it down, killing it if it does not exit at once.
   */
  async abort(waitMs = 1000): Promise<void> {
    if (this.exitCode === null && !this.stopped) {
      try {
        await this.send(this.control, "interrupt_request", {});
        const last = this.router.records.at(-1);
        await this.pollUntil(() => last?.finished ?? true, performance.now() + waitMs);
      } catch {
        // the kernel may already be gone; it is killed below
      }
    }
    await this.shutdown(500);
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
          this.proc.exited.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), graceMs)),
        ]);
        if (!exited) await killKernel(this.proc); // the watchdog kills the kernel
      }
      await killKernel(this.proc);
      await this.closeSockets();
      running.delete(this);
      await Deno.remove(this.dir, { recursive: true }).catch(() => {});
    })();
    return this.stopped;
  }

  /** Disconnects the sockets, lets them go quiet, then closes them (see {@link QUIET_BEFORE_CLOSE_MS}). */
  private async closeSockets(): Promise<void> {
    const ports = [this.info.shell_port, this.info.control_port, this.info.iopub_port];
    const sockets = [this.shell, this.control, this.iopub];
    sockets.forEach((socket, i) => {
      try {
        socket.disconnect(endpoint(this.info, ports[i]));
      } catch {
        // already disconnected
      }
    });
    this.sink.events = undefined;
    this.sink.stderr = undefined;
    await new Promise((resolve) => setTimeout(resolve, QUIET_BEFORE_CLOSE_MS));
    for (const socket of sockets) socket.close();
  }

  /** Lets `await using kernel = …` shut the kernel down. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** The process id of the kernel's watchdog shell (the kernel is its child). */
  get pid(): number {
    return this.proc.child.pid;
  }

  /** Path of the connection file the kernel was started with. */
  get connectionFile(): string {
    return `${this.dir}/connection.json`;
  }

  /** The connection info given to the kernel (ports and key). */
  get connection(): Readonly<ConnectionInfo> {
    return this.info;
  }

  /** The current end of the kernel's stderr, to pass to {@link KernelClient.result}. */
  stderrMark(): number {
    return this.proc.stderr.mark();
  }
}

export { type CellError, type CellErrorKind, CellTimeoutError, KernelExitError } from "./errors.ts";
