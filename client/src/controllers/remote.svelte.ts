import { describeError, type Problem } from '../lib/errors.ts';

export type RemoteStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One piece of data fetched from the API with its loading and error state, so every panel shows the same loading,
 * empty and error states. A newer load supersedes an older one still in flight (typing in search, switching people):
 * late answers to old requests are dropped instead of overwriting newer data.
 */
export class Remote<T> {
  status = $state<RemoteStatus>('idle');
  /** Raw: API results are replaced whole, never mutated, so deep reactivity would only cost time on large views. */
  data = $state.raw<T | undefined>(undefined);
  problem = $state.raw<Problem | null>(null);
  #generation = 0;

  async load(fetcher: () => Promise<T>): Promise<void> {
    const generation = ++this.#generation;
    this.status = 'loading';
    this.problem = null;
    try {
      const data = await fetcher();
      if (generation !== this.#generation) return;
      this.data = data;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.problem = describeError(error);
      this.status = 'error';
    }
  }

  /** Forgets the data and any request in flight. */
  reset(): void {
    this.#generation++;
    this.status = 'idle';
    this.data = undefined;
    this.problem = null;
  }
}
