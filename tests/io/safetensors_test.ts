import { assert, assertEquals, assertThrows } from "@std/assert";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "../../lib/io/safetensors.ts";

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = (s: string) => new Uint8Array(s.match(/../g)!.map((h) => parseInt(h, 16)));

/** Builds a file by hand: u64 LE length, header (space-padded to 8 if `pad`), data. */
function build(header: string, data: Uint8Array = new Uint8Array(0), pad = true): Uint8Array {
  const json = ascii(header);
  const n = pad ? Math.ceil(json.length / 8) * 8 : json.length;
  const out = new Uint8Array(8 + n + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  out.set(data, 8 + n);
  return out;
}

/** The bit patterns of a typed array (u32 for float32, u64 for float64). */
function bits(data: Float32Array | Float64Array): bigint[] {
  if (data instanceof Float32Array) {
    return Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length), BigInt);
  }
  return Array.from(new BigUint64Array(data.buffer, data.byteOffset, data.length));
}

const special = [
  0,
  -0,
  1,
  -1.5,
  1e-30,
  -1e-30,
  Math.PI,
  Infinity,
  -Infinity,
  1e38,
  2 ** -126, // smallest normal float32
  2 ** -149, // smallest subnormal float32
  3 * 2 ** -140, // another float32 subnormal
  5e-324, // smallest subnormal float64
  2.2250738585072014e-308, // smallest normal float64
  -1.5e-310, // negative float64 subnormal
  1.7976931348623157e308,
];

Deno.test("round trip is bit-exact for float32 and float64 (−0, subnormals, 1e-30, ±∞)", () => {
  const f32 = new Float32Array(special);
  const f64 = new Float64Array(special);
  assert(Object.is(f32[1], -0) && f32[11] !== 0, "the float32 fixture keeps −0 and subnormals");
  const tensors: Record<string, Tensor> = {
    a32: { dtype: "float32", shape: [special.length], data: f32 },
    m64: { dtype: "float64", shape: [1, special.length], data: f64 },
    rank3: { dtype: "float64", shape: [2, 1, 3], data: new Float64Array([1, 2, 3, 4, 5, 6]) },
    scalar: { dtype: "float32", shape: [], data: new Float32Array([7]) },
    empty: { dtype: "float32", shape: [0, 3], data: new Float32Array(0) },
  };
  const back = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  assertEquals(Object.keys(back), Object.keys(tensors));
  for (const [name, t] of Object.entries(tensors)) {
    assertEquals(back[name].dtype, t.dtype, name);
    assertEquals(back[name].shape, t.shape, name);
    assertEquals(back[name].data.constructor, t.data.constructor, name);
    assertEquals(bits(back[name].data), bits(t.data), name);
  }
  assert(Object.is(back.a32.data[1], -0));
  assertEquals(back.m64.data[13], 5e-324);
});

Deno.test("NaN survives a round trip as NaN", () => {
  const data = new Float64Array([NaN, 1]);
  const back = decodeSafetensors(
    encodeSafetensors({ x: { dtype: "float64", shape: [2], data } }),
  ).tensors.x.data;
  assert(Number.isNaN(back[0]));
  assertEquals(back[1], 1);
});

Deno.test("header format byte by byte on a tiny example", () => {
  const bytes = encodeSafetensors({
    w: { dtype: "float32", shape: [2], data: new Float32Array([1, -2]) },
  });
  const json = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  assertEquals(json.length, 54);
  // 54 bytes of JSON padded with two spaces to 56: a multiple of 8.
  assertEquals(Array.from(bytes.subarray(0, 8)), [56, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(new TextDecoder().decode(bytes.subarray(8, 8 + 54)), json);
  assertEquals(Array.from(bytes.subarray(8 + 54, 64)), [0x20, 0x20]);
  // Data section at byte 64, little-endian float32: 1 = 0x3f800000, −2 = 0xc0000000.
  assertEquals(bytes.length, 64 + 8);
  assertEquals(Array.from(bytes.subarray(64)), [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
});

Deno.test("header: metadata first, contiguous offsets, data start aligned to 8", () => {
  const bytes = encodeSafetensors(
    {
      first: { dtype: "float64", shape: [2, 1], data: new Float64Array([0.5, 2]) },
      second: { dtype: "float32", shape: [3], data: new Float32Array([1, 2, 3]) },
      third: { dtype: "float64", shape: [1], data: new Float64Array([-1]) },
    },
    { format: "pt", note: "é" },
  );
  const view = new DataView(bytes.buffer);
  const n = Number(view.getBigUint64(0, true));
  assertEquals((8 + n) % 8, 0);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert(text.startsWith('{"__metadata__":{"format":"pt","note":"é"},"first":{'), text);
  assert(/^ *$/.test(text.slice(text.lastIndexOf("}") + 1)), "only spaces after the JSON");
  const header = JSON.parse(text);
  assertEquals(Object.keys(header), ["__metadata__", "first", "second", "third"]);
  assertEquals(header.first, { dtype: "F64", shape: [2, 1], data_offsets: [0, 16] });
  assertEquals(header.second, { dtype: "F32", shape: [3], data_offsets: [16, 28] });
  assertEquals(header.third, { dtype: "F64", shape: [1], data_offsets: [28, 36] });
  assertEquals(bytes.length, 8 + n + 36);
  // Each value at its offset, read back explicitly little-endian.
  const data = 8 + n;
  assertEquals(view.getFloat64(data + 8, true), 2);
  assertEquals(view.getFloat32(data + 16 + 8, true), 3);
  assertEquals(view.getFloat64(data + 28, true), -1);
});

Deno.test("decodes bytes written by Python's safetensors", () => {
  // safetensors.numpy.save({"b": float32 [1.5, -2], "a": float64 [[1], [0.25]],
  //   "c": float32 [3]}, metadata={"format": "np"}) with safetensors 0.8.0: it sorts
  // by dtype size then name, writes compact JSON and pads the header to 200 bytes.
  const python = hex(
    "c8000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a226e70227d2c2261" +
      "223a7b226474797065223a22463634222c227368617065223a5b322c315d2c22646174615f6f66667365" +
      "7473223a5b302c31365d7d2c2262223a7b226474797065223a22463332222c227368617065223a5b325d" +
      "2c22646174615f6f666673657473223a5b31362c32345d7d2c2263223a7b226474797065223a22463332" +
      "222c227368617065223a5b315d2c22646174615f6f666673657473223a5b32342c32385d7d7d20200000" +
      "00000000f03f000000000000d03f0000c03f000000c000004040",
  );
  // The same file built by hand from the spec.
  const data = new Uint8Array(28);
  const dv = new DataView(data.buffer);
  dv.setFloat64(0, 1, true);
  dv.setFloat64(8, 0.25, true);
  dv.setFloat32(16, 1.5, true);
  dv.setFloat32(20, -2, true);
  dv.setFloat32(24, 3, true);
  const byHand = build(
    '{"__metadata__":{"format":"np"},' +
      '"a":{"dtype":"F64","shape":[2,1],"data_offsets":[0,16]},' +
      '"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},' +
      '"c":{"dtype":"F32","shape":[1],"data_offsets":[24,28]}}',
    data,
  );
  assertEquals(byHand, python);

  const { tensors, metadata } = decodeSafetensors(python);
  assertEquals(metadata, { format: "np" });
  assertEquals(tensors.a, { dtype: "float64", shape: [2, 1], data: new Float64Array([1, 0.25]) });
  assertEquals(tensors.b, { dtype: "float32", shape: [2], data: new Float32Array([1.5, -2]) });
  assertEquals(tensors.c, { dtype: "float32", shape: [1], data: new Float32Array([3]) });
  // Our encoder, given Python's order, writes the same bytes.
  assertEquals(
    encodeSafetensors({ a: tensors.a, b: tensors.b, c: tensors.c }, { format: "np" }),
    python,
  );
});

Deno.test("decodes a header in any key order, unpadded, from an unaligned view", () => {
  const data = new Uint8Array(12);
  new DataView(data.buffer).setFloat32(0, 9, true);
  new DataView(data.buffer).setFloat64(4, -4, true);
  const file = build(
    '{"y":{"dtype":"F64","shape":[1],"data_offsets":[4,12]},' +
      '"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
    data,
    false,
  );
  // Put the file at an odd offset inside a larger buffer.
  const big = new Uint8Array(file.length + 3);
  big.set(file, 3);
  const { tensors, metadata } = decodeSafetensors(big.subarray(3));
  assertEquals(metadata, {});
  assertEquals(Object.keys(tensors), ["x", "y"]); // data-section order
  assertEquals(tensors.x.data[0], 9);
  assertEquals(tensors.y.data[0], -4);
});

Deno.test("a file shorter than 8 bytes is rejected", () => {
  assertThrows(
    () => decodeSafetensors(new Uint8Array(5)),
    RangeError,
    "file is 5 bytes, shorter than the 8-byte header length",
  );
});

Deno.test("a header length beyond the file is rejected", () => {
  const file = build('{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}');
  new DataView(file.buffer).setBigUint64(0, 1000n, true);
  assertThrows(() => decodeSafetensors(file), RangeError, "header length 1000 goes beyond");
  new DataView(file.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
  assertThrows(() => decodeSafetensors(file), RangeError, "18446744073709551615");
});

Deno.test("invalid JSON, non-object headers and bad metadata are rejected", () => {
  assertThrows(
    () => decodeSafetensors(build('{"a": {"dtype": "F32",')),
    SyntaxError,
    "not valid JSON",
  );
  assertThrows(() => decodeSafetensors(build("[1, 2]")), SyntaxError, 'starting with "{"');
  const badUtf8 = build("{}");
  badUtf8[9] = 0xff;
  assertThrows(() => decodeSafetensors(badUtf8), SyntaxError, "not valid UTF-8");
  assertThrows(
    () => decodeSafetensors(build('{"__metadata__":{"epoch":3}}')),
    TypeError,
    '"epoch" is 3',
  );
  assertThrows(
    () => decodeSafetensors(build('{"w":[1,2]}')),
    TypeError,
    'header entry "w" must be an object',
  );
});

Deno.test("an unsupported dtype is named", () => {
  const file = build(
    '{"emb":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}',
    new Uint8Array(4),
  );
  assertThrows(
    () => decodeSafetensors(file),
    TypeError,
    'tensor "emb" has unsupported dtype "BF16"',
  );
});

Deno.test("data_offsets that do not match shape × item size are rejected", () => {
  const file = build(
    '{"w":{"dtype":"F64","shape":[2,2],"data_offsets":[0,16]}}',
    new Uint8Array(16),
  );
  assertThrows(
    () => decodeSafetensors(file),
    RangeError,
    'tensor "w" has data_offsets [0, 16] (16 bytes) but shape [2, 2] of F64 needs 32 bytes',
  );
  const reversed = build('{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}');
  assertThrows(() => decodeSafetensors(reversed), RangeError, "0 ≤ begin ≤ end");
  const badShape = build('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}');
  assertThrows(() => decodeSafetensors(badShape), RangeError, 'tensor "w" has shape [-1]');
});

Deno.test("gaps and overlaps between tensors are rejected", () => {
  const gap = build(
    '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}',
    new Uint8Array(12),
  );
  assertThrows(() => decodeSafetensors(gap), RangeError, 'tensor "b" starts at data offset 8');
  assertThrows(() => decodeSafetensors(gap), RangeError, "leaves a gap");
  const overlap = build(
    '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
    new Uint8Array(8),
  );
  assertThrows(() => decodeSafetensors(overlap), RangeError, "overlaps the previous tensor");
  const notAtZero = build(
    '{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
    new Uint8Array(8),
  );
  assertThrows(() => decodeSafetensors(notAtZero), RangeError, "leaves a gap");
});

Deno.test("truncated data reports expected and actual byte counts", () => {
  const full = encodeSafetensors({
    a: { dtype: "float64", shape: [2], data: new Float64Array([1, 2]) },
    b: { dtype: "float32", shape: [3], data: new Float32Array([1, 2, 3]) },
  });
  const cut = full.subarray(0, full.length - 5); // 28 bytes of data → 23
  assertThrows(
    () => decodeSafetensors(cut),
    RangeError,
    "needs 28 bytes of tensor data but the file has 23 (5 missing",
  );
  assertThrows(() => decodeSafetensors(cut), RangeError, 'tensor "b" at data_offsets [16, 28]');
  // Trailing bytes nobody indexes are also an error.
  const long = new Uint8Array(full.length + 4);
  long.set(full);
  assertThrows(() => decodeSafetensors(long), RangeError, "4 unindexed trailing bytes");
});

Deno.test("encode validates its input", () => {
  assertThrows(
    () => encodeSafetensors({ w: { dtype: "float32", shape: [2, 2], data: new Float32Array(3) } }),
    RangeError,
    'tensor "w" has shape [2, 2] (4 elements) but 3 data elements',
  );
  assertThrows(
    () => encodeSafetensors({ w: { dtype: "float32", shape: [2], data: new Float64Array(2) } }),
    TypeError,
    "expected Float32Array",
  );
  assertThrows(
    () =>
      encodeSafetensors({
        __metadata__: { dtype: "float32", shape: [], data: new Float32Array(1) },
      }),
    RangeError,
    "reserved",
  );
  assertThrows(
    () =>
      encodeSafetensors(
        { w: { dtype: "float16" as "float32", shape: [1], data: new Float32Array(1) } },
      ),
    TypeError,
    "dtype float16",
  );
});

Deno.test('any tensor name round-trips, even "__proto__"', () => {
  const tensors = Object.fromEntries([
    ["__proto__", { dtype: "float32", shape: [1], data: new Float32Array([1]) } as Tensor],
    ["rnn.Wxh", { dtype: "float32", shape: [1], data: new Float32Array([2]) } as Tensor],
  ]);
  const back = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  assertEquals(Object.keys(back), ["__proto__", "rnn.Wxh"]);
  assertEquals(back["rnn.Wxh"].data[0], 2);
});

Deno.test("a key given twice in the header is rejected, not 'the last one wins'", () => {
  const entry = (begin: number) =>
    `{"dtype":"F32","shape":[1],"data_offsets":[${begin},${begin + 4}]}`;
  const data = new Uint8Array(4);
  // JSON.parse alone keeps the second "w" and the file would look valid.
  const twice = build(`{"w":${entry(0)},"w":${entry(0)}}`, data);
  assertThrows(
    () => decodeSafetensors(twice),
    SyntaxError,
    'the header has the key "w" twice at the top level',
  );
  const field = build('{"w":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,4]}}', data);
  assertThrows(() => decodeSafetensors(field), SyntaxError, 'the key "dtype" twice in "w"');
  const metadata = build(`{"__metadata__":{"a":"1","a":"2"},"w":${entry(0)}}`, data);
  assertThrows(() => decodeSafetensors(metadata), SyntaxError, 'key "a" twice in "__metadata__"');
  // Keys are compared after unescaping: "\u0077" is "w".
  const escaped = build(`{"w":${entry(0)},"\\u0077":${entry(0)}}`, data);
  assertThrows(() => decodeSafetensors(escaped), SyntaxError, 'the key "w" twice');
});

Deno.test("equal keys in different objects, and keys inside strings, are not duplicates", () => {
  const data = new Uint8Array(8);
  const file = build(
    '{"__metadata__":{"w":"w","note":"{\\"w\\": 1, \\"w\\": 2}"},' +
      '"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"v":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
    data,
  );
  const { tensors, metadata } = decodeSafetensors(file);
  assertEquals(Object.keys(tensors), ["w", "v"]);
  assertEquals(metadata.note, '{"w": 1, "w": 2}');
});

Deno.test("an empty file is called empty", () => {
  assertThrows(
    () => decodeSafetensors(new Uint8Array(0)),
    RangeError,
    "safetensors: the file is empty (0 bytes), not a safetensors file",
  );
});
