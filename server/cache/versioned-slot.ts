/**
 * A value loaded for a key (a graph or score version): requests for the current key share one load; while a newer key
 * loads, callers that accept it get the previous value at once (stale-while-revalidate), so publishing a new score
 * version never makes requests queue behind the load.
 */
export class VersionedSlot<T> {
  private value: { key: string; value: T } | null = null;
  private loading: { key: string; promise: Promise<T> } | null = null;

  constructor(private readonly onBackgroundError: (error: unknown) => void) {}

  get(key: string, load: () => Promise<T>, options: { allowStale: boolean }): T | Promise<T> {
    if (this.value?.key === key) return this.value.value;
    if (this.loading?.key !== key) {
      const promise: Promise<T> = load().then(
        (value) => {
          if (this.loading?.promise === promise) {
            this.value = { key, value };
            this.loading = null;
          }
          return value;
        },
        (error: unknown) => {
          if (this.loading?.promise === promise) this.loading = null;
          throw error;
        },
      );
      this.loading = { key, promise };
      if (this.value && options.allowStale) {
        promise.catch(this.onBackgroundError);
        return this.value.value;
      }
      return promise;
    }
    if (this.value && options.allowStale) return this.value.value;
    return this.loading.promise;
  }

  /** Forgets the value and any load in flight (a load that finishes later is not kept). */
  clear(): void {
    this.value = null;
    this.loading = null;
  }
}
