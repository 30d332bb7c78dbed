/**
 * The second core's side of a parallel matrix product (a `node:worker_threads`
 * worker, so the main thread can `unref()` it and the process still exits).
 *
 * It instantiates the same kernels on the same shared memory, then loops:
 * wait for the job counter to move, enter the job (unless the main thread has
 * closed it already), claim pieces of it, publish completion. See
 * `parallel.ts` for the protocol. See `parallel.ts` for the protocol.
 *
 * @module
 */

import { parentPort, workerData } from "node:worker_threads";
import { compileKernels, instantiate, type WasmFlavor } from "./module.ts";
import { CONTROL, entryWord, JOB_KIND, SPIN_LIMIT } from "./parallel.ts";

const { memory, flavor, generation } = workerData as {
  memory: WebAssembly.Memory;
  flavor: WasmFlavor;
  generation: number;
};

const compiled = compileKernels(flavor);
if (!compiled) throw new Error(`gemm worker: the "${flavor}" WebAssembly build does not load`);
const w = instantiate(compiled.module, memory);
const ctl = new Int32Array(memory.buffer, 0, CONTROL.words);
// Warm up before announcing readiness: V8 first runs wasm in its baseline
// compiler and tiers up hot functions later, and the main thread would wait
// for a slow worker. Scratch operands sit in the unused tail of our own work area.
const { work } = workerData as { work: number };
for (let r = 0; r < 200; r++) {
  w.gemm(
    r & 1,
    (r >> 1) & 1,
    32,
    64,
    64,
    work + (1 << 20),
    work + (5 << 18),
    work + (3 << 19),
    1,
    0,
    32,
    0,
    64,
    work,
  );
}
// Jobs counted from now: an earlier worker on this memory may have left the counter anywhere,
// and its last job must not run again here.
let seen = Atomics.load(ctl, CONTROL.job);
const current = () => Atomics.load(ctl, CONTROL.generation) === generation;
/** Announces the job done, waking the main thread only if it sleeps. */
const publish = () => {
  Atomics.store(ctl, CONTROL.done, seen);
  if (Atomics.load(ctl, CONTROL.mainSleeps)) Atomics.notify(ctl, CONTROL.done);
};
if (current()) Atomics.store(ctl, CONTROL.ready, 1);
parentPort?.postMessage("ready");

while (current()) {
  // Spin briefly (jobs come in bursts during training), then sleep on the futex.
  let spins = 0;
  while (Atomics.load(ctl, CONTROL.job) === seen && current()) {
    if (++spins > SPIN_LIMIT) {
      Atomics.store(ctl, CONTROL.workerSleeps, 1);
      if (Atomics.load(ctl, CONTROL.job) === seen && current()) {
        Atomics.wait(ctl, CONTROL.job, seen);
      }
      Atomics.store(ctl, CONTROL.workerSleeps, 0);
      spins = 0;
    }
  }
  if (!current()) break;
  seen = Atomics.load(ctl, CONTROL.job);
  // Enter the job unless the main thread has already closed it (it did every piece itself).
  const open = entryWord(seen, 0);
  if (Atomics.compareExchange(ctl, CONTROL.entry, open, entryWord(seen, 1)) !== open) continue;
  const address = Atomics.load(ctl, CONTROL.address) >>> 0;
  if (Atomics.load(ctl, CONTROL.kind) === JOB_KIND.sequence) w.runSequence(address, 1);
  else w.gemmJob(address, 1);
  publish();
}
