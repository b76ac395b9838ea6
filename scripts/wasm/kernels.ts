import { writeCoverageKernels } from '../../graph/algorithms/advocates/coverage-kernel.ts';
import { writeGreedyKernels } from '../../graph/algorithms/advocates/greedy-kernel.ts';
import { writeProbabilityKernels } from '../../graph/algorithms/diffusion/probabilities-kernel.ts';
import { writeRRKernels } from '../../graph/algorithms/diffusion/rr-kernel.ts';
import { writeSweepKernels } from '../../graph/algorithms/pagerank-sweep.ts';
import { writeReachKernels } from '../../graph/algorithms/reach-kernel.ts';
import { writeShiftedCopy } from '../../graph/wasm/shifted-copy.ts';

/** Every WebAssembly module of the library, by the name graph/wasm/modules.ts compiles it under. */
export const KERNELS: Record<string, () => Uint8Array<ArrayBuffer>> = {
  'pagerank-sweep': writeSweepKernels,
  reach: writeReachKernels,
  probabilities: writeProbabilityKernels,
  'rr-sets': writeRRKernels,
  coverage: writeCoverageKernels,
  greedy: writeGreedyKernels,
  'shifted-copy': writeShiftedCopy,
};

/** The text of graph/wasm/prebuilt.ts for the current sources (one base64 string per module). */
export function prebuiltSource(): string {
  const entries = Object.entries(KERNELS).map(
    // Written as Prettier writes it: bare names where they are identifiers, single quotes otherwise.
    ([name, write]) =>
      `  ${/^[a-z]\w*$/i.test(name) ? name : `'${name}'`}:\n    '${Buffer.from(write()).toString('base64')}',`,
  );
  return [
    '// Written by `npm run wasm` from the kernels listed in scripts/wasm/kernels.ts: do not edit by hand.',
    '// test/graph/wasm/prebuilt.test.ts fails when a kernel changed and this file was not written again.',
    'export const PREBUILT: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
