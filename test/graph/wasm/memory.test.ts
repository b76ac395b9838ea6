import { describe, expect, it } from 'vitest';
import { SwayError } from '../../../graph/errors.ts';
import { growTo, sharedMemory, WASM_MAX_PAGES, WASM_PAGE } from '../../../graph/wasm/memory.ts';

describe('WebAssembly memories past 4 GiB', () => {
  it('refuse with the caller message as an options error (the CLI exits 2), not a crash', () => {
    const tooLarge = 'advocates: ask for less accuracy';
    const over = WASM_MAX_PAGES * WASM_PAGE + 1;
    for (const attempt of [
      () => sharedMemory(over, tooLarge),
      () => growTo(sharedMemory(0, tooLarge), over, tooLarge),
    ]) {
      let error: unknown = null;
      try {
        attempt();
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(SwayError);
      expect((error as SwayError).code).toBe('INVALID_OPTIONS');
      expect((error as SwayError).message).toBe(tooLarge);
    }
  });
});
