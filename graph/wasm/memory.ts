import { SwayError } from '../errors.ts';

/**
 * WebAssembly memories as Sway's kernels use them: byte sizes in pages of 64 KiB, at most 4 GiB, shared so that
 * worker threads read the same bytes (a shared memory reserves its maximum up front and never moves, so views made
 * before it grows stay valid).
 */
export const WASM_PAGE = 65536;
export const WASM_MAX_PAGES = 65536;

/**
 * Addresses of consecutive arrays of the given byte sizes from `base` on, each starting on an 8-byte boundary (so
 * 64-bit numbers can follow 32-bit ones), and where the last one ends.
 */
export function placeArrays<K extends string>(
  sizes: Record<K, number>,
  base = 0,
): { at: Record<K, number>; end: number } {
  const at = {} as Record<K, number>;
  let end = align8(base);
  for (const [key, bytes] of Object.entries(sizes) as Array<[K, number]>) {
    at[key] = end;
    end += align8(bytes);
  }
  return { at, end };
}

const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

/** A shared memory of at least `bytes` that can grow to 4 GiB; `tooLarge` is the error's message when it cannot. */
export function sharedMemory(bytes: number, tooLarge: string): WebAssembly.Memory {
  checkFits(bytes, tooLarge);
  return new WebAssembly.Memory({
    initial: Math.max(1, Math.ceil(bytes / WASM_PAGE)),
    maximum: WASM_MAX_PAGES,
    shared: true,
  });
}

/** Grows `memory` to hold at least `bytes`; `tooLarge` is the error's message when 4 GiB cannot. */
export function growTo(memory: WebAssembly.Memory, bytes: number, tooLarge: string): void {
  checkFits(bytes, tooLarge);
  const pages = Math.ceil(bytes / WASM_PAGE) - memory.buffer.byteLength / WASM_PAGE;
  if (pages > 0) memory.grow(pages);
}

/**
 * Room for arrays of these byte sizes claimed at the end of a shared memory, grown by the pages they need, and their
 * addresses. Growing a shared memory is atomic and returns its former size, so the pages claimed are the caller's
 * alone even while other threads claim theirs. `keepPages` pages past them must stay possible (room for later
 * claims); `tooLarge` is the error's message when the memory would pass 4 GiB.
 */
export function claimArrays<K extends string>(
  memory: WebAssembly.Memory,
  sizes: Record<K, number>,
  tooLarge: string,
  keepPages = 0,
): Record<K, number> {
  const pages = Math.ceil(placeArrays(sizes).end / WASM_PAGE);
  if (memory.buffer.byteLength / WASM_PAGE + pages + keepPages > WASM_MAX_PAGES)
    throw new SwayError('INVALID_OPTIONS', tooLarge);
  return placeArrays(sizes, memory.grow(pages) * WASM_PAGE).at;
}

function checkFits(bytes: number, tooLarge: string): void {
  // A limit of the memory, not a bug: the message says what to ask for instead.
  if (bytes > WASM_MAX_PAGES * WASM_PAGE) throw new SwayError('INVALID_OPTIONS', tooLarge);
}
