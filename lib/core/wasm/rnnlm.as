// The RNNLM toolkit's training step, word by word, in float32 with 128-bit SIMD
// (AssemblyScript). The same steps as lib/models/rnnlm_online.ts, which is the
// readable specification and the reference the tests compare against:
// forward (a = Wxh[x] + s_in·Whh, s = σ(a), class softmax), the output layer's
// errors and updates at once, a BPTT walk every `every` words, the L2 shrink
// every `decayEvery` words. Built by tools/build_wasm.ts into rnnlm_bytes.ts.
//
// One instance per model; JavaScript owns the memory and calls setup() once
// with the places of the weights and scratch buffers. A "state" (hidden
// vectors, word counter, the ring of the last words for BPTT) lives at a
// pointer the caller passes, so one model can train with one state and score
// with another. Nothing here allocates.

import { at, clip, dot, madd, rowsTimes, scaleAdd, vexp } from "./rnnlm_vec";

let H: i32 = 0; // hidden units
let C: i32 = 0; // classes
let STEPS: i32 = 0; // steps of a BPTT walk
let R: i32 = 0; // ring entries (STEPS + 1)
let HB: usize = 0; // bytes of one hidden-sized buffer (H rounded up to 4 floats)
let Wxh: usize = 0; let Whh: usize = 0; let Vc: usize = 0; let Vw: usize = 0;
let classOf: usize = 0; let starts: usize = 0;
let probs: usize = 0; // C + largest class floats
let deltas: usize = 0; // STEPS buffers of HB
let befores: usize = 0; // STEPS pointers (i32)
let work: usize = 0; // 3 buffers of HB: the carried error, the error one step back, sums

/** The first byte after the module's own static data (Math.log's tables): ours start there. */
export function heapBase(): usize { return __heap_base; }

/** Bytes of one state (see the layout helpers below). */
export function stateBytes(hidden: i32, steps: i32): i32 {
  const hb = ((hidden + 3) & ~3) << 2;
  return 16 + (((steps + 1) * 4 + 15) & ~15) + (3 + 2 * (steps + 1)) * hb;
}

/** Bytes of scratch for `setup` (probabilities, deltas, pointers, work buffers). */
export function scratchBytes(hidden: i32, classes: i32, largestClass: i32, steps: i32): i32 {
  const hb = ((hidden + 3) & ~3) << 2;
  return (((classes + largestClass + 4) * 4 + 15) & ~15) + steps * hb + ((steps * 4 + 15) & ~15) +
    3 * hb;
}

/** Records the shape and the places of the weights and the scratch buffers. */
export function setup(
  hidden: i32, classes: i32, steps: i32, pWxh: usize, pWhh: usize, pVc: usize, pVw: usize,
  pClassOf: usize, pStarts: usize, scratch: usize, largestClass: i32,
): void {
  H = hidden; C = classes; STEPS = steps; R = steps + 1;
  HB = <usize>(((hidden + 3) & ~3) << 2);
  Wxh = pWxh; Whh = pWhh; Vc = pVc; Vw = pVw; classOf = pClassOf; starts = pStarts;
  probs = scratch;
  deltas = probs + (((<usize>(classes + largestClass + 4) << 2) + 15) & ~15);
  befores = deltas + <usize>steps * HB;
  work = befores + (((<usize>steps << 2) + 15) & ~15);
}

// State layout: counter (i32) and ring position (i32) at 0; the ring's words
// at 16; then s_in, s, e_h; then the ring's hidden states and errors.
// @ts-ignore: decorator
@inline function wordsAt(st: usize): usize { return st + 16; }
// @ts-ignore: decorator
@inline function sInAt(st: usize): usize { return st + 16 + ((<usize>R * 4 + 15) & ~15); }
// @ts-ignore: decorator
@inline function sAt(st: usize): usize { return sInAt(st) + HB; }
// @ts-ignore: decorator
@inline function ehAt(st: usize): usize { return sInAt(st) + 2 * HB; }
// Ring entry k words ago (0 = this word).
// @ts-ignore: decorator
@inline function slot(st: usize, k: i32): i32 { return (load<i32>(st, 4) - k + R) % R; }
// @ts-ignore: decorator
@inline function hAt(st: usize, k: i32): usize { return sInAt(st) + 3 * HB + <usize>slot(st, k) * HB; }
// @ts-ignore: decorator
@inline function eAt(st: usize, k: i32): usize {
  return sInAt(st) + 3 * HB + <usize>R * HB + <usize>slot(st, k) * HB;
}

/** The pointer to a state's hidden vector s_in (what the next word starts from). */
export function stateHidden(st: usize): usize { return sInAt(st); }

/** A fresh start: s_in = 0.1, which is also the newest state of the empty history; counter 0. */
export function reset(st: usize): void {
  store<i32>(st, 0); store<i32>(st, 0, 4);
  for (let k = 0; k < R; k++) store<i32>(wordsAt(st) + (<usize>k << 2), -1);
  const s = sInAt(st);
  memory.fill(s, 0, 3 * HB + 2 * <usize>R * HB);
  for (let j = 0; j < H; j++) {
    store<f32>(s + (<usize>j << 2), 0.1);
    store<f32>(hAt(st, 0) + (<usize>j << 2), 0.1);
  }
}

/** out = softmax over k of (rows first … end−1 of W)·s, the maximum subtracted. */
function softmaxRows(W: usize, first: i32, end: i32, s: usize, out: usize): void {
  const n = end - first;
  rowsTimes(W, first, end, s, H, out);
  let m: f32 = -Infinity;
  for (let k = 0; k < n; k++) m = max(m, load<f32>(at(out, k)));
  const vm = f32x4.splat(m);
  let vsum = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const e = vexp(f32x4.sub(v128.load(at(out, k)), vm));
    v128.store(at(out, k), e);
    vsum = f32x4.add(vsum, e);
  }
  let sum = f32x4.extract_lane(vsum, 0) + f32x4.extract_lane(vsum, 1) +
    f32x4.extract_lane(vsum, 2) + f32x4.extract_lane(vsum, 3);
  for (; k < n; k++) {
    const e = f32x4.extract_lane(vexp(f32x4.splat(load<f32>(at(out, k)) - m)), 0);
    store<f32>(at(out, k), e);
    sum += e;
  }
  const inv = f32x4.splat(<f32>1 / sum);
  for (k = 0; k + 4 <= n; k += 4) v128.store(at(out, k), f32x4.mul(v128.load(at(out, k)), inv));
  for (; k < n; k++) store<f32>(at(out, k), load<f32>(at(out, k)) * f32x4.extract_lane(inv, 0));
}

// ---------------------------------------------------------------------------
// One word
// ---------------------------------------------------------------------------

/** s[j0 … j0+4w) += Σ_i s_in[i]·Whh[i][j0 …], w vectors (1 or 4) kept in registers. */
// @ts-ignore: decorator
@inline function recurrentBlock(s: usize, sIn: usize, j0: i32, wide: bool): void {
  const o = at(s, j0);
  let a0 = v128.load(o), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  if (wide) { a1 = v128.load(o, 16); a2 = v128.load(o, 32); a3 = v128.load(o, 48); }
  for (let i = 0; i < H; i++) {
    const v = v128.load32_splat(at(sIn, i));
    const row = Whh + ((<usize>i * <usize>H + <usize>j0) << 2);
    a0 = madd(v, v128.load(row), a0);
    if (wide) {
      a1 = madd(v, v128.load(row, 16), a1);
      a2 = madd(v, v128.load(row, 32), a2);
      a3 = madd(v, v128.load(row, 48), a3);
    }
  }
  v128.store(o, a0);
  if (wide) { v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48); }
}

/** s = σ(clamp(Wxh[x] + s_in·Whh, ±50)); then the class softmax; returns log P(y). */
function forward(st: usize, x: i32, y: i32): f64 {
  const s = sAt(st), sIn = sInAt(st);
  memory.copy(s, Wxh + (<usize>x * <usize>H << 2), <usize>H << 2);
  let j = 0;
  for (; j + 16 <= H; j += 16) recurrentBlock(s, sIn, j, true);
  for (; j + 4 <= H; j += 4) recurrentBlock(s, sIn, j, false);
  for (; j < H; j++) {
    let a = load<f32>(at(s, j));
    for (let i = 0; i < H; i++) a += load<f32>(at(sIn, i)) * load<f32>(Whh + ((<usize>i * <usize>H + <usize>j) << 2));
    store<f32>(at(s, j), a);
  }
  for (j = 0; j + 4 <= H; j += 4) {
    const a = f32x4.min(f32x4.splat(50), f32x4.max(f32x4.splat(-50), v128.load(at(s, j))));
    v128.store(at(s, j), f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), vexp(f32x4.neg(a)))));
  }
  for (; j < H; j++) {
    const a = min<f32>(50, max<f32>(-50, load<f32>(at(s, j))));
    store<f32>(at(s, j), <f32>1 / (<f32>1 + f32x4.extract_lane(vexp(f32x4.splat(-a)), 0)));
  }
  const c = load<i32>(at(classOf, y));
  const first = load<i32>(at(starts, c)), end = load<i32>(at(starts, c + 1));
  const pw = at(probs, C);
  softmaxRows(Vc, 0, C, s, probs);
  softmaxRows(Vw, first, end, s, pw);
  return Math.log(<f64>load<f32>(at(probs, c))) + Math.log(<f64>load<f32>(at(pw, y - first)));
}

/**
 * Rows first … end−1 of V with errors err[k − first]: e_h += Σ_k err_k·V[k]
 * (old weights), V[k] = V[k]·keep + (lr·err_k)·s; e_h and s stay in registers,
 * 4 or 16 columns at a time.
 */
// @ts-ignore: decorator
@inline function learnBlock(
  V: usize, first: i32, end: i32, err: usize, s: usize, eh: usize, j0: i32, wide: bool, lr: f32, keep: f32,
  decay: bool,
): void {
  const vk = f32x4.splat(keep);
  let e0 = v128.load(at(eh, j0)), e1 = f32x4.splat(0), e2 = f32x4.splat(0), e3 = f32x4.splat(0);
  const s0 = v128.load(at(s, j0));
  let s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  if (wide) {
    e1 = v128.load(at(eh, j0), 16); e2 = v128.load(at(eh, j0), 32); e3 = v128.load(at(eh, j0), 48);
    s1 = v128.load(at(s, j0), 16); s2 = v128.load(at(s, j0), 32); s3 = v128.load(at(s, j0), 48);
  }
  for (let k = first; k < end; k++) {
    const e = load<f32>(at(err, k - first));
    const ve = f32x4.splat(e), vg = f32x4.splat(lr * e);
    const row = V + ((<usize>k * <usize>H + <usize>j0) << 2);
    const v0 = v128.load(row);
    e0 = madd(ve, v0, e0);
    v128.store(row, madd(vg, s0, decay ? f32x4.mul(v0, vk) : v0));
    if (wide) {
      const v1 = v128.load(row, 16), v2 = v128.load(row, 32), v3 = v128.load(row, 48);
      e1 = madd(ve, v1, e1); e2 = madd(ve, v2, e2); e3 = madd(ve, v3, e3);
      v128.store(row, madd(vg, s1, decay ? f32x4.mul(v1, vk) : v1), 16);
      v128.store(row, madd(vg, s2, decay ? f32x4.mul(v2, vk) : v2), 32);
      v128.store(row, madd(vg, s3, decay ? f32x4.mul(v3, vk) : v3), 48);
    }
  }
  v128.store(at(eh, j0), e0);
  if (wide) { v128.store(at(eh, j0), e1, 16); v128.store(at(eh, j0), e2, 32); v128.store(at(eh, j0), e3, 48); }
}

/** learnBlock over all columns (scalar tail for H not a multiple of 4). */
function learnRows(V: usize, first: i32, end: i32, err: usize, s: usize, eh: usize, lr: f32, keep: f32): void {
  let j = 0;
  // Literal flags, so each inlined copy drops the shrink when it does not apply (9 words in 10).
  if (keep != 1) {
    for (; j + 16 <= H; j += 16) learnBlock(V, first, end, err, s, eh, j, true, lr, keep, true);
    for (; j + 4 <= H; j += 4) learnBlock(V, first, end, err, s, eh, j, false, lr, keep, true);
  } else {
    for (; j + 16 <= H; j += 16) learnBlock(V, first, end, err, s, eh, j, true, lr, keep, false);
    for (; j + 4 <= H; j += 4) learnBlock(V, first, end, err, s, eh, j, false, lr, keep, false);
  }
  for (; j < H; j++) {
    for (let k = first; k < end; k++) {
      const e = load<f32>(at(err, k - first)), w = V + ((<usize>k * <usize>H + <usize>j) << 2);
      const v = load<f32>(w);
      store<f32>(at(eh, j), load<f32>(at(eh, j)) + e * v);
      store<f32>(w, v * keep + lr * e * load<f32>(at(s, j)));
    }
  }
}

/** The output layer's errors into e_h (clipped twice, as the toolkit does) and its updates. */
function learnOutput(st: usize, y: i32, lr: f32, keep: f32, limit: f32): void {
  const s = sAt(st), eh = ehAt(st);
  memory.fill(eh, 0, HB);
  const c = load<i32>(at(classOf, y));
  const first = load<i32>(at(starts, c)), end = load<i32>(at(starts, c + 1));
  const pw = at(probs, C);
  // Probabilities become errors (target − p) in place.
  for (let k = 0; k < end - first; k++) store<f32>(at(pw, k), -load<f32>(at(pw, k)));
  store<f32>(at(pw, y - first), load<f32>(at(pw, y - first)) + 1);
  for (let k = 0; k < C; k++) store<f32>(at(probs, k), -load<f32>(at(probs, k)));
  store<f32>(at(probs, c), load<f32>(at(probs, c)) + 1);
  learnRows(Vw, first, end, pw, s, eh, lr, keep);
  clip(eh, H, limit);
  learnRows(Vc, 0, C, probs, s, eh, lr, keep);
  clip(eh, H, limit);
}

/** This word into the ring: its input word, hidden state and error become entry 0. */
function push(st: usize, x: i32): void {
  store<i32>(st, (load<i32>(st, 4) + 1) % R, 4);
  store<i32>(at(wordsAt(st), slot(st, 0)), x);
  memory.copy(hAt(st, 0), sAt(st), HB);
  memory.copy(eAt(st, 0), ehAt(st), HB);
}

/** The walk back over STEPS steps: the deltas, and the state each step read. */
function walkBack(st: usize, limit: f32): void {
  const e = work, back = work + HB;
  memory.copy(e, eAt(st, 0), HB);
  for (let step = 0; step < STEPS; step++) {
    const now = hAt(st, step), delta = deltas + <usize>step * HB;
    store<i32>(at(befores, step), <i32>(step == 0 ? sInAt(st) : hAt(st, step + 1)));
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const h = v128.load(at(now, j));
      v128.store(at(delta, j), f32x4.mul(f32x4.mul(v128.load(at(e, j)), h), f32x4.sub(f32x4.splat(1), h)));
    }
    for (; j < H; j++) {
      const h = load<f32>(at(now, j));
      store<f32>(at(delta, j), load<f32>(at(e, j)) * h * (<f32>1 - h));
    }
    rowsTimes(Whh, 0, H, delta, H, back);
    clip(back, H, limit);
    scaleAdd(back, 1, 1, eAt(st, step + 1), H);
    memory.copy(e, back, HB);
  }
  memory.fill(sInAt(st) + 3 * HB + <usize>R * HB, 0, <usize>R * HB);
}

/** Columns j0 … of Whh row i (4 or 16): row·keep + lr·Σ_step before_step[i]·δ_step[j0 …]. */
// @ts-ignore: decorator
@inline function recurrentUpdateBlock(row: usize, i: i32, j0: i32, wide: bool, vl: v128, vk: v128): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  for (let step = 0; step < STEPS; step++) {
    const b = v128.load32_splat(at(<usize>load<i32>(at(befores, step)), i));
    const d = at(deltas + <usize>step * HB, j0);
    a0 = madd(b, v128.load(d), a0);
    if (wide) {
      a1 = madd(b, v128.load(d, 16), a1);
      a2 = madd(b, v128.load(d, 32), a2);
      a3 = madd(b, v128.load(d, 48), a3);
    }
  }
  const o = at(row, j0);
  v128.store(o, madd(vl, a0, f32x4.mul(v128.load(o), vk)));
  if (wide) {
    v128.store(o, madd(vl, a1, f32x4.mul(v128.load(o, 16), vk)), 16);
    v128.store(o, madd(vl, a2, f32x4.mul(v128.load(o, 32), vk)), 32);
    v128.store(o, madd(vl, a3, f32x4.mul(v128.load(o, 48), vk)), 48);
  }
}

/** Whh[i] = Whh[i]·keep + lr·Σ_step before_step[i]·δ_step, sums kept in registers. */
function updateRecurrent(lr: f32, keep: f32): void {
  const vk = f32x4.splat(keep), vl = f32x4.splat(lr);
  for (let i = 0; i < H; i++) {
    const row = Whh + (<usize>i * <usize>H << 2);
    let j = 0;
    for (; j + 16 <= H; j += 16) recurrentUpdateBlock(row, i, j, true, vl, vk);
    for (; j + 4 <= H; j += 4) recurrentUpdateBlock(row, i, j, false, vl, vk);
    for (; j < H; j++) {
      let a: f32 = 0;
      for (let step = 0; step < STEPS; step++) {
        a += load<f32>(at(<usize>load<i32>(at(befores, step)), i)) * load<f32>(at(deltas + <usize>step * HB, j));
      }
      store<f32>(at(row, j), load<f32>(at(row, j)) * keep + lr * a);
    }
  }
}

/** Wxh[x_t] += lr·δ_t: a word's whole sum at its first occurrence, a shrink at each. */
function updateInputs(st: usize, lr: f32, keep: f32): void {
  const sum = work + 2 * HB, words = wordsAt(st);
  for (let step = 0; step < STEPS; step++) {
    const x = load<i32>(at(words, slot(st, step)));
    if (x < 0) continue;
    let seen = false;
    for (let k = 0; k < step; k++) seen = seen || load<i32>(at(words, slot(st, k))) == x;
    memory.fill(sum, 0, HB);
    if (!seen) {
      for (let k = step; k < STEPS; k++) {
        if (load<i32>(at(words, slot(st, k))) == x) scaleAdd(sum, 1, 1, deltas + <usize>k * HB, H);
      }
    }
    scaleAdd(Wxh + (<usize>x * <usize>H << 2), keep, lr, sum, H);
  }
}

/**
 * n words: scores targets[t] after inputs[t] into out[t] (log P, f64) and,
 * when lr > 0, learns from it.
 */
export function run(
  st: usize, n: i32, inputs: usize, targets: usize, out: usize,
  lr: f32, weightDecay: f32, every: i32, decayEvery: i32, limit: f32,
): void {
  for (let t = 0; t < n; t++) {
    const counter = load<i32>(st) + 1;
    store<i32>(st, counter);
    const x = load<i32>(at(inputs, t)), y = load<i32>(at(targets, t));
    store<f64>(out + (<usize>t << 3), forward(st, x, y));
    if (lr > 0) {
      const keep: f32 = counter % decayEvery == 0 ? <f32>1 - lr * weightDecay : <f32>1;
      learnOutput(st, y, lr, keep, limit);
      push(st, x);
      if (counter % every == 0) {
        walkBack(st, limit);
        updateRecurrent(lr, keep);
        updateInputs(st, lr, keep);
      }
    }
    memory.copy(sInAt(st), sAt(st), HB);
  }
}
