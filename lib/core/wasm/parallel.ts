/**
 * Splitting one matrix product across two cores: the main thread computes one
 * block of C while a worker (`gemm_worker.ts`) computes the other, both in the
 * same shared WebAssembly memory.
 *
 * Protocol (Int32 words at byte 0 of the memory): the main thread writes the
 * 14 `gemm` arguments (or, for a recurrent job, its address and the thread
 * index) and the job's `kind`, increments `job` and notifies; the worker runs
 * it and stores the job number into `done`. A recurrent job (`sequence.ts`)
 * runs on both threads at once, which meet at barriers inside WebAssembly.
 * A side that gives up spinning sets its `…Sleeps` word before it sleeps, and
 * the other side wakes it only then: a wake-up is a system call, and most
 * jobs find the other side still spinning. Both sides spin a little before sleeping,
 * because a futex wake-up costs tens of microseconds and products come in bursts.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { WasmExports, WasmFlavor } from "./module.ts";

/** Layout of the control words (indices into an Int32Array at byte 0). */
export const CONTROL = {
  job: 0,
  done: 1,
  ready: 2,
  args: 3,
  kind: 17,
  generation: 18,
  workerSleeps: 19,
  mainSleeps: 20,
  words: 21,
} as const;

/** Values of the `kind` word: a block of a product, or thread 1's share of a recurrent job. */
export const JOB_KIND = { gemm: 0, sequence: 1 } as const;

/** Busy-wait iterations before falling back to `Atomics.wait`. */
export const SPIN_LIMIT = 20000;

/** A started worker and its view of the control words. */
export class GemmWorker {
  readonly #worker: Worker;
  readonly #ctl: Int32Array;
  readonly #args: Uint32Array;
  #job = 0;
  #failed = false;

  /**
   * Starts the worker on `memory` with `work` as its gemm scratch; it becomes
   * usable once {@link ready} is true.
   */
  constructor(memory: WebAssembly.Memory, flavor: WasmFlavor, work: number) {
    this.#ctl = new Int32Array(memory.buffer, 0, CONTROL.words);
    this.#args = new Uint32Array(memory.buffer, 0, CONTROL.words);
    this.#job = Atomics.load(this.#ctl, CONTROL.job);
    // Each worker serves one generation: a worker from an earlier one (stopped, but perhaps
    // not yet gone) sees the word change and leaves instead of taking this worker's jobs.
    const generation = Atomics.add(this.#ctl, CONTROL.generation, 1) + 1;
    this.#worker = new Worker(new URL("./gemm_worker.ts", import.meta.url), {
      workerData: { memory, flavor, work, generation },
    });
    // Readiness is a word in shared memory, not a message: a synchronous
    // training loop never yields to the event loop that would deliver one.
    Atomics.store(this.#ctl, CONTROL.ready, 0);
    this.#worker.on("error", () => this.#failed = true);
    // An idle worker must not keep the process (or a notebook kernel's exit) waiting.
    this.#worker.unref();
  }

  /** True once the worker has compiled its instance and waits for jobs. */
  get ready(): boolean {
    return !this.#failed && Atomics.load(this.#ctl, CONTROL.ready) === 1;
  }

  /** Posts one `gemm` call (same arguments as {@link WasmExports.gemm}). */
  start(args: Parameters<WasmExports["gemm"]>): void {
    this.#post(JOB_KIND.gemm, args);
  }

  /** Posts thread 1's share of the recurrent job at `job` (see {@link WasmExports.runSequence}). */
  startSequence(job: number): void {
    this.#post(JOB_KIND.sequence, [job, 1]);
  }

  #post(kind: number, args: readonly number[]): void {
    this.#args.set(args.map((x) => x >>> 0), CONTROL.args);
    Atomics.store(this.#ctl, CONTROL.kind, kind);
    this.#job = (this.#job + 1) | 0;
    Atomics.store(this.#ctl, CONTROL.job, this.#job);
    if (Atomics.load(this.#ctl, CONTROL.workerSleeps)) Atomics.notify(this.#ctl, CONTROL.job);
  }

  /** Blocks until the last posted call has finished. */
  finish(): void {
    const ctl = this.#ctl;
    let spins = 0;
    while (Atomics.load(ctl, CONTROL.done) !== this.#job) {
      if (++spins > SPIN_LIMIT) {
        Atomics.store(ctl, CONTROL.mainSleeps, 1);
        const done = Atomics.load(ctl, CONTROL.done);
        if (done !== this.#job) Atomics.wait(ctl, CONTROL.done, done, 1);
        Atomics.store(ctl, CONTROL.mainSleeps, 0);
        spins = 0;
      }
    }
  }

  /** Stops the worker (tests call this so no thread outlives them). */
  async terminate(): Promise<void> {
    this.#failed = true;
    Atomics.store(this.#ctl, CONTROL.ready, 0);
    Atomics.add(this.#ctl, CONTROL.generation, 1);
    Atomics.notify(this.#ctl, CONTROL.job); // wake it: it sees the generation change and leaves
    await this.#worker.terminate();
  }
}
