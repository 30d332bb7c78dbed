/**
 * A second core for the kernels: a worker (`gemm_worker.ts`) with its own
 * instance of the kernels on the same shared WebAssembly memory, which joins
 * the main thread on a job (a product cut into blocks, or a recurrent loop
 * cut into chunks; both threads claim pieces in turn, see `kernels.as`
 * `gemmJob` and `recurrent.as`).
 *
 * Protocol (Int32 words at byte 0 of the memory): the main thread writes the
 * job's kind and address, opens it (`entry` = 4·J), increments `job` and wakes
 * the worker if it sleeps, then works on the job itself. The worker, seeing a
 * new job, *enters* it by a compare-and-swap of `entry` from 4·J to 4·J + 1,
 * works, and stores J into `done`. When the main thread has finished every
 * piece, it *closes* the job by a compare-and-swap from 4·J to 4·J + 2: if that
 * succeeds the worker never entered (it was late, or descheduled: the machine
 * is shared) and nobody waits for it; if it fails the worker is in and the
 * main thread waits for `done`. So a busy second core costs at most the piece
 * it holds, never a whole share. A side that gives up spinning sets its
 * `…Sleeps` word before it sleeps, and the other side wakes it (a system call)
 * only then.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { WasmFlavor } from "./module.ts";

/** Layout of the control words (indices into an Int32Array at byte 0). */
export const CONTROL = {
  job: 0,
  done: 1,
  ready: 2,
  address: 3,
  kind: 4,
  entry: 5,
  generation: 6,
  workerSleeps: 7,
  mainSleeps: 8,
  words: 9,
} as const;

/** Values of the `kind` word: a shared product (`gemmJob`) or a recurrent loop (`runSequence`). */
export const JOB_KIND = { gemm: 0, sequence: 1 } as const;

/** The `entry` word of job `job` in state `state` (0 open, 1 worker in, 2 closed). */
export function entryWord(job: number, state: 0 | 1 | 2): number {
  return (job & 0x1fffffff) * 4 + state;
}

/** Busy-wait iterations before falling back to `Atomics.wait`. */
export const SPIN_LIMIT = 20000;

/** A started worker and its view of the control words. */
export class GemmWorker {
  readonly #worker: Worker;
  readonly #ctl: Int32Array;
  #job = 0;
  #failed = false;

  /**
   * Starts the worker on `memory` with `work` as its gemm scratch; it becomes
   * usable once {@link ready} is true.
   */
  constructor(memory: WebAssembly.Memory, flavor: WasmFlavor, work: number) {
    this.#ctl = new Int32Array(memory.buffer, 0, CONTROL.words);
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

  /** Offers the job of `kind` described at `address` to the worker (then work on it too). */
  post(kind: number, address: number): void {
    const ctl = this.#ctl;
    this.#job = (this.#job + 1) | 0;
    Atomics.store(ctl, CONTROL.kind, kind);
    Atomics.store(ctl, CONTROL.address, address);
    Atomics.store(ctl, CONTROL.entry, entryWord(this.#job, 0));
    Atomics.store(ctl, CONTROL.job, this.#job);
    if (Atomics.load(ctl, CONTROL.workerSleeps)) Atomics.notify(ctl, CONTROL.job);
  }

  /**
   * Called when the main thread has finished every piece of the job: closes
   * it if the worker never entered, else waits until the worker is done.
   */
  finish(): void {
    const ctl = this.#ctl, open = entryWord(this.#job, 0);
    if (Atomics.compareExchange(ctl, CONTROL.entry, open, entryWord(this.#job, 2)) === open) return;
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
