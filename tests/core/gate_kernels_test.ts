/**
 * The WebAssembly recurrent kernels (whole-sequence loops: Elman, LSTM, GRU,
 * forward and backward, fused gates) against the readable reference ones, on
 * the same float32 arrays, on one core and on two.
 *
 * Bound: every output array agrees with the reference to 2·10⁻⁵ of its
 * largest magnitude. The fast kernels compute exp/tanh/sigmoid with float32
 * polynomials (about 1 ulp), use fused multiply-adds and sum products in
 * another order; over the 7 steps here those differences stay near 10⁻⁶.
 */

import { assert, assertEquals } from "@std/assert";
import {
  type GRUSequence,
  type Kernels,
  type LSTMSequence,
  referenceKernels,
  type RNNSequence,
} from "../../lib/core/kernels.ts";
import { fastKernels, setGemmThreads } from "../../lib/core/backend.ts";
import { SEQUENCE_PARALLEL_MIN_MACS } from "../../lib/core/wasm/sequence.ts";
import { Random } from "../../lib/random.ts";

const BOUND = 2e-5;
const fast: Kernels = fastKernels()!;

function randomF32(rng: Random, length: number, scale = 1): Float32Array {
  return Float32Array.from({ length }, () => scale * rng.gaussian());
}

function assertNear(what: string, got: Float32Array, want: Float32Array): void {
  assertEquals(got.length, want.length);
  let diff = 0, scale = 1e-30;
  for (let i = 0; i < got.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  assert(diff <= BOUND * scale, `${what}: differs by ${(diff / scale).toExponential(2)}`);
}

/** Runs `run` on a copy of `arrays` with each backend and compares every array afterwards. */
function compare(
  what: string,
  arrays: Record<string, Float32Array | undefined>,
  run: (k: Kernels, a: Record<string, Float32Array>) => void,
): void {
  const copy = () =>
    Object.fromEntries(
      Object.entries(arrays).filter(([, v]) => v).map(([k, v]) => [k, v!.slice()]),
    ) as Record<string, Float32Array>;
  const ref = copy(), got = copy();
  run(referenceKernels, ref);
  run(fast, got);
  for (const name of Object.keys(ref)) {
    if (name === "dh" || name === "gates") continue; // inputs a kernel may overwrite
    assertNear(`${what} ${name}`, got[name], ref[name]);
  }
}

// Sizes: small and odd (edge tiles, scalar tails), and large enough for two threads.
const SIZES = [
  { T: 7, B: 3, H: 5, D: "odd, one thread" },
  { T: 7, B: 32, H: 64, D: "two threads" },
  { T: 5, B: 33, H: 67, D: "two threads, odd" },
];

function rnnCase(rng: Random, T: number, B: number, H: number) {
  return {
    hs: randomF32(rng, T * B * H),
    h0: randomF32(rng, B * H, 0.5),
    Whh: randomF32(rng, H * H, 1 / Math.sqrt(H)),
    da: randomF32(rng, T * B * H),
    dh0: new Float32Array(B * H),
  };
}

for (const { T, B, H, D } of SIZES) {
  Deno.test(`wasm recurrent kernels match the reference (${T}×${B}×${H}, ${D})`, async () => {
    const threads = B * H * H >= SEQUENCE_PARALLEL_MIN_MACS ? 2 : 1;
    await setGemmThreads(threads);
    try {
      const rng = new Random(T * 1000 + H);
      for (const activation of ["tanh", "sigmoid", "relu"] as const) {
        const c = rnnCase(rng, T, B, H);
        compare(`rnn ${activation}`, c, (k, a) => {
          const s: RNNSequence = {
            steps: T,
            batch: B,
            hidden: H,
            activation,
            hs: a.hs,
            h0: a.h0,
            Whh: a.Whh,
          };
          k.rnnForward(s);
          k.rnnBackward(s, a.da, a.dh0);
        });
      }
      for (const coupled of [false, true]) {
        for (const peephole of [false, true]) {
          const G = coupled ? 3 : 4;
          const arrays = {
            gates: randomF32(rng, T * B * G * H),
            acts: new Float32Array(G * T * B * H),
            Wh: randomF32(rng, H * G * H, 1 / Math.sqrt(H)),
            h0: randomF32(rng, B * H, 0.5),
            c0: randomF32(rng, B * H),
            hs: new Float32Array(T * B * H),
            cs: new Float32Array(T * B * H),
            pi: coupled ? undefined : randomF32(rng, H, 0.3),
            pf: randomF32(rng, H, 0.3),
            po: randomF32(rng, H, 0.3),
            dh: randomF32(rng, T * B * H),
            dc: randomF32(rng, T * B * H),
            dGates: new Float32Array(T * B * G * H),
            dh0: new Float32Array(B * H),
            dc0: new Float32Array(B * H),
          };
          compare(`lstm coupled=${coupled} peephole=${peephole}`, arrays, (k, a) => {
            const s: LSTMSequence = {
              steps: T,
              batch: B,
              hidden: H,
              coupled,
              gates: a.gates,
              acts: a.acts,
              Wh: a.Wh,
              peephole: peephole ? { i: a.pi, f: a.pf, o: a.po } : undefined,
              h0: a.h0,
              c0: a.c0,
              hs: a.hs,
              cs: a.cs,
            };
            k.lstmForward(s);
            k.lstmBackward(s, { dh: a.dh, dc: a.dc, dGates: a.dGates, dh0: a.dh0, dc0: a.dc0 });
          });
        }
      }
      for (const variant of ["pytorch", "cho"] as const) {
        const arrays = {
          gates: randomF32(rng, T * B * 3 * H),
          acts: new Float32Array(3 * T * B * H),
          Wh: randomF32(rng, H * 3 * H, 1 / Math.sqrt(H)),
          bhn: variant === "pytorch" ? randomF32(rng, H, 0.3) : undefined,
          h0: randomF32(rng, B * H, 0.5),
          hs: new Float32Array(T * B * H),
          hn: new Float32Array(T * B * H),
          dh: randomF32(rng, T * B * H),
          dGates: new Float32Array(T * B * 3 * H),
          dHidden: variant === "pytorch" ? new Float32Array(T * B * 3 * H) : undefined,
          dh0: new Float32Array(B * H),
        };
        compare(`gru ${variant}`, arrays, (k, a) => {
          const s: GRUSequence = {
            steps: T,
            batch: B,
            hidden: H,
            variant,
            gates: a.gates,
            acts: a.acts,
            Wh: a.Wh,
            bhn: a.bhn,
            h0: a.h0,
            hs: a.hs,
            hn: a.hn,
          };
          k.gruForward(s);
          k.gruBackward(s, { dh: a.dh, dGates: a.dGates, dHidden: a.dHidden, dh0: a.dh0 });
        });
      }
    } finally {
      await setGemmThreads(1);
    }
  });
}

Deno.test("wasm recurrent kernels: one and two threads give the same numbers", async () => {
  // Each unit is computed by one thread with the same sums either way.
  const T = 6, B = 32, H = 64, rng = new Random(3);
  const c = rnnCase(rng, T, B, H);
  const gates = randomF32(rng, T * B * 4 * H), Wh = randomF32(rng, H * 4 * H, 1 / Math.sqrt(H));
  const dh = randomF32(rng, T * B * H);
  const results: Float32Array[][] = [];
  for (const threads of [1, 2] as const) {
    await setGemmThreads(threads);
    const hs = c.hs.slice(), da = c.da.slice(), dh0 = new Float32Array(B * H);
    const rnn = {
      steps: T,
      batch: B,
      hidden: H,
      activation: "tanh" as const,
      hs,
      h0: c.h0,
      Whh: c.Whh,
    };
    fast.rnnForward(rnn);
    fast.rnnBackward(rnn, da, dh0);
    const lstm: LSTMSequence = {
      steps: T,
      batch: B,
      hidden: H,
      coupled: false,
      gates: gates.slice(),
      acts: new Float32Array(4 * T * B * H),
      Wh,
      h0: c.h0,
      c0: c.h0,
      hs: new Float32Array(T * B * H),
      cs: new Float32Array(T * B * H),
    };
    fast.lstmForward(lstm);
    const d = {
      dh: dh.slice(),
      dGates: new Float32Array(T * B * 4 * H),
      dh0: new Float32Array(B * H),
      dc0: new Float32Array(B * H),
    };
    fast.lstmBackward(lstm, d);
    results.push([
      hs,
      da,
      dh0,
      lstm.acts as Float32Array,
      lstm.hs as Float32Array,
      d.dGates,
      d.dc0,
    ]);
  }
  await setGemmThreads(1);
  results[0].forEach((a, k) =>
    assertEquals(Array.from(results[1][k]), Array.from(a), `array ${k}`)
  );
});
