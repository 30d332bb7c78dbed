// Float32 kernels in AssemblyScript, compiled to WebAssembly with 128-bit SIMD.
//
// Built by tools/build_wasm.ts twice: with relaxed SIMD (fused multiply-add,
// f32x4.relaxed_madd) and without (multiply then add), so engines without
// relaxed SIMD still get a working module. The file ends in `.as` so that
// `deno check`/`deno lint` leave it alone: it is AssemblyScript, not TypeScript.
//
// Memory belongs to JavaScript: every pointer below is a byte offset into the
// imported memory, chosen by lib/core/kernels_wasm.ts. Nothing here allocates.
// The shared building blocks (micro-kernel, vector exp/tanh/sigmoid) are in
// simd.as; the whole-sequence recurrent loops in recurrent.as.

import { KC, MC, MR, NC, NR, microKernel, sexp, vexp, vsigmoid, vtanh } from "./simd";
import { CLAIMED, DONE, SLEEP, waitDone } from "./loop";

// ---------------------------------------------------------------------------
// Matrix product
// ---------------------------------------------------------------------------

/** Bytes of scratch one gemm call needs at `work` (packed A, packed B, an edge tile). */
export function gemmWorkBytes(): i32 {
  return (KC * NC + MC * KC + MR * NR) * 4;
}

// Packs op(A)[ic:ic+mc, pc:pc+kc] into MR-row panels, p-major inside a panel,
// rows past mc zero-padded. A is m×k (lda = k) or, when transA, k×m (lda = m).
function packA(transA: i32, a: usize, m: i32, k: i32, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const panel = dst + (<usize>(ir * kc) << 2);
    if (transA) {
      // op(A)[i, p] = A[p, i]: MR consecutive floats per p.
      for (let p = 0; p < kc; p++) {
        const src = a + (<usize>((pc + p) * m + ic + ir) << 2);
        const d = panel + (<usize>(p * MR) << 2);
        if (mr == MR) {
          v128.store(d, v128.load(src)); // MR = 6: four floats, then two
          store<u64>(d, load<u64>(src, 16), 16);
        } else {
          for (let ii = 0; ii < MR; ii++) {
            store<f32>(d + (<usize>ii << 2), ii < mr ? load<f32>(src + (<usize>ii << 2)) : 0);
          }
        }
      }
    } else {
      for (let ii = 0; ii < MR; ii++) {
        const d = panel + (<usize>ii << 2);
        if (ii < mr) {
          const src = a + (<usize>((ic + ir + ii) * k + pc) << 2);
          for (let p = 0; p < kc; p++) {
            store<f32>(d + (<usize>(p * MR) << 2), load<f32>(src + (<usize>p << 2)));
          }
        } else {
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * MR) << 2), 0);
        }
      }
    }
  }
}

// Packs op(B)[pc:pc+kc, jc:jc+nc] into NR-column panels, p-major inside a
// panel, columns past nc zero-padded. B is k×n (ldb = n) or, when transB, n×k.
function packB(transB: i32, b: usize, n: i32, k: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const panel = dst + (<usize>(jr * kc) << 2);
    if (transB) {
      // op(B)[p, j] = B[j, p]: walk each stored row contiguously.
      for (let jj = 0; jj < NR; jj++) {
        const d = panel + (<usize>jj << 2);
        if (jj < nr) {
          const src = b + (<usize>((jc + jr + jj) * k + pc) << 2);
          for (let p = 0; p < kc; p++) {
            store<f32>(d + (<usize>(p * NR) << 2), load<f32>(src + (<usize>p << 2)));
          }
        } else {
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * NR) << 2), 0);
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = b + (<usize>((pc + p) * n + jc + jr) << 2);
        const d = panel + (<usize>(p * NR) << 2);
        if (nr == NR) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        } else {
          for (let jj = 0; jj < NR; jj++) {
            store<f32>(d + (<usize>jj << 2), jj < nr ? load<f32>(src + (<usize>jj << 2)) : 0);
          }
        }
      }
    }
  }
}

/**
 * C[i0:i1, j0:j1] = op(A)·op(B) restricted to that block (or += when
 * accumulate). C is m×n row-major; `work` points at gemmWorkBytes() bytes of
 * scratch owned by the caller. Two threads may run disjoint blocks at once.
 */
export function gemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize, accumulate: i32,
  i0: i32, i1: i32, j0: i32, j1: i32, work: usize,
): void {
  if (!accumulate) {
    for (let i = i0; i < i1; i++) {
      memory.fill(c + (<usize>(i * n + j0) << 2), 0, <usize>(j1 - j0) << 2);
    }
  }
  if (k == 0) return;
  const bPack = work;
  const aPack = bPack + (<usize>(KC * NC) << 2);
  const tile = aPack + (<usize>(MC * KC) << 2);
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(transB, b, n, k, pc, kc, jc, nc, bPack);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(transA, a, m, k, ic, mc, pc, kc, aPack);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = bPack + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = aPack + (<usize>(ir * kc) << 2);
            const cp = c + (<usize>((ic + ir) * n + jc + jr) << 2);
            if (mr == MR && nr == NR) {
              microKernel(kc, ap, bp, cp, n);
            } else {
              // Edge tile: compute the full tile aside, add only the valid part.
              memory.fill(tile, 0, <usize>(MR * NR) << 2);
              microKernel(kc, ap, bp, tile, NR);
              for (let ii = 0; ii < mr; ii++) {
                for (let jj = 0; jj < nr; jj++) {
                  const cij = cp + (<usize>(ii * n + jj) << 2);
                  store<f32>(cij, load<f32>(cij) + load<f32>(tile + (<usize>(ii * NR + jj) << 2)));
                }
              }
            }
          }
        }
      }
    }
  }
}

/**
 * One thread's share of a product split into blocks (rows, or columns when
 * word 13 is 1) that the threads claim in turn, so that a thread which is
 * late or descheduled simply takes fewer. Job words: 0–8 the first nine
 * `gemm` arguments, CLAIMED/DONE/SLEEP as in loop.as, 13 split columns,
 * 14 block size, 15 blocks, 16 + thread the thread's scratch. Thread 0
 * returns when every block is done.
 */
export function gemmJob(job: usize, thread: i32): void {
  const transA = load<i32>(job), transB = load<i32>(job, 4);
  const m = load<i32>(job, 8), n = load<i32>(job, 12), k = load<i32>(job, 16);
  const a = <usize>load<u32>(job, 20), b = <usize>load<u32>(job, 24), c = <usize>load<u32>(job, 28);
  const accumulate = load<i32>(job, 32), splitN = load<i32>(job, 52);
  const block = load<i32>(job, 56), blocks = load<i32>(job, 60);
  const work = <usize>load<u32>(job + (<usize>(16 + thread) << 2));
  const claimed = job + (<usize>CLAIMED << 2), done = job + (<usize>DONE << 2);
  const otherSleep = job + (<usize>(SLEEP + 1 - thread) << 2);
  for (;;) {
    const v = atomic.add<i32>(claimed, 1);
    if (v >= blocks) break;
    const lo = v * block, hi = min(splitN ? n : m, lo + block);
    if (splitN) gemm(transA, transB, m, n, k, a, b, c, accumulate, 0, m, lo, hi, work);
    else gemm(transA, transB, m, n, k, a, b, c, accumulate, lo, hi, 0, n, work);
    atomic.add<i32>(done, 1);
    if (atomic.load<i32>(otherSleep)) atomic.notify(done, 1);
  }
  if (thread == 0) waitDone(job, thread, blocks);
}

// ---------------------------------------------------------------------------
// Elementwise kernels
// ---------------------------------------------------------------------------

/** out[i] = tanh(x[i]) for i < len. out may equal x. */
export function tanhForward(x: usize, out: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vtanh(v128.load(x + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(vtanh(f32x4.splat(load<f32>(x + o))), 0));
  }
}

/** out[i] = 1/(1 + e^{−x[i]}) for i < len. out may equal x. */
export function sigmoidForward(x: usize, out: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vsigmoid(v128.load(x + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(vsigmoid(f32x4.splat(load<f32>(x + o))), 0));
  }
}

/** out[i] = max(x[i], 0) for i < len (NaN stays NaN-free: max picks 0). */
export function reluForward(x: usize, out: usize, len: i32): void {
  let i = 0;
  const zero = f32x4.splat(0);
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(out + o, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, v > 0 ? v : 0);
  }
}

/** dx = dy·(1 − y²), the tanh derivative written with the output y. */
export function tanhBackward(y: usize, dy: usize, dx: usize, len: i32): void {
  let i = 0;
  const one = f32x4.splat(1);
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(v, v))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dy + o) * (1 - v * v));
  }
}

/** dx = dy·y(1 − y), the sigmoid derivative written with the output y. */
export function sigmoidBackward(y: usize, dy: usize, dx: usize, len: i32): void {
  let i = 0;
  const one = f32x4.splat(1);
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.mul(v, f32x4.sub(one, v))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dy + o) * v * (1 - v));
  }
}

/** dx = dy where y > 0, else 0. */
export function reluBackward(y: usize, dy: usize, dx: usize, len: i32): void {
  let i = 0;
  const zero = f32x4.splat(0);
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(y + o), zero)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, load<f32>(y + o) > 0 ? load<f32>(dy + o) : 0);
  }
}

/** x[i, j] += bias[j] for an m×n matrix x. */
export function addRowVector(x: usize, m: i32, n: i32, bias: usize): void {
  for (let i = 0; i < m; i++) {
    const row = x + (<usize>(i * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
    }
  }
}

/** out[j] += Σ_i x[i, j] for an m×n matrix x. */
export function sumRows(x: usize, m: i32, n: i32, out: usize): void {
  for (let i = 0; i < m; i++) {
    const row = x + (<usize>(i * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(row + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(row + o));
    }
  }
}

/** Row-wise softmax of an m×n matrix, max subtracted first. out may equal x. */
export function softmaxRows(x: usize, m: i32, n: i32, out: usize): void {
  for (let i = 0; i < m; i++) {
    const src = x + (<usize>(i * n) << 2);
    const dst = out + (<usize>(i * n) << 2);
    // Row maximum.
    let vmax = f32x4.splat(-Infinity);
    let j = 0;
    for (; j + 4 <= n; j += 4) vmax = f32x4.max(vmax, v128.load(src + (<usize>j << 2)));
    let rowMax = max(
      max(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)),
      max(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)),
    );
    for (; j < n; j++) rowMax = max(rowMax, load<f32>(src + (<usize>j << 2)));
    // e^{x − max} and its sum.
    const vm = f32x4.splat(rowMax);
    let vsum = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const e = vexp(f32x4.sub(v128.load(src + o), vm));
      v128.store(dst + o, e);
      vsum = f32x4.add(vsum, e);
    }
    let sum = f32x4.extract_lane(vsum, 0) + f32x4.extract_lane(vsum, 1) +
      f32x4.extract_lane(vsum, 2) + f32x4.extract_lane(vsum, 3);
    for (; j < n; j++) {
      const o = <usize>j << 2;
      const e = sexp(load<f32>(src + o) - rowMax);
      store<f32>(dst + o, e);
      sum += e;
    }
    // Normalise.
    const s: f32 = <f32>1 / sum;
    const inv = f32x4.splat(s);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(dst + o, f32x4.mul(v128.load(dst + o), inv));
    }

    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(dst + o, load<f32>(dst + o) * s);
    }
  }
}
