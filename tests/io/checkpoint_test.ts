import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { type DType, fromArray, Matrix } from "../../lib/core/matrix.ts";
import { type Param, param } from "../../lib/layers/param.ts";
import {
  checkpointBytes,
  loadCheckpoint,
  loadCheckpointBytes,
  saveCheckpoint,
} from "../../lib/io/checkpoint.ts";
import { decodeSafetensors, encodeSafetensors } from "../../lib/io/safetensors.ts";
import { Random } from "../../lib/random.ts";

/** An RNN-shaped parameter set with random values plus a few special ones. */
function model(dtype: DType, seed = 1): Param[] {
  const rng = new Random(seed);
  const make = (name: string, rows: number, cols: number) => {
    const m = new Matrix(rows, cols, dtype);
    for (let i = 0; i < m.size; i++) m.data[i] = rng.gaussian() * 10 ** (rng.int(45) - 40);
    return param(name, m);
  };
  const params = [make("Wxh", 3, 4), make("Whh", 4, 4), make("b", 1, 4)];
  params[2].value.data.set([-0, 1e-30, dtype === "float32" ? 2 ** -149 : 5e-324, -1e-320]);
  return params;
}

/** Every parameter's bits, to compare models exactly (−0 ≠ 0 here). */
function snapshot(params: readonly Param[]): string[] {
  return params.map((p) => {
    const d = p.value.data;
    return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).join(",");
  });
}

for (const dtype of ["float32", "float64"] as const) {
  Deno.test(`checkpoint round trip is bit-exact (${dtype})`, () => {
    const saved = model(dtype, 1);
    const target = model(dtype, 2);
    assert(snapshot(saved).join() !== snapshot(target).join(), "the two models start different");
    const values = target.map((p) => p.value); // loading must fill these very matrices
    const metadata = loadCheckpointBytes(checkpointBytes(saved, { epoch: "7" }), target);
    assertEquals(metadata, { epoch: "7" });
    assertEquals(snapshot(target), snapshot(saved));
    target.forEach((p, i) => assert(p.value === values[i]));
    assert(Object.is(target[2].value.data[0], -0));
  });
}

Deno.test("checkpoint stores each param under its name as [rows, cols] of its dtype", () => {
  const W = param("W", fromArray([[1, 2, 3], [4, 5, 6]], "float32"));
  const c = param("c", fromArray([[0.5]], "float64"));
  const { tensors } = decodeSafetensors(checkpointBytes([W, c]));
  assertEquals(Object.keys(tensors), ["W", "c"]);
  assertEquals(tensors.W, { dtype: "float32", shape: [2, 3], data: W.value.data });
  assertEquals(tensors.c, { dtype: "float64", shape: [1, 1], data: new Float64Array([0.5]) });
});

Deno.test("a missing tensor is named and nothing is loaded", () => {
  const saved = model("float64", 1).filter((p) => p.name !== "Whh");
  const target = model("float64", 2);
  const before = snapshot(target);
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(saved), target),
    RangeError,
    'missing tensor "Whh" (expected shape [4, 4])',
  );
  assertEquals(snapshot(target), before);
});

Deno.test("an extra tensor is named and nothing is loaded", () => {
  const saved = [...model("float64", 1), param("Why", new Matrix(4, 2))];
  const target = model("float64", 2);
  const before = snapshot(target);
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(saved), target),
    RangeError,
    'unexpected tensor "Why" (not a model parameter)',
  );
  assertEquals(snapshot(target), before);
});

Deno.test("a wrong-shaped tensor names tensor, expected and found shapes", () => {
  const target = model("float32", 2);
  const before = snapshot(target);
  const saved = model("float32", 1);
  saved[0] = param("Wxh", new Matrix(4, 3, "float32")); // transposed by mistake
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(saved), target),
    RangeError,
    'tensor "Wxh" has shape [4, 3], expected [3, 4]',
  );
  // A 1-D tensor with the right number of elements is still the wrong shape.
  const flat = encodeSafetensors({
    Wxh: { dtype: "float32", shape: [12], data: new Float32Array(12) },
    Whh: { dtype: "float32", shape: [4, 4], data: new Float32Array(16) },
    b: { dtype: "float32", shape: [1, 4], data: new Float32Array(4) },
  });
  assertThrows(
    () => loadCheckpointBytes(flat, target),
    RangeError,
    'tensor "Wxh" has shape [12], expected [3, 4]',
  );
  assertEquals(snapshot(target), before);
});

Deno.test("all problems are listed at once", () => {
  const saved = [param("Wxh", new Matrix(3, 5)), param("extra", new Matrix(1, 1))];
  const target = model("float64", 2);
  const error = assertThrows(() => loadCheckpointBytes(checkpointBytes(saved), target), RangeError);
  for (const part of ['"Wxh" has shape [3, 5]', 'missing tensor "Whh"', 'missing tensor "b"']) {
    assert(error.message.includes(part), `${part} in: ${error.message}`);
  }
  assert(error.message.includes('unexpected tensor "extra"'), error.message);
  assert(error.message.includes("nothing was loaded"), error.message);
});

Deno.test("a truncated file or a bad header fails and leaves the params unchanged", () => {
  const bytes = checkpointBytes(model("float64", 1));
  const target = model("float64", 2);
  const before = snapshot(target);
  assertThrows(
    () => loadCheckpointBytes(bytes.subarray(0, bytes.length - 8), target),
    RangeError,
    "truncated data",
  );
  assertThrows(() => loadCheckpointBytes(bytes.subarray(0, 4), target), RangeError, "4 bytes");
  const corrupt = bytes.slice();
  corrupt[9] = "!".charCodeAt(0); // {"Wxh" → {!Wxh"
  assertThrows(() => loadCheckpointBytes(corrupt, target), SyntaxError, "not valid JSON");
  assertEquals(snapshot(target), before);
});

Deno.test("dtype differences are converted by default, or rejected on request", () => {
  const saved = model("float64", 1);
  const into32 = model("float32", 2);
  loadCheckpointBytes(checkpointBytes(saved), into32);
  into32.forEach((p, k) => {
    for (let i = 0; i < p.value.size; i++) {
      assert(Object.is(p.value.data[i], Math.fround(saved[k].value.data[i])), `${p.name}[${i}]`);
    }
  });
  // float32 → float64 is exact, so float32 → float64 → float32 returns the same bits.
  const into64 = model("float64", 3);
  loadCheckpointBytes(checkpointBytes(into32), into64);
  const back32 = model("float32", 4);
  loadCheckpointBytes(checkpointBytes(into64), back32);
  assertEquals(snapshot(back32), snapshot(into32));

  const strict = model("float32", 5);
  const before = snapshot(strict);
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(saved), strict, { convertDtype: false }),
    RangeError,
    'tensor "Wxh" is float64, expected float32',
  );
  assertEquals(snapshot(strict), before);
});

Deno.test("duplicate parameter names are refused", () => {
  const dup = [param("W", new Matrix(1, 1)), param("W", new Matrix(1, 1))];
  assertThrows(() => checkpointBytes(dup), RangeError, 'two parameters are named "W"');
  const bytes = checkpointBytes([dup[0]]);
  assertThrows(() => loadCheckpointBytes(bytes, dup), RangeError, 'two parameters are named "W"');
});

Deno.test("saveCheckpoint / loadCheckpoint go through a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/model.safetensors`;
    const saved = model("float32", 1);
    await saveCheckpoint(path, saved, { step: "100" });
    // Only the checkpoint remains (the temporary file was renamed over it).
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assertEquals(names, ["model.safetensors"]);
    assertEquals(await Deno.readFile(path), checkpointBytes(saved, { step: "100" }));

    const target = model("float32", 2);
    assertEquals(await loadCheckpoint(path, target), { step: "100" });
    assertEquals(snapshot(target), snapshot(saved));

    const wrong = [param("Wxh", new Matrix(3, 4, "float32"))];
    await assertRejects(() => loadCheckpoint(path, wrong), RangeError, 'unexpected tensor "Whh"');
    await assertRejects(
      () => loadCheckpoint(`${dir}/none.safetensors`, target),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a model with NaN or Infinity weights is not saved unless allowed", async () => {
  const params = model("float64", 1);
  params[1].value.set(2, 3, NaN);
  params[1].value.set(3, 0, Infinity);
  params[2].value.set(0, 1, -Infinity);
  const error = assertThrows(() => checkpointBytes(params), RangeError);
  for (
    const part of [
      "refusing to save non-finite weights",
      'tensor "Whh" has 2 non-finite values (first: NaN at [2, 3])',
      'tensor "b" has 1 non-finite value (first: -Infinity at [0, 1])',
      "allowNonFinite: true",
    ]
  ) {
    assert(error.message.includes(part), `${part} in: ${error.message}`);
  }
  assert(!error.message.includes('"Wxh"'), "finite tensors are not listed");
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/diverged.safetensors`;
    await assertRejects(() => saveCheckpoint(path, params), RangeError, "non-finite");
    await assertRejects(() => Deno.stat(path), Deno.errors.NotFound);
    await saveCheckpoint(path, params, undefined, { allowNonFinite: true });
    const { tensors } = decodeSafetensors(await Deno.readFile(path));
    assert(Number.isNaN(tensors.Whh.data[2 * 4 + 3]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("non-finite values in a file are reported on load unless allowed", () => {
  const saved = model("float32", 1);
  saved[0].value.set(1, 2, NaN);
  const bytes = checkpointBytes(saved, undefined, { allowNonFinite: true });
  const target = model("float32", 2);
  const before = snapshot(target);
  assertThrows(
    () => loadCheckpointBytes(bytes, target),
    RangeError,
    'tensor "Wxh" has 1 non-finite value (first: NaN at [1, 2])',
  );
  assertEquals(snapshot(target), before);
  loadCheckpointBytes(bytes, target, { allowNonFinite: true });
  assert(Number.isNaN(target[0].value.get(1, 2)));
});

Deno.test("a float64 value that overflows float32 on load is reported", () => {
  const saved = model("float64", 1);
  saved[2].value.data.set([1e39, 3.5e38, -1e300, 3.4028234663852886e38]); // the last is FLT_MAX
  const target = model("float32", 2);
  const before = snapshot(target);
  assertThrows(
    () => loadCheckpointBytes(checkpointBytes(saved), target),
    RangeError,
    'tensor "b" has 3 values that overflow float32 (first: 1e+39 at [0, 0]',
  );
  assertEquals(snapshot(target), before);
  // Large but representable values convert (rounded to nearest), as before.
  saved[2].value.data.set([3e38, -3.4028234663852886e38, 1, 0]);
  loadCheckpointBytes(checkpointBytes(saved), target);
  assertEquals(target[2].value.data[1], -3.4028234663852886e38);
});

Deno.test("load errors name the file; an empty file is called empty", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const empty = `${dir}/empty.safetensors`;
    await Deno.writeFile(empty, new Uint8Array(0));
    await assertRejects(
      () => loadCheckpoint(empty, model("float64")),
      RangeError,
      `${empty}: safetensors: the file is empty (0 bytes)`,
    );
    const other = `${dir}/other.safetensors`;
    await Deno.writeFile(other, checkpointBytes([param("V", new Matrix(1, 1))]));
    await assertRejects(
      () => loadCheckpoint(other, model("float64")),
      RangeError,
      `${other}: checkpoint does not match the model`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveCheckpoint replaces a stale temporary file left by a crash", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/model.safetensors`;
    await Deno.writeTextFile(`${path}.partial`, "half a checkpoint from a crashed save");
    const saved = model("float64", 1);
    await saveCheckpoint(path, saved);
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assertEquals(names, ["model.safetensors"]);
    const target = model("float64", 2);
    await loadCheckpoint(path, target);
    assertEquals(snapshot(target), snapshot(saved));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
