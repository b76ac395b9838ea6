import { describe, expect, it } from 'vitest';
import {
  I32,
  countedLoop,
  elementAddress,
  elementAddressFromStack,
  op,
  wasmModule,
} from '../../../graph/wasm/assembler.ts';

/** Instantiates one exported function on a fresh shared memory of one page. */
function run(params: number[], results: number[], locals: Array<[number, number]>, body: number[]) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const module = new WebAssembly.Module(wasmModule([{ name: 'f', params, results, locals, body }]));
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  return { f: exports.f as (...args: number[]) => number, memory };
}

describe('countedLoop', () => {
  it('emits the block-loop skeleton of the specification, the step as a signed LEB128 constant', () => {
    // block, loop, local.get 3, local.get 1, i32.ge_s, br_if 1, body (nop), local.get 3, i32.const 16, i32.add,
    // local.set 3, br 0, end, end.
    expect(countedLoop(3, 1, [0x01], 16)).toEqual([
      0x02, 0x40, 0x03, 0x40, 0x20, 3, 0x20, 1, 0x4e, 0x0d, 1, 0x01, 0x20, 3, 0x41, 16, 0x6a, 0x21, 3, 0x0c, 0, 0x0b,
      0x0b,
    ]);
  });

  it('runs the body for counter = start, start + step, ... below the limit', () => {
    // f(start, limit, step 3): sum of the counter's values, 0 + 3 + 6 + 9 for (0, 10), nothing when start >= limit.
    const [start, limit, sum] = [0, 1, 2];
    const body = [
      ...countedLoop(start, limit, [...op.get(sum), ...op.get(start), ...op.i32Add, ...op.set(sum)], 3),
      ...op.get(sum),
    ];
    const { f } = run([I32, I32], [I32], [[1, I32]], body);
    expect(f(0, 10)).toBe(18);
    expect(f(5, 6)).toBe(5);
    expect(f(7, 7)).toBe(0);
    expect(f(-4, 0)).toBe(-4 + -1);
  });
});

describe('elementAddress', () => {
  it('emits base + (index << shift), and no shift for bytes', () => {
    expect(elementAddress(0, 1, 2)).toEqual([0x20, 0, 0x20, 1, 0x41, 2, 0x74, 0x6a]);
    expect(elementAddress(0, [0x41, 5], 3)).toEqual([0x20, 0, 0x41, 5, 0x41, 3, 0x74, 0x6a]);
    expect(elementAddress(0, 1, 0)).toEqual([0x20, 0, 0x20, 1, 0x6a]);
    expect(elementAddressFromStack(4, 2)).toEqual([0x41, 2, 0x74, 0x20, 4, 0x6a]);
  });

  it('addresses the elements of an Int32Array in the memory, whichever form is used', () => {
    // f(base, i) = array[i] + array[i] read through the stacked form.
    const [base, index] = [0, 1];
    const body = [
      ...elementAddress(base, index, 2),
      ...op.loadI32(),
      ...op.get(index),
      ...elementAddressFromStack(base, 2),
      ...op.loadI32(),
      ...op.i32Add,
    ];
    const { f, memory } = run([I32, I32], [I32], [], body);
    const values = [7, -3, 1000, 42];
    new Int32Array(memory.buffer, 64, values.length).set(values);
    values.forEach((value, i) => expect(f(64, i)).toBe(2 * value));
  });
});

describe('imported functions', () => {
  it('come first in the index space: function 0 is the import, the module own functions follow', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const F64 = 0x7c;
    const twice = {
      name: 'twice',
      params: [F64],
      results: [F64],
      locals: [],
      body: [...op.get(0), ...op.get(0), ...op.f64Add],
    };
    // g(x) = twice(log1p(x)): calls the import (0), then the module's first function (1).
    const g = {
      name: 'g',
      params: [F64],
      results: [F64],
      locals: [],
      body: [...op.get(0), ...op.call(0), ...op.call(1)],
    };
    const bytes = wasmModule([twice, g], [{ name: 'log1p', params: [F64], results: [F64] }]);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, log1p: Math.log1p } });
    expect((exports.g as (x: number) => number)(-0.25)).toBe(2 * Math.log1p(-0.25));
    expect((exports.twice as (x: number) => number)(1.5)).toBe(3);
  });
});
