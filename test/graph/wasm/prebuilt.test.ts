import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PREBUILT } from '../../../graph/wasm/prebuilt.ts';
import { KERNELS, prebuiltSource } from '../../../scripts/wasm/kernels.ts';

describe('the prebuilt WebAssembly modules', () => {
  it('are the bytes the kernels write today (run `npm run wasm` after changing one)', () => {
    const file = readFileSync(new URL('../../../graph/wasm/prebuilt.ts', import.meta.url), 'utf8');
    expect(file).toBe(prebuiltSource());
    for (const [name, write] of Object.entries(KERNELS)) {
      expect(Buffer.from(PREBUILT[name], 'base64')).toEqual(Buffer.from(write()));
      expect(WebAssembly.validate(write())).toBe(true);
    }
  });
});
