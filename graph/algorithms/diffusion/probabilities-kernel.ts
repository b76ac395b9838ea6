import { F64, I32, countedLoop, elementAddress, op, wasmModule } from '../../wasm/assembler.ts';
import { compiledModule } from '../../wasm/modules.ts';

/**
 * The pass over every person and in-edge that gives a diffusion graph its probabilities when every in-edge of a
 * person shares one (weighted cascade, uniform p: probabilities.ts), in WebAssembly. It runs once per command, before
 * V8 would have optimised it as JavaScript: 3 to 5 ms on epinions' 508,837 in-edges, against about 0.5 ms here.
 *
 *   shared(n, inOffsets, uniform, p, lt, inProbability, shared, inTotal)
 *       for each person v with in-edges (inOffsets[v] .. inOffsets[v + 1], d of them): q = 1 / d under weighted
 *       cascade (uniform 0), otherwise p, or 1 / d under LT where d x p > 1 (lt 1); each in-edge's inProbability is q
 *       in single precision, shared[v] that value, inTotal[v] d times it (at most 1 under LT). People without
 *       in-edges are left as they are (zero).
 *
 * The same numbers, bit for bit, as the JavaScript loop it replaces (tested).
 */
function shared() {
  const [n, inOffsets, uniform, p, lt, inProbability, sharedAt, inTotal] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [v, e, end, at] = [8, 9, 10, 11];
  const [degree, q, total] = [12, 13, 14];
  const body = [
    ...op.i32(0),
    ...op.set(v),
    ...countedLoop(v, n, [
      ...elementAddress(inOffsets, v, 2),
      ...op.tee(at),
      ...op.loadI32(4),
      ...op.set(end),
      ...op.get(at),
      ...op.loadI32(),
      ...op.set(e),
      ...op.get(end),
      ...op.get(e),
      ...op.i32Ne,
      ...op.if,
      ...op.get(end),
      ...op.get(e),
      ...op.i32Sub,
      ...op.f64ConvertI32S,
      ...op.set(degree),
      // q = 1 / d when weighted cascade, or LT with d x p > 1; otherwise p. Then rounded to single precision.
      ...op.f64(1),
      ...op.get(degree),
      ...op.f64Div,
      ...op.get(p),
      ...op.get(uniform),
      ...op.i32Eqz,
      ...op.get(lt),
      ...op.get(degree),
      ...op.get(p),
      ...op.f64Mul,
      ...op.f64(1),
      ...op.f64Gt,
      ...op.i32And,
      ...op.i32Or,
      ...op.select,
      ...op.f32DemoteF64,
      ...op.f64PromoteF32,
      ...op.set(q),
      ...elementAddress(sharedAt, v, 3),
      ...op.get(q),
      ...op.storeF64(),
      // inTotal[v] = d q, at most 1 under LT (1/d added d times can round a hair past 1).
      ...op.get(degree),
      ...op.get(q),
      ...op.f64Mul,
      ...op.set(total),
      ...elementAddress(inTotal, v, 3),
      ...op.f64(1),
      ...op.get(total),
      ...op.f64Min,
      ...op.get(total),
      ...op.get(lt),
      ...op.select,
      ...op.storeF64(),
      ...countedLoop(e, end, [
        ...elementAddress(inProbability, e, 2),
        ...op.get(q),
        ...op.f32DemoteF64,
        ...op.storeF32(),
      ]),
      ...op.end,
    ]),
  ];
  return {
    name: 'shared',
    params: [I32, I32, I32, F64, I32, I32, I32, I32],
    results: [],
    locals: [
      [4, I32],
      [3, F64],
    ] as Array<[number, number]>,
    body,
  };
}

export type SharedProbabilitiesKernel = (
  n: number,
  inOffsets: number,
  uniform: number,
  p: number,
  lt: number,
  inProbability: number,
  shared: number,
  inTotal: number,
) => void;

/** The module's bytes, from the source above. */
export const writeProbabilityKernels = () => wasmModule([shared()]);

/** The kernel instantiated on a memory (compiled once per thread: wasm/modules.ts). */
export function probabilityKernels(memory: WebAssembly.Memory): { shared: SharedProbabilitiesKernel } {
  const { exports } = new WebAssembly.Instance(compiledModule('probabilities', writeProbabilityKernels), {
    env: { memory },
  });
  return { shared: exports.shared as SharedProbabilitiesKernel };
}
