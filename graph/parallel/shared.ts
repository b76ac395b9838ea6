/**
 * Typed arrays in shared memory. Worker threads read a SharedArrayBuffer-backed array in place: posting it sends a
 * handle, not a copy, so a 50-million-edge snapshot is visible to every thread at no cost in time or memory.
 */
type SharedConstructor<T> = { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };
type AnyTypedArray = Int32Array | Uint32Array | Float32Array | Float64Array | Uint8Array;

/** A zero-filled typed array of `length` elements on a SharedArrayBuffer. */
export function sharedArray<T>(ctor: SharedConstructor<T>, length: number): T {
  return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
}

export function isShared(array: ArrayBufferView): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}

const copies = new WeakMap<object, object>();

/**
 * The array itself when it is already in shared memory, otherwise a shared copy, made once per array (kept while the
 * array lives). Arrays handed to parallel tasks go through this, so a snapshot built elsewhere still works.
 */
export function shareable<T extends AnyTypedArray>(array: T): T {
  if (isShared(array)) return array;
  const cached = copies.get(array);
  if (cached) return cached as T;
  const ctor = array.constructor as unknown as SharedConstructor<T>;
  const copy = sharedArray(ctor, array.length);
  (copy as AnyTypedArray).set(array as never);
  copies.set(array, copy);
  return copy;
}

/** A snapshot's adjacency as parallel tasks read it: the CSR arrays in shared memory, with the person count. */
export interface SharedAdjacency {
  nodeCount: number;
  outOffsets: Int32Array;
  outTargets: Int32Array;
  inOffsets: Int32Array;
  inSources: Int32Array;
}

const adjacencies = new WeakMap<object, SharedAdjacency>();

/** The shared adjacency of a snapshot, made once per snapshot (a no-copy view when the builder allocated it shared). */
export function sharedAdjacency(snapshot: SharedAdjacency): SharedAdjacency {
  let adjacency = adjacencies.get(snapshot);
  if (!adjacency) {
    adjacency = {
      nodeCount: snapshot.nodeCount,
      outOffsets: shareable(snapshot.outOffsets),
      outTargets: shareable(snapshot.outTargets),
      inOffsets: shareable(snapshot.inOffsets),
      inSources: shareable(snapshot.inSources),
    };
    adjacencies.set(snapshot, adjacency);
  }
  return adjacency;
}
