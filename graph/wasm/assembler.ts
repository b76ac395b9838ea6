import { WASM_MAX_PAGES } from './memory.ts';

/**
 * Just enough of the WebAssembly binary format (WebAssembly Core Specification 2.0, chapter 5) to write Sway's few
 * numeric kernels by hand: no toolchain, no build step, nothing to download. A kernel is a list of instructions built
 * with the helpers below; `wasmModule` wraps functions into a module that imports one shared memory ("env" "memory").
 *
 * Why WebAssembly: in the loops that gather values through an index array (PageRank's pull), V8 checks every typed
 * array access against its length; WebAssembly's 32-bit memory sits behind guard pages, so its loads need no check.
 */
export const I32 = 0x7f;
export const F64 = 0x7c;

export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'utf8')];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** Instructions (opcodes from the specification's index of instructions). */
export const op = {
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  f64: (value: number) => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  /** Memory access with a constant byte offset; alignment hints are the natural ones. */
  loadI32: (offset = 0) => [0x28, 2, ...uleb(offset)],
  loadF32: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  loadF64: (offset = 0) => [0x2b, 3, ...uleb(offset)],
  storeF64: (offset = 0) => [0x39, 3, ...uleb(offset)],
  storeI32: (offset = 0) => [0x36, 2, ...uleb(offset)],
  storeF32: (offset = 0) => [0x38, 2, ...uleb(offset)],
  tee: (local: number) => [0x22, ...uleb(local)],
  /** SIMD (128-bit vectors): load, store, and the lane-wise unsigned byte maximum. */
  loadV128: (offset = 0) => [0xfd, 0x00, 4, ...uleb(offset)],
  storeV128: (offset = 0) => [0xfd, 0x0b, 4, ...uleb(offset)],
  i8x16MaxU: [0xfd, 0x79],
  /** Bytes: unsigned load, and the low byte of an i32 stored. */
  loadU8: (offset = 0) => [0x2d, 0, ...uleb(offset)],
  storeI8: (offset = 0) => [0x3a, 0, ...uleb(offset)],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32Clz: [0x67],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32Rotl: [0x77],
  i32GeS: [0x4e],
  i32Ne: [0x47],
  i64: (value: number) => [0x42, ...sleb(value)],
  i64Shl: [0x86],
  i64ShrU: [0x88],
  i64Mul: [0x7e],
  i64ExtendI32U: [0xad],
  i32WrapI64: [0xa7],
  f64Eq: [0x61],
  f64Ne: [0x62],
  f64Lt: [0x63],
  f64Gt: [0x64],
  f64Ge: [0x66],
  f64Abs: [0x99],
  f64Floor: [0x9c],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Min: [0xa4],
  /** Rounds to the nearest single-precision number, as storing into a Float32Array does. */
  f32DemoteF64: [0xb6],
  f64PromoteF32: [0xbb],
  f64ConvertI32S: [0xb7],
  f64ConvertI32U: [0xb8],
  f64ReinterpretI64: [0xbf],
  /** Saturating truncation toward zero (NaN gives 0): never traps, unlike i32.trunc_f64_s. */
  i32TruncSatF64S: [0xfc, 0x02],
  /** Pops c, b, a: b when c is 0, otherwise a. */
  select: [0x1b],
  /** `block` and `loop` with no result; `end` closes either, and `if` (with or without `else`). */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  return: [0x0f],
  /** Calls function `index` of the module (imports first, then the functions in the order given to wasmModule). */
  call: (index: number) => [0x10, ...uleb(index)],
};

/**
 * A counted loop: while `counter` < `limit` (both i32 locals, compared signed), run `body`, then add `step` to
 * `counter`. The counter is not initialised here: it runs from whatever it holds. Emits
 *
 *   block loop
 *     local.get counter  local.get limit  i32.ge_s  br_if 1
 *     ...body...
 *     local.get counter  i32.const step  i32.add  local.set counter
 *     br 0
 *   end end
 *
 * Inside `body`, `br 1` leaves the loop and `br 0` starts the next turn without stepping the counter.
 */
export function countedLoop(counter: number, limit: number, body: number[], step = 1): number[] {
  return [
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...op.get(limit),
    ...op.i32GeS,
    ...op.brIf(1),
    ...body,
    ...op.get(counter),
    ...op.i32(step),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** local += value (i32 locals): `local.get`, `i32.const value`, `i32.add`, `local.set`. */
export function addTo(local: number, value: number): number[] {
  return [...op.get(local), ...op.i32(value), ...op.i32Add, ...op.set(local)];
}

/**
 * The byte address of element `index` of the array at byte address `base` (a local): base + (index << shift), where
 * `shift` is log2 of the element's size (2 for 4 bytes, 3 for 8). `index` is a local, or instructions that push it.
 * Emits `local.get base`, the index, `i32.const shift`, `i32.shl`, `i32.add`; for bytes (shift 0) the shift is left
 * out.
 */
export function elementAddress(base: number, index: number | number[], shift: number): number[] {
  return [
    ...op.get(base),
    ...(typeof index === 'number' ? op.get(index) : index),
    ...(shift === 0 ? [] : [...op.i32(shift), ...op.i32Shl]),
    ...op.i32Add,
  ];
}

/**
 * The same address for an index already on the stack (the value just loaded): index << shift, then + base. Emits
 * `i32.const shift`, `i32.shl`, `local.get base`, `i32.add`.
 */
export function elementAddressFromStack(base: number, shift: number): number[] {
  return [...op.i32(shift), ...op.i32Shl, ...op.get(base), ...op.i32Add];
}

export interface WasmFunction {
  name: string;
  params: number[];
  results: number[];
  /** Extra locals after the parameters, as [count, type] runs. */
  locals: Array<[number, number]>;
  body: number[];
}

/** A function the module imports from "env" (a JavaScript function such as Math.log1p), by name and signature. */
export interface WasmImport {
  name: string;
  params: number[];
  results: number[];
}

/**
 * A module of exported functions importing a shared memory "env" "memory" of at most 4 GiB, and the functions
 * `imports` lists from "env". Imported functions come first in the function index space: the i-th import is called
 * as function i, and the module's own functions follow (functions[j] is function imports.length + j).
 */
export function wasmModule(functions: WasmFunction[], imports: WasmImport[] = []): Uint8Array<ArrayBuffer> {
  const signature = (f: { params: number[]; results: number[] }) => [
    0x60,
    ...uleb(f.params.length),
    ...f.params,
    ...uleb(f.results.length),
    ...f.results,
  ];
  const types = [...imports, ...functions].flatMap(signature);
  const codes = functions.flatMap((f) => {
    const code = [
      ...uleb(f.locals.length),
      ...f.locals.flatMap(([count, type]) => [...uleb(count), type]),
      ...f.body,
      ...op.end,
    ];
    return [...uleb(code.length), ...code];
  });
  const first = imports.length;
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [...uleb(first + functions.length), ...types]),
    // Import: memory, limits flag 3 (shared, with a maximum), minimum 0 pages, maximum 65,536 pages (4 GiB); then each
    // function, kind 0, with its own type.
    ...section(2, [
      ...uleb(1 + first),
      ...name('env'),
      ...name('memory'),
      0x02,
      0x03,
      ...uleb(0),
      ...uleb(WASM_MAX_PAGES),
      ...imports.flatMap((f, i) => [...name('env'), ...name(f.name), 0x00, ...uleb(i)]),
    ]),
    ...section(3, [...uleb(functions.length), ...functions.map((_, i) => uleb(first + i)).flat()]),
    ...section(7, [
      ...uleb(functions.length),
      ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(first + i)]),
    ]),
    ...section(10, [...uleb(functions.length), ...codes]),
  ]);
}
