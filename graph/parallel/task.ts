/**
 * A piece of work that splits into numbered chunks, each computed on its own from a shared context: the same code runs
 * on the calling thread and in the pool's workers, which find it by name in tasks.ts.
 *
 * - `context`: what every chunk reads, made of plain values and typed arrays in shared memory (see shared.ts), so
 *   posting it to a worker costs no copy.
 * - `prepare`: per-thread working state built from a context once (scratch arrays, samplers), reused across jobs on
 *   the same context.
 * - `run`: computes chunk `chunk`; its result must depend only on the context, the params and the chunk number, never
 *   on the thread that ran it or on the chunks that thread ran before (the results stay identical whatever the
 *   thread count). Typed arrays in a result are transferred back, not copied.
 */
export interface ParallelTask<C, S, P, R> {
  readonly name: string;
  prepare(context: C): S;
  run(state: S, params: P, chunk: number): R;
}

export function defineTask<C, S, P, R>(task: ParallelTask<C, S, P, R>): ParallelTask<C, S, P, R> {
  return task;
}
