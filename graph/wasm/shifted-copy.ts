import { I32, countedLoop, elementAddress, op, wasmModule } from './assembler.ts';
import { growTo, sharedMemory } from './memory.ts';
import { compiledModule } from './modules.ts';

/**
 * target[at + i] = source[i] + add for every i: the step that turns a chunk's set ends into a collection's offsets
 * (diffusion/rr-sets.ts). Written as JavaScript it is a loop V8 has not yet optimised when a command runs it, about a
 * hundred thousand times in one selection (10-30 ms on epinions under LT); here it is two copies and a WebAssembly
 * loop, on a scratch memory of this thread.
 *
 *   add(address, count, value)   the `count` 32-bit integers at `address` each increased by `value`
 */
function add() {
  const [address, count, value, i] = [0, 1, 2, 3];
  const body = [
    ...op.i32(0),
    ...op.set(i),
    ...countedLoop(i, count, [
      ...elementAddress(address, i, 2),
      ...elementAddress(address, i, 2),
      ...op.loadI32(),
      ...op.get(value),
      ...op.i32Add,
      ...op.storeI32(),
    ]),
  ];
  return { name: 'add', params: [I32, I32, I32], results: [], locals: [[1, I32]] as Array<[number, number]>, body };
}

const TOO_LARGE =
  'advocates: a chunk of RR sets outgrows the 4 GiB of memory that holds it (under these probabilities each set ' +
  'reaches much of the network): ask for less accuracy (a larger epsilon) or use lower probabilities';

/** The module's bytes, from the source above. */
export const writeShiftedCopy = () => wasmModule([add()]);

let scratch: { memory: WebAssembly.Memory; add: (address: number, count: number, value: number) => void } | null = null;

export function shiftedCopy(target: Int32Array, at: number, source: Int32Array, add: number): void {
  const bytes = source.length * 4;
  if (!scratch) {
    const memory = sharedMemory(bytes, TOO_LARGE);
    const { exports } = new WebAssembly.Instance(compiledModule('shifted-copy', writeShiftedCopy), { env: { memory } });
    scratch = { memory, add: exports.add as (address: number, count: number, value: number) => void };
  }
  const { memory } = scratch;
  growTo(memory, bytes, TOO_LARGE);
  const view = new Int32Array(memory.buffer, 0, source.length);
  view.set(source);
  scratch.add(0, source.length, add);
  target.set(view, at);
}
