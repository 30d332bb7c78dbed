/**
 * Helpers for the PyTorch tests: the fixtures made by
 * `tools/fixtures/pytorch_rnn.py`, PyTorch's batch_first layout ↔ the
 * course's time-major rows, and exact comparisons.
 *
 * @module
 */

import { assert, assertEquals } from "@std/assert";
import { Matrix } from "../../lib/core/matrix.ts";
import type { Param } from "../../lib/layers/param.ts";
import { decodeSafetensors, type Safetensors, type Tensor } from "../../lib/io/safetensors.ts";

/** The URL of fixture `name` (without `.safetensors`). */
export function fixturePath(name: string): URL {
  return new URL(`../fixtures/pytorch/${name}.safetensors`, import.meta.url);
}

/** The decoded fixture `name`. */
export function readFixture(name: string): Safetensors {
  return decodeSafetensors(Deno.readFileSync(fixturePath(name)));
}

/** `[B, T, F]` (PyTorch, batch_first) → `[T·B × F]`, row `t·B + b` (the course). */
export function timeMajor(t: Tensor): Matrix {
  const [B, T, F] = t.shape;
  const out = new Matrix(T * B, F, t.dtype);
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < T; s++) {
      for (let f = 0; f < F; f++) out.data[(s * B + b) * F + f] = t.data[(b * T + s) * F + f];
    }
  }
  return out;
}

/** `[K, B, H]` (PyTorch's `h_n`) → K matrices `[B × H]`. */
export function perLayer(t: Tensor): Matrix[] {
  const [K, B, H] = t.shape;
  return Array.from(
    { length: K },
    (_, k) => new Matrix(B, H, t.dtype, t.data.slice(k * B * H, (k + 1) * B * H)),
  );
}

/** The largest |a − b| over all elements, after checking that the sizes agree. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, what: string): number {
  assertEquals(a.length, b.length, `${what}: sizes`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    assert(!Number.isNaN(d), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
    worst = Math.max(worst, d);
  }
  return worst;
}

/** Asserts `|a − b| ≤ tolerance` elementwise, naming the quantity and the gap. */
export function assertClose(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  tolerance: number,
  what: string,
): void {
  const d = maxDiff(a, b, what);
  assert(d <= tolerance, `${what}: max |difference| ${d.toExponential(2)} > ${tolerance}`);
}

/** Every parameter's bytes, to compare models exactly (−0 ≠ 0, NaN payloads). */
export function snapshot(params: readonly Param[]): string[] {
  return params.map((p) => {
    const d = p.value.data;
    return `${p.name}:${new Uint8Array(d.buffer, d.byteOffset, d.byteLength).join(",")}`;
  });
}
