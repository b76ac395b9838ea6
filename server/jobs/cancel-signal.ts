/**
 * An AbortSignal driven by a flag in shared memory. A worker busy in a synchronous loop (PageRank, RR-set sampling)
 * never gets to process a "cancel" message, but the algorithms check `signal.aborted` at their safe points: here that
 * getter reads the shared flag, so a cancellation set by the API thread is seen at the next check, not when the loop
 * ends.
 * `poll()` also fires the signal's abort event for code that listens to it (call it from progress callbacks).
 */
export interface SharedCancellation {
  signal: AbortSignal;
  /** Fires the abort event when the flag is set; returns whether it is. */
  poll(): boolean;
}

export function sharedCancellation(buffer: SharedArrayBuffer): SharedCancellation {
  const flag = new Int32Array(buffer);
  const controller = new AbortController();
  const { signal } = controller;
  const flagged = () => Atomics.load(flag, 0) === 1;
  // The native state, read through the prototype's getter (the own property below shadows it).
  const nativeAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;
  const abortedNatively = () => nativeAborted.call(signal) as boolean;
  Object.defineProperty(signal, 'aborted', { get: () => flagged() || abortedNatively() });
  Object.defineProperty(signal, 'reason', { get: () => (flagged() ? 'cancelled' : undefined) });
  return {
    signal,
    poll() {
      if (flagged() && !abortedNatively()) controller.abort('cancelled');
      return flagged();
    },
  };
}

/** The API side: sets the flag a worker's shared cancellation reads. */
export function requestCancel(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer), 0, 1);
}
