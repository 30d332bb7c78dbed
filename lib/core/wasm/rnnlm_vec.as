// Vector helpers of the RNNLM kernel (lib/core/wasm/rnnlm.as): n floats, 4 at a
// time with 128-bit SIMD, then the tail. AssemblyScript; `.as` keeps deno's
// tools off it.

// a·b + c, fused where the engine has relaxed SIMD.
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

// @ts-ignore: decorator
@inline export function at(p: usize, j: i32): usize { return p + (<usize>j << 2); }

export function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) acc = madd(v128.load(at(a, j)), v128.load(at(b, j)), acc);
  acc = f32x4.add(acc, v128.shuffle<f32>(acc, acc, 2, 3, 0, 1));
  let sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1);
  for (; j < n; j++) sum += load<f32>(at(a, j)) * load<f32>(at(b, j));
  return sum;
}

/** out[0..3] = the dot products of 4 consecutive rows of W (stride n floats) with x. */
export function dot4(w: usize, x: usize, n: i32, out: usize): void {
  const stride = <usize>n << 2;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xv = v128.load(at(x, j)), r = at(w, j);
    a0 = madd(v128.load(r), xv, a0);
    a1 = madd(v128.load(r + stride), xv, a1);
    a2 = madd(v128.load(r + 2 * stride), xv, a2);
    a3 = madd(v128.load(r + 3 * stride), xv, a3);
  }
  const t0 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const t1 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  v128.store(out, f32x4.add(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7)));
  for (; j < n; j++) {
    const xj = load<f32>(at(x, j));
    for (let r = 0; r < 4; r++) {
      const o = at(out, r);
      store<f32>(o, load<f32>(o) + load<f32>(at(w, j) + <usize>r * stride) * xj);
    }
  }
}

/** out[k] = W[first + k]·x for rows first … end−1 of W (n floats each). */
export function rowsTimes(w: usize, first: i32, end: i32, x: usize, n: i32, out: usize): void {
  let k = first;
  for (; k + 4 <= end; k += 4) dot4(w + (<usize>k * <usize>n << 2), x, n, at(out, k - first));
  for (; k < end; k++) store<f32>(at(out, k - first), dot(w + (<usize>k * <usize>n << 2), x, n));
}

/** y[j] = y[j]·keep + alpha·x[j]. */
export function scaleAdd(y: usize, keep: f32, alpha: f32, x: usize, n: i32): void {
  const vk = f32x4.splat(keep), va = f32x4.splat(alpha);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(y, j), madd(va, v128.load(at(x, j)), f32x4.mul(v128.load(at(y, j)), vk)));
  for (; j < n; j++) store<f32>(at(y, j), load<f32>(at(y, j)) * keep + alpha * load<f32>(at(x, j)));
}

export function clip(v: usize, n: i32, limit: f32): void {
  if (limit <= 0) return;
  const hi = f32x4.splat(limit), lo = f32x4.splat(-limit);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(v, j), f32x4.min(hi, f32x4.max(lo, v128.load(at(v, j)))));
  for (; j < n; j++) store<f32>(at(v, j), min(limit, max(-limit, load<f32>(at(v, j)))));
}

// exp(x) for four lanes, Cephes expf (as lib/core/wasm/kernels.as): about 1 ulp.
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
  const n = i32x4.trunc_sat_f32x4_s(fx);
  return f32x4.mul(y, i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23));
}

