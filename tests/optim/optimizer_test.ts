import { assert, assertEquals, assertThrows } from "@std/assert";
import { fromArray } from "../../lib/core/matrix.ts";
import { type Param, param } from "../../lib/layers/param.ts";
import type { Optimizer } from "../../lib/optim/optimizer.ts";
import { Adagrad, Adam, Momentum, RMSProp, SGD } from "../../lib/optim/mod.ts";
import { assertAllClose, G1, G2, makeParam, setGrad, W0 } from "./_helpers.ts";

/** Every optimizer, with a learning rate that suits the quadratic below. */
const makers: [string, () => Optimizer][] = [
  ["SGD", () => new SGD({ lr: 0.1 })],
  ["Momentum", () => new Momentum({ lr: 0.05, momentum: 0.9 })],
  ["Adagrad", () => new Adagrad({ lr: 0.5 })],
  ["RMSProp", () => new RMSProp({ lr: 0.01 })],
  ["Adam", () => new Adam({ lr: 0.05 })],
];

for (const [name, make] of makers) {
  Deno.test(`${name}: float32 parameters stay float32 and follow the float64 run`, () => {
    const p32 = makeParam("W", W0, G1, "float32");
    const p64 = makeParam("W", W0, G1, "float64");
    const opt32 = make(), opt64 = make();
    opt32.step([p32]);
    opt64.step([p64]);
    setGrad(p32, G2);
    setGrad(p64, G2);
    opt32.step([p32]);
    opt64.step([p64]);
    assertEquals(p32.value.dtype, "float32");
    assert(p32.value.data instanceof Float32Array, "value buffer must stay a Float32Array");
    assert(p32.grad.data instanceof Float32Array, "grad buffer must stay a Float32Array");
    assertAllClose(p32.value.data, p64.value.data, 1e-6);
    // The state is allocated in the parameter's dtype too.
    const state32 = opt32.state(p32), state64 = opt64.state(p64);
    assertEquals(Object.keys(state32), Object.keys(state64));
    assertEquals(Object.keys(state32).length, name === "SGD" ? 0 : name === "Adam" ? 2 : 1);
    for (const [key, m] of Object.entries(state32)) {
      assert(m.data instanceof Float32Array, `${name} state ${key} must be a Float32Array`);
      assert(
        state64[key].data instanceof Float64Array,
        `${name} state ${key} must be a Float64Array`,
      );
      assertEquals(m.shape, [2, 2]);
    }
  });

  Deno.test(`${name}: lr can be changed between steps and bad values are refused`, () => {
    const opt = make();
    opt.lr = 0.02;
    assertEquals(opt.lr, 0.02);
    assertThrows(() => (opt.lr = 0), RangeError, `${name}: lr`);
    assertEquals(opt.lr, 0.02);
  });

  Deno.test(`${name}: decreases a badly scaled quadratic`, () => {
    // L(w) = ½ Σ c_i (w_i − t_i)², curvatures differing by 25×; ∂L/∂w_i = c_i (w_i − t_i).
    const c = [0.2, 1, 5, 2], target = [1, -2, 0.5, 3];
    const w: Param = param("w", fromArray([[-1, 1], [2, 0]]));
    const loss = () => {
      let sum = 0;
      for (let i = 0; i < 4; i++) sum += 0.5 * c[i] * (w.value.data[i] - target[i]) ** 2;
      return sum;
    };
    const opt = make();
    const initial = loss();
    for (let step = 0; step < 300; step++) {
      for (let i = 0; i < 4; i++) w.grad.data[i] = c[i] * (w.value.data[i] - target[i]);
      opt.step([w]);
    }
    const final = loss();
    assert(final < initial * 1e-2, `${name}: loss went from ${initial} to ${final}`);
  });
}

Deno.test("optimizers keep separate state per parameter", () => {
  for (const [name, make] of makers) {
    // Two parameters stepped together equal each stepped alone.
    const a = makeParam("a", W0, G1), b = makeParam("b", [[1, 2], [3, 4]], G2);
    const a1 = makeParam("a", W0, G1), b1 = makeParam("b", [[1, 2], [3, 4]], G2);
    const both = make(), onlyA = make(), onlyB = make();
    for (let i = 0; i < 3; i++) {
      both.step([a, b]);
      onlyA.step([a1]);
      onlyB.step([b1]);
    }
    // The steps moved both parameters (so the comparisons below are not vacuous) …
    assert(a.value.data.some((x, i) => x !== W0.flat()[i]), `${name}: a moved`);
    assert(b.value.data.some((x, i) => x !== [1, 2, 3, 4][i]), `${name}: b moved`);
    // … and together they moved exactly as each did alone.
    assertAllClose(a.value.data, a1.value.data, 0);
    assertAllClose(b.value.data, b1.value.data, 0);
    // Each parameter has its own state, equal to the state it gets alone.
    const stateA = both.state(a), stateB = both.state(b);
    assertEquals(Object.keys(stateA), Object.keys(onlyA.state(a1)), name);
    for (const [key, m] of Object.entries(stateA)) {
      assert(m !== stateB[key], `${name}: ${key} is one matrix for two parameters`);
      assertAllClose(m.data, onlyA.state(a1)[key].data, 0);
      assertAllClose(stateB[key].data, onlyB.state(b1)[key].data, 0);
    }
  }
});
