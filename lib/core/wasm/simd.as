// Shared SIMD building blocks of the WebAssembly kernels (AssemblyScript):
// the register-tiled multiply-add of the matrix products and the vector
// exp/tanh/sigmoid. Imported by kernels.as (products, elementwise maps) and
// recurrent.as (whole-sequence recurrent loops); not an entry file, so
// nothing here is exported from the module. See kernels.as for the build.

// Register tile: MR rows × NR columns of C live in MR·NR/4 f32x4 accumulators
// (6×8 → 12 accumulators + 2 B vectors + 1 broadcast A: 15 of x64's 16 xmm,
// the last being V8's scratch). Twelve independent accumulators keep both
// FMA pipes busy despite a 4–5 cycle FMA latency; with 4×8 (8 accumulators)
// the same loop ran about 30% slower here.
export const MR: i32 = 6;
export const NR: i32 = 8;
// Cache blocks: a KC×NR panel of B (8 KiB) stays in L1 while an MC×KC block
// of A (120 KiB) streams from L2; a KC×NC block of B (2 MiB) is packed once
// per (jc, pc) and reused by every row block. MC is a multiple of MR.
export const KC: i32 = 256;
export const MC: i32 = 120;
export const NC: i32 = 2048;

// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

// C[0:MR, 0:NR] += Ap·Bp over kc steps; ldc in elements.
// @ts-ignore: decorator
@inline export function microKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50);
    c51 = madd(a, b1, c51);
    ap += 24;
    bp += 32;
  }
  const rowBytes = <usize>ldc << 2;
  let cr = c;
  v128.store(cr, f32x4.add(v128.load(cr), c00));
  v128.store(cr, f32x4.add(v128.load(cr, 16), c01), 16);
  cr += rowBytes;
  v128.store(cr, f32x4.add(v128.load(cr), c10));
  v128.store(cr, f32x4.add(v128.load(cr, 16), c11), 16);
  cr += rowBytes;
  v128.store(cr, f32x4.add(v128.load(cr), c20));
  v128.store(cr, f32x4.add(v128.load(cr, 16), c21), 16);
  cr += rowBytes;
  v128.store(cr, f32x4.add(v128.load(cr), c30));
  v128.store(cr, f32x4.add(v128.load(cr, 16), c31), 16);
  cr += rowBytes;
  v128.store(cr, f32x4.add(v128.load(cr), c40));
  v128.store(cr, f32x4.add(v128.load(cr, 16), c41), 16);
  cr += rowBytes;
  v128.store(cr, f32x4.add(v128.load(cr), c50));
  v128.store(cr, f32x4.add(v128.load(cr, 16), c51), 16);
}

// exp(x) for four lanes, Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, a degree-6
// polynomial for e^r, then 2^n put straight into the exponent bits. About
// 1 ulp; inputs are clamped so 2^n stays a normal number.
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.33654)), f32x4.splat(88.37626));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), f32x4.splat(1));
  // 2^n: (n + 127) << 23 as float bits. n is in [-126, 127] after the clamp.
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const pow2n = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

// tanh for four lanes: an odd polynomial near 0 (where 1 − 2/(e^{2x}+1)
// would cancel), 1 − 2/(e^{2|x|}+1) elsewhere, sign restored (Cephes tanhf).
// @ts-ignore: decorator
@inline export function vtanh(x: v128): v128 {
  const ax = f32x4.min(f32x4.abs(x), f32x4.splat(9));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = vexp(f32x4.add(ax, ax));
  const large = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(f32x4.abs(x), f32x4.splat(0.625)));
}

// Logistic 1/(1 + e^{−x}); the clamp in vexp keeps e^{−x} finite.
// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), vexp(f32x4.neg(x))));
}

// Scalar tails reuse the vector formulas on lane 0, so every element of an
// array is computed the same way whatever its position.
// @ts-ignore: decorator
@inline export function sexp(x: f32): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x)), 0);
}
