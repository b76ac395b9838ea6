import { describe, expect, it } from 'vitest';
import { SwayError } from '../../../graph/errors.ts';
import { claimArrays, growTo, sharedMemory, WASM_MAX_PAGES, WASM_PAGE } from '../../../graph/wasm/memory.ts';

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

describe('arrays claimed at the end of a shared memory', () => {
  it('lie past what the memory held, one claim after another, on 8-byte boundaries', () => {
    const memory = sharedMemory(100, 'too large');
    const first = claimArrays(memory, { a: 3, b: 10 }, 'too large');
    expect(first).toEqual({ a: WASM_PAGE, b: WASM_PAGE + 8 });
    const second = claimArrays(memory, { c: WASM_PAGE + 1 }, 'too large');
    expect(second).toEqual({ c: 2 * WASM_PAGE });
    expect(memory.buffer.byteLength).toBe(4 * WASM_PAGE);
  });

  it('refuse past 4 GiB, less the pages to keep, with the caller message as an options error', () => {
    const memory = sharedMemory(0, 'too large');
    const all = (WASM_MAX_PAGES - 1) * WASM_PAGE;
    let error: unknown = null;
    try {
      claimArrays(memory, { big: all }, 'advocates: too large', 1);
    } catch (thrown) {
      error = thrown;
    }
    expect((error as SwayError).code).toBe('INVALID_OPTIONS');
    expect((error as SwayError).message).toBe('advocates: too large');
    expect(memory.buffer.byteLength).toBe(WASM_PAGE);
  });
});
